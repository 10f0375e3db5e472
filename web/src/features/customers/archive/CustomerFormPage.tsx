import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App as AntdApp, Button, Card, Cascader, Col, Flex, Form, Input, InputNumber, Radio, Row, Select, Skeleton, TreeSelect } from 'antd';
import type { FormInstance } from 'antd';
import { useMemo, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { isApiError } from '../../../app/api-client';
import { useAuth } from '../../../app/auth-context';
import { reportError } from '../../../app/feedback';
import { PageContainer } from '../../../ui/PageContainer';
import { useDictionaryItems, type DictionaryItems } from '../../dictionaries/dictionaries-api';
import { UserSelect } from '../../users/UserSelect';
import { contactRules, InlineContactsFields } from './ContactsPanel';
import {
  customerDictionaries,
  customerFieldLabel as label,
  kindLabel,
  PHONE_PATTERN,
  POSTCODE_PATTERN,
  sectionTitles,
  serviceModeLabel,
  USCC_PATTERN,
  normalizeCodeInput,
  normalizeTextInput,
} from '../labels';
import {
  createCustomer,
  customerQueryKey,
  customersQueryKey,
  isDuplicateCustomerError,
  isMasked,
  updateCustomer,
  useCustomer,
  type ContactBody,
  type Customer,
  type CustomerFields,
  type ExistingCustomer,
} from './customers-api';
import { regionOptions, regionPath } from './region-data';
import { useT } from '../../../app/i18n/LocaleProvider';
import { translatedRules } from '../../../app/i18n/dictionary';
import { TAG_SEPARATORS_WITH_SPACE } from '../../../ui/tag-input';

type TextField = Exclude<
  keyof CustomerFields,
  'kind' | 'usageCodes' | 'employees' | 'serviceMode' | 'collaboratorIds' | 'tags' | 'lifecycleCode' | 'province' | 'city' | 'district' | 'registeredCapital' | 'annualOutput'
>;

interface FormValues extends Omit<CustomerFields, 'province' | 'city' | 'district' | 'registeredCapital' | 'annualOutput'> {
  region?: string[];
  registeredCapital?: string | number | null;
  annualOutput?: string | number | null;
  ownerId?: number;
  contacts?: Partial<ContactBody>[];
}

const textFields: TextField[] = [
  'name', 'shortName', 'uscc', 'idNumber', 'natureCode', 'industryCode', 'legalRepresentative', 'mainProducts', 'reputation',
  'profitability', 'website', 'sourceCode', 'street', 'postcode', 'phone', 'fax', 'email', 'valueCode', 'strategicCode',
];

const trimmed = (value: unknown) => (typeof value === 'string' ? value.trim() || null : null);
const moneyText = (value: string | number | null | undefined) => (value === null || value === undefined || value === '' ? null : String(value));

/** Form values → the archive's fields (create body, or the base of a PATCH diff). */
function toFields(values: FormValues): CustomerFields {
  const fields: CustomerFields = {
    kind: values.kind ?? 'organization',
    usageCodes: values.usageCodes ?? [],
    tags: values.tags ?? [],
    employees: values.employees ?? null,
    serviceMode: values.serviceMode ?? 'account_manager',
    lifecycleCode: values.lifecycleCode ?? 'potential',
    registeredCapital: moneyText(values.registeredCapital),
    annualOutput: moneyText(values.annualOutput),
    province: values.region?.[0] ?? null,
    city: values.region?.[1] ?? null,
    district: values.region?.[2] ?? null,
  };
  for (const field of textFields) (fields as Record<string, unknown>)[field] = trimmed(values[field]);
  if (fields.uscc) fields.uscc = fields.uscc.toUpperCase();
  if (fields.kind === 'organization') fields.idNumber = null;
  else fields.uscc = null;
  return fields;
}

function toFormValues(customer: Customer): FormValues {
  const values: FormValues = {
    kind: customer.kind,
    usageCodes: customer.usageCodes,
    tags: customer.tags,
    employees: customer.employees,
    serviceMode: customer.serviceMode,
    lifecycleCode: customer.lifecycleCode,
    registeredCapital: customer.registeredCapital,
    annualOutput: customer.annualOutput,
    region: regionPath(customer.province, customer.city, customer.district),
  };
  for (const field of textFields) (values as Record<string, unknown>)[field] = customer[field] ?? undefined;
  for (const field of maskedCustomerFields) if (isMasked(customer[field])) (values as Record<string, unknown>)[field] = undefined;
  return values;
}

const sameValue = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
const sameMoney = (a: string | null | undefined, b: string | null | undefined) =>
  a === null || a === undefined || b === null || b === undefined ? (a ?? null) === (b ?? null) : Number(a) === Number(b);

/** Shown masked without sensitive:view (R-PLT-04); the form starts them empty. */
const maskedCustomerFields = ['idNumber', 'phone', 'email'] as const;

/** Only the fields that changed go into the PATCH; a masked value left empty stays as it is. */
function changedFields(customer: Customer, fields: CustomerFields): CustomerFields {
  const changes: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(fields) as [keyof CustomerFields, unknown][]) {
    const before = customer[field];
    // An empty input over a masked value means "leave it as it is".
    if (field === 'idNumber' && value === null && isMasked(customer.idNumber) && customer.kind === fields.kind) continue;
    if ((field === 'phone' || field === 'email') && value === null && isMasked(customer[field])) continue;
    if (field === 'registeredCapital' || field === 'annualOutput' ? sameMoney(before as string | null, value as string | null) : sameValue(before, value)) continue;
    changes[field] = value;
  }
  return changes as CustomerFields;
}

/** Server field errors under the matching items: `contacts.0.mobile` → the first contact's mobile. */
function applyFieldErrors(form: FormInstance<FormValues>, error: unknown): boolean {
  if (!isApiError(error) || error.fieldErrors.length === 0) return false;
  form.setFields(
    error.fieldErrors.map((item) => {
      const path = item.field.split('.').map((part) => (/^\d+$/.test(part) ? Number(part) : part));
      const name = ['province', 'city', 'district'].includes(String(path[0])) ? ['region'] : path[0] === 'contacts' ? path : [path[0]!];
      return { name, errors: [item.message] };
    }) as Parameters<typeof form.setFields>[0],
  );
  return true;
}

/** Dictionary items as TreeSelect data: sections with their divisions (industry, usage). */
function treeData(data: DictionaryItems | undefined) {
  const source = data?.tree ?? data?.items.map((item) => ({ ...item, children: [] })) ?? [];
  return source.map((node) => ({
    value: node.code,
    title: node.label,
    children: node.children.map((child) => ({ value: child.code, title: child.label })),
  }));
}

function useOptions(code: string) {
  const items = useDictionaryItems(code);
  return useMemo(() => (items.data?.items ?? []).map((item) => ({ value: item.code, label: item.label })), [items.data]);
}

/** A plain text input in the section grid, labelled from the shared field labels. */
function TextItem({ name, max }: { name: TextField & keyof typeof label; max: number }) {
  const t = useT();
  return (
    <Col xs={24} md={12} xl={8}>
      <Form.Item name={name} label={t(label[name])} rules={[{ max, message: t('customers.archive.atMostCharacters', { max }) }]}>
        <Input maxLength={max} />
      </Form.Item>
    </Col>
  );
}

function DuplicateAlert({ existing, detail }: { existing: ExistingCustomer | null; detail: string }) {
  const t = useT();
  return (
    <Alert
      type="warning"
      showIcon
      data-testid="customer-duplicate"
      title={t('customers.archive.thisCustomerAlreadyExistsDo')}
      description={
        <Flex vertical gap={4}>
          <span>{detail}</span>
          {existing && (
            <span>
              {t('customers.archive.existingRecord')}{existing.name}{t('customers.archive.owner')}{' '}{existing.ownerName ?? t('customers.archive.sharedPool')}{t('customers.archive.status')}{' '}{existing.statusLabel}）
              {existing.id !== undefined && (
                <>
                  {' '}
                  <Link to={`/customers/${existing.id}`}>{t('customers.archive.openThisCustomer')}</Link>
                </>
              )}
            </span>
          )}
        </Flex>
      }
    />
  );
}

/** 新建 / 编辑客户档案 — routes `/customers/new` and `/customers/:id/edit`. */
export function CustomerFormPage() {
  const t = useT();
  const params = useParams();
  const editingId = params.id ? Number(params.id) : undefined;
  const customer = useCustomer(editingId);
  if (editingId !== undefined && !customer.data) {
    if (customer.isError || !Number.isSafeInteger(editingId)) {
      return (
        <PageContainer title={t('customers.archive.editCustomer2')}>
          <Alert type="warning" showIcon title={t('customers.archive.theCustomerDoesNotExist')} />
        </PageContainer>
      );
    }
    return <Skeleton active paragraph={{ rows: 12 }} />;
  }
  return <CustomerForm customer={customer.data} />;
}

function CustomerForm({ customer }: { customer?: Customer }) {
  const t = useT();
  const { message } = AntdApp.useApp();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const { hasPermission } = useAuth();
  const [form] = Form.useForm<FormValues>();
  const [duplicate, setDuplicate] = useState<{ existing: ExistingCustomer | null; detail: string } | null>(null);
  const kind = Form.useWatch('kind', form) ?? customer?.kind ?? 'organization';
  const industry = useDictionaryItems(customerDictionaries.industryCode);
  const usage = useDictionaryItems(customerDictionaries.usageCodes);
  const natureOptions = useOptions(customerDictionaries.natureCode);
  const sourceOptions = useOptions(customerDictionaries.sourceCode);
  const valueOptions = useOptions(customerDictionaries.valueCode);
  const strategicOptions = useOptions(customerDictionaries.strategicCode);
  const lifecycleOptions = useOptions(customerDictionaries.lifecycleCode);
  const canChooseOwner = !customer && hasPermission('development:assign') && hasPermission('user:read');

  const initialValues = useMemo<FormValues>(
    () => (customer ? toFormValues(customer) : { kind: 'organization', serviceMode: 'account_manager', lifecycleCode: 'potential', contacts: [{}] }),
    [customer],
  );

  const mutation = useMutation({
    meta: { silent: true },
    mutationFn: (values: FormValues) => {
      const fields = toFields(values);
      if (customer) return updateCustomer(customer.id, { ...changedFields(customer, fields), version: customer.version });
      const contacts = (values.contacts ?? [])
        .filter((contact) => Object.values(contact).some((value) => trimmed(value)))
        .map((contact) => ({
          name: trimmed(contact.name) ?? '',
          title: trimmed(contact.title),
          mobile: trimmed(contact.mobile),
          phone: trimmed(contact.phone),
          email: trimmed(contact.email),
          decisionRole: contact.decisionRole ?? null,
        }));
      return createCustomer({ ...fields, name: fields.name ?? '', ownerId: values.ownerId, contacts });
    },
    onSuccess: async (saved) => {
      message.success(customer ? t('customers.archive.customerSaved') : t('customers.archive.filedAsCustomer', { code: saved.code }));
      queryClient.setQueryData(customerQueryKey(saved.id), saved);
      await queryClient.invalidateQueries({ queryKey: customersQueryKey, predicate: (query) => query.queryKey[1] !== saved.id });
      navigate(`/customers/${saved.id}`);
    },
    onError: (error) => {
      const placed = applyFieldErrors(form, error);
      if (isDuplicateCustomerError(error)) {
        setDuplicate({ existing: error.existing, detail: error.detail });
        window.scrollTo({ top: 0, behavior: 'smooth' });
      } else if (!placed || (isApiError(error) && error.code !== 'VALIDATION_FAILED')) {
        reportError(error);
      }
    },
  });

  const text = (max: number) => [{ max, message: t('customers.archive.atMostCharacters', { max }) }];
  const col = { xs: 24, md: 12, xl: 8 };

  return (
    <PageContainer title={customer ? t('customers.archive.editCustomer', { name: customer.name }) : t('customers.archive.newCustomer')} subtitle={customer ? t('customers.archive.codeCannotBeChanged', { code: customer.code }) : t('customers.archive.fieldsMarkedAreRequiredThe')}>
      {duplicate && <DuplicateAlert existing={duplicate.existing} detail={duplicate.detail} />}
      <Form<FormValues>
        form={form}
        layout="vertical"
        initialValues={initialValues}
        onFinish={(values) => {
          setDuplicate(null);
          mutation.mutate(values);
        }}
        scrollToFirstError
      >
        <Flex vertical gap={16}>
          <Card size="small" title={t(sectionTitles.basic)}>
            <Row gutter={16}>
              <Col {...col}>
                <Form.Item name="kind" label={t(label.kind)}>
                  <Radio.Group optionType="button" options={(['organization', 'individual'] as const).map((value) => ({ value, label: t(kindLabel[value]) }))} />
                </Form.Item>
              </Col>
              <Col {...col}>
                <Form.Item name="name" label={t(label.name)} rules={[{ required: true, whitespace: true, message: t('customers.archive.pleaseEnterTheCustomerName') }, { min: 2, message: t('customers.archive.theCustomerNameNeedsAt') }, ...text(100)]}>
                  <Input maxLength={100} autoFocus={!customer} placeholder={t('customers.archive.asOnTheBusinessLicence')} />
                </Form.Item>
              </Col>
              <TextItem name="shortName" max={40} />
              {kind === 'organization' ? (
                <Col {...col}>
                  <Form.Item name="uscc" label={t(label.uscc)} normalize={normalizeCodeInput} rules={[{ pattern: USCC_PATTERN, message: t('customers.archive.aUnifiedSocialCreditCode') }]}>
                    <Input maxLength={18} style={{ textTransform: 'uppercase' }} />
                  </Form.Item>
                </Col>
              ) : (
                <Col {...col}>
                  <Form.Item name="idNumber" label={t(label.idNumber)} normalize={normalizeCodeInput} extra={isMasked(customer?.idNumber) ? t('customers.archive.maskedLeaveEmptyToKeep2', { idNumber: customer?.idNumber ?? '' }) : undefined} rules={[{ pattern: /^\d{17}[\dXx]$/, message: t('customers.archive.aResidentIdNumberHas') }]}>
                    <Input maxLength={18} />
                  </Form.Item>
                </Col>
              )}
              <Col {...col}>
                <Form.Item name="natureCode" label={t(label.natureCode)}>
                  <Select options={natureOptions} allowClear />
                </Form.Item>
              </Col>
              <Col {...col}>
                <Form.Item name="industryCode" label={t(label.industryCode)}>
                  <TreeSelect treeData={treeData(industry.data)} loading={industry.isLoading} showSearch={{ treeNodeFilterProp: 'title' }} allowClear placeholder={t('customers.archive.sectionDivisionGbT4754')} />
                </Form.Item>
              </Col>
              <TextItem name="legalRepresentative" max={40} />
              <Col {...col}>
                <Form.Item name="registeredCapital" label={t(label.registeredCapital)}>
                  <InputNumber<string> stringMode min="0" max="99999999999999.99" precision={2} style={{ width: '100%' }} />
                </Form.Item>
              </Col>
              <Col {...col}>
                <Form.Item name="employees" label={t(label.employees)}>
                  <InputNumber min={0} max={10_000_000} precision={0} style={{ width: '100%' }} />
                </Form.Item>
              </Col>
              <Col {...col}>
                <Form.Item name="annualOutput" label={t(label.annualOutput)}>
                  <InputNumber<string> stringMode min="0" max="99999999999999.99" precision={2} style={{ width: '100%' }} />
                </Form.Item>
              </Col>
              <Col {...col}>
                <Form.Item name="sourceCode" label={t(label.sourceCode)}>
                  <Select options={sourceOptions} allowClear />
                </Form.Item>
              </Col>
              <Col {...col}>
                <Form.Item name="website" label={t(label.website)} rules={text(200)}>
                  <Input maxLength={200} placeholder="https://" />
                </Form.Item>
              </Col>
              <TextItem name="reputation" max={200} />
              <TextItem name="profitability" max={200} />
              <Col xs={24}>
                <Form.Item name="mainProducts" label={t(label.mainProducts)} rules={text(500)}>
                  <Input.TextArea autoSize={{ minRows: 1, maxRows: 4 }} maxLength={500} />
                </Form.Item>
              </Col>
            </Row>
          </Card>

          <Card size="small" title={t(sectionTitles.contact)}>
            <Row gutter={16}>
              <Col {...col}>
                <Form.Item name="region" label={t(label.region)}>
                  <Cascader options={regionOptions} changeOnSelect showSearch placeholder={t('customers.archive.provinceCityDistrict')} />
                </Form.Item>
              </Col>
              <Col xs={24} md={12} xl={16}>
                <Form.Item name="street" label={t(label.street)} rules={text(200)}>
                  <Input maxLength={200} placeholder={t('customers.archive.streetAndNumber')} />
                </Form.Item>
              </Col>
              <Col {...col}>
                <Form.Item name="postcode" label={t(label.postcode)} normalize={normalizeCodeInput} rules={[{ pattern: POSTCODE_PATTERN, message: t('customers.archive.aPostcodeHas6Digits') }]}>
                  <Input maxLength={6} inputMode="numeric" />
                </Form.Item>
              </Col>
              <Col {...col}>
                <Form.Item
                  name="phone"
                  label={t(label.phone)}
                  normalize={normalizeTextInput}
                  rules={[{ pattern: PHONE_PATTERN, message: t('customers.archive.aPhoneNumberLooksLike') }]}
                  extra={isMasked(customer?.phone) ? t('customers.archive.maskedLeaveEmptyToKeep') : undefined}
                >
                  <Input maxLength={30} placeholder={isMasked(customer?.phone) ? (customer?.phone ?? undefined) : undefined} />
                </Form.Item>
              </Col>
              <Col {...col}>
                <Form.Item name="fax" label={t(label.fax)} rules={[{ pattern: PHONE_PATTERN, message: t('customers.archive.aFaxNumberLooksLike') }]}>
                  <Input maxLength={30} />
                </Form.Item>
              </Col>
              <Col {...col}>
                <Form.Item
                  name="email"
                  label={t(label.email)}
                  rules={translatedRules(t, contactRules.email)}
                  extra={isMasked(customer?.email) ? t('customers.archive.maskedLeaveEmptyToKeep') : undefined}
                >
                  <Input maxLength={120} placeholder={isMasked(customer?.email) ? (customer?.email ?? undefined) : undefined} />
                </Form.Item>
              </Col>
            </Row>
          </Card>

          <Card size="small" title={t(sectionTitles.service)}>
            <Row gutter={16}>
              <Col {...col}>
                <Form.Item name="serviceMode" label={t(label.serviceMode)}>
                  <Radio.Group optionType="button" options={(['account_manager', 'resident'] as const).map((value) => ({ value, label: t(serviceModeLabel[value]) }))} />
                </Form.Item>
              </Col>
              {canChooseOwner && (
                <Col {...col}>
                  <Form.Item name="ownerId" label={t(label.ownerName)} extra={t('customers.archive.leaveEmptyToOwnIt')}>
                    <UserSelect />
                  </Form.Item>
                </Col>
              )}
            </Row>
          </Card>

          <Card size="small" title={t(sectionTitles.classification)}>
            <Row gutter={16}>
              <Col {...col}>
                <Form.Item name="usageCodes" label={t(label.usageCodes)}>
                  <TreeSelect treeData={treeData(usage.data)} loading={usage.isLoading} multiple treeDefaultExpandAll allowClear />
                </Form.Item>
              </Col>
              <Col {...col}>
                <Form.Item name="valueCode" label={t(label.valueCode)}>
                  <Select options={valueOptions} allowClear />
                </Form.Item>
              </Col>
              <Col {...col}>
                <Form.Item name="strategicCode" label={t(label.strategicCode)}>
                  <Select options={strategicOptions} allowClear />
                </Form.Item>
              </Col>
              <Col {...col}>
                <Form.Item name="lifecycleCode" label={t(label.lifecycleCode)}>
                  <Select options={lifecycleOptions} />
                </Form.Item>
              </Col>
              <Col {...col}>
                <Form.Item name="tags" label={t(label.tags)}>
                  <Select mode="tags" maxCount={30} tokenSeparators={TAG_SEPARATORS_WITH_SPACE} placeholder={t('customers.archive.typeAndPressEnter')} />
                </Form.Item>
              </Col>
            </Row>
          </Card>

          {!customer && (
            <Card size="small" title={t(sectionTitles.contacts)} extra={t('customers.archive.enterOneNowAndThe')}>
              <InlineContactsFields />
            </Card>
          )}

          <Flex gap={8} justify="flex-end">
            <Button onClick={() => (customer ? navigate(`/customers/${customer.id}`) : navigate(-1))}>{t('common.cancel')}</Button>
            <Button type="primary" htmlType="submit" loading={mutation.isPending} data-testid="customer-save">
              {customer ? t('common.save') : t('customers.archive.fileCustomer')}
            </Button>
          </Flex>
        </Flex>
      </Form>
    </PageContainer>
  );
}
