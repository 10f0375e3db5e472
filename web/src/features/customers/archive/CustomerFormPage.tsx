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
  if (isMasked(customer.idNumber)) values.idNumber = undefined;
  return values;
}

const sameValue = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
const sameMoney = (a: string | null | undefined, b: string | null | undefined) =>
  a === null || a === undefined || b === null || b === undefined ? (a ?? null) === (b ?? null) : Number(a) === Number(b);

/** Only the fields that changed go into the PATCH; a masked ID number left empty stays as it is. */
function changedFields(customer: Customer, fields: CustomerFields): CustomerFields {
  const changes: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(fields) as [keyof CustomerFields, unknown][]) {
    const before = customer[field];
    if (field === 'idNumber' && value === null && isMasked(customer.idNumber) && customer.kind === fields.kind) continue;
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
  return (
    <Col xs={24} md={12} xl={8}>
      <Form.Item name={name} label={label[name]} rules={[{ max, message: `不能超过 ${max} 个字符` }]}>
        <Input maxLength={max} />
      </Form.Item>
    </Col>
  );
}

function DuplicateAlert({ existing, detail }: { existing: ExistingCustomer | null; detail: string }) {
  return (
    <Alert
      type="warning"
      showIcon
      data-testid="customer-duplicate"
      title="该客户已存在，请勿重复建档"
      description={
        <Flex vertical gap={4}>
          <span>{detail}</span>
          {existing && (
            <span>
              已有档案：{existing.name}（负责人 {existing.ownerName ?? '公海'}，状态 {existing.statusLabel}）
              {existing.id !== undefined && (
                <>
                  {' '}
                  <Link to={`/customers/${existing.id}`}>查看该客户</Link>
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
  const params = useParams();
  const editingId = params.id ? Number(params.id) : undefined;
  const customer = useCustomer(editingId);
  if (editingId !== undefined && !customer.data) {
    if (customer.isError || !Number.isSafeInteger(editingId)) {
      return (
        <PageContainer title="编辑客户">
          <Alert type="warning" showIcon title="客户不存在或您无权查看" />
        </PageContainer>
      );
    }
    return <Skeleton active paragraph={{ rows: 12 }} />;
  }
  return <CustomerForm customer={customer.data} />;
}

function CustomerForm({ customer }: { customer?: Customer }) {
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
      message.success(customer ? '客户档案已保存' : `已建档，客户编号 ${saved.code}`);
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

  const text = (max: number) => [{ max, message: `不能超过 ${max} 个字符` }];
  const col = { xs: 24, md: 12, xl: 8 };

  return (
    <PageContainer title={customer ? `编辑客户：${customer.name}` : '新建客户'} subtitle={customer ? `编号 ${customer.code}（编号不可修改）` : '带 * 的为必填项，其余可稍后补充'}>
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
          <Card size="small" title={sectionTitles.basic}>
            <Row gutter={16}>
              <Col {...col}>
                <Form.Item name="kind" label={label.kind}>
                  <Radio.Group optionType="button" options={(['organization', 'individual'] as const).map((value) => ({ value, label: kindLabel[value] }))} />
                </Form.Item>
              </Col>
              <Col {...col}>
                <Form.Item name="name" label={label.name} rules={[{ required: true, whitespace: true, message: '请填写客户名称' }, { min: 2, message: '客户名称至少 2 个字' }, ...text(100)]}>
                  <Input maxLength={100} autoFocus={!customer} placeholder="与营业执照一致，如 上海华通物流有限公司" />
                </Form.Item>
              </Col>
              <TextItem name="shortName" max={40} />
              {kind === 'organization' ? (
                <Col {...col}>
                  <Form.Item name="uscc" label={label.uscc} rules={[{ pattern: USCC_PATTERN, message: '统一社会信用代码应为 18 位数字或大写字母' }]}>
                    <Input maxLength={18} style={{ textTransform: 'uppercase' }} />
                  </Form.Item>
                </Col>
              ) : (
                <Col {...col}>
                  <Form.Item name="idNumber" label={label.idNumber} extra={isMasked(customer?.idNumber) ? `已脱敏（${customer?.idNumber}）；留空则保持不变` : undefined} rules={[{ pattern: /^\d{17}[\dXx]$/, message: '身份证号码应为 18 位' }]}>
                    <Input maxLength={18} />
                  </Form.Item>
                </Col>
              )}
              <Col {...col}>
                <Form.Item name="natureCode" label={label.natureCode}>
                  <Select options={natureOptions} allowClear />
                </Form.Item>
              </Col>
              <Col {...col}>
                <Form.Item name="industryCode" label={label.industryCode}>
                  <TreeSelect treeData={treeData(industry.data)} loading={industry.isLoading} showSearch={{ treeNodeFilterProp: 'title' }} allowClear placeholder="门类 / 大类（GB/T 4754）" />
                </Form.Item>
              </Col>
              <TextItem name="legalRepresentative" max={40} />
              <Col {...col}>
                <Form.Item name="registeredCapital" label={label.registeredCapital}>
                  <InputNumber<string> stringMode min="0" max="99999999999999.99" precision={2} style={{ width: '100%' }} />
                </Form.Item>
              </Col>
              <Col {...col}>
                <Form.Item name="employees" label={label.employees}>
                  <InputNumber min={0} max={10_000_000} precision={0} style={{ width: '100%' }} />
                </Form.Item>
              </Col>
              <Col {...col}>
                <Form.Item name="annualOutput" label={label.annualOutput}>
                  <InputNumber<string> stringMode min="0" max="99999999999999.99" precision={2} style={{ width: '100%' }} />
                </Form.Item>
              </Col>
              <Col {...col}>
                <Form.Item name="sourceCode" label={label.sourceCode}>
                  <Select options={sourceOptions} allowClear />
                </Form.Item>
              </Col>
              <Col {...col}>
                <Form.Item name="website" label={label.website} rules={text(200)}>
                  <Input maxLength={200} placeholder="https://" />
                </Form.Item>
              </Col>
              <TextItem name="reputation" max={200} />
              <TextItem name="profitability" max={200} />
              <Col xs={24}>
                <Form.Item name="mainProducts" label={label.mainProducts} rules={text(500)}>
                  <Input.TextArea autoSize={{ minRows: 1, maxRows: 4 }} maxLength={500} />
                </Form.Item>
              </Col>
            </Row>
          </Card>

          <Card size="small" title={sectionTitles.contact}>
            <Row gutter={16}>
              <Col {...col}>
                <Form.Item name="region" label={label.region}>
                  <Cascader options={regionOptions} changeOnSelect showSearch placeholder="省 / 市 / 区县" />
                </Form.Item>
              </Col>
              <Col xs={24} md={12} xl={16}>
                <Form.Item name="street" label={label.street} rules={text(200)}>
                  <Input maxLength={200} placeholder="街道、门牌号" />
                </Form.Item>
              </Col>
              <Col {...col}>
                <Form.Item name="postcode" label={label.postcode} rules={[{ pattern: POSTCODE_PATTERN, message: '邮编应为 6 位数字' }]}>
                  <Input maxLength={6} inputMode="numeric" />
                </Form.Item>
              </Col>
              <Col {...col}>
                <Form.Item name="phone" label={label.phone} rules={[{ pattern: PHONE_PATTERN, message: '电话格式应如 021-12345678 或 400-123-4567' }]}>
                  <Input maxLength={30} />
                </Form.Item>
              </Col>
              <Col {...col}>
                <Form.Item name="fax" label={label.fax} rules={[{ pattern: PHONE_PATTERN, message: '传真格式应如 021-12345678' }]}>
                  <Input maxLength={30} />
                </Form.Item>
              </Col>
              <Col {...col}>
                <Form.Item name="email" label={label.email} rules={contactRules.email}>
                  <Input maxLength={120} />
                </Form.Item>
              </Col>
            </Row>
          </Card>

          <Card size="small" title={sectionTitles.service}>
            <Row gutter={16}>
              <Col {...col}>
                <Form.Item name="serviceMode" label={label.serviceMode}>
                  <Radio.Group optionType="button" options={(['account_manager', 'resident'] as const).map((value) => ({ value, label: serviceModeLabel[value] }))} />
                </Form.Item>
              </Col>
              {canChooseOwner && (
                <Col {...col}>
                  <Form.Item name="ownerId" label={label.ownerName} extra="不选则由您本人负责">
                    <UserSelect />
                  </Form.Item>
                </Col>
              )}
            </Row>
          </Card>

          <Card size="small" title={sectionTitles.classification}>
            <Row gutter={16}>
              <Col {...col}>
                <Form.Item name="usageCodes" label={label.usageCodes}>
                  <TreeSelect treeData={treeData(usage.data)} loading={usage.isLoading} multiple treeDefaultExpandAll allowClear />
                </Form.Item>
              </Col>
              <Col {...col}>
                <Form.Item name="valueCode" label={label.valueCode}>
                  <Select options={valueOptions} allowClear />
                </Form.Item>
              </Col>
              <Col {...col}>
                <Form.Item name="strategicCode" label={label.strategicCode}>
                  <Select options={strategicOptions} allowClear />
                </Form.Item>
              </Col>
              <Col {...col}>
                <Form.Item name="lifecycleCode" label={label.lifecycleCode}>
                  <Select options={lifecycleOptions} />
                </Form.Item>
              </Col>
              <Col {...col}>
                <Form.Item name="tags" label={label.tags}>
                  <Select mode="tags" maxCount={30} tokenSeparators={[',', '，', ' ']} placeholder="输入后回车" />
                </Form.Item>
              </Col>
            </Row>
          </Card>

          {!customer && (
            <Card size="small" title={sectionTitles.contacts} extra="可先录入一位，其余在详情页添加">
              <InlineContactsFields />
            </Card>
          )}

          <Flex gap={8} justify="flex-end">
            <Button onClick={() => (customer ? navigate(`/customers/${customer.id}`) : navigate(-1))}>取消</Button>
            <Button type="primary" htmlType="submit" loading={mutation.isPending} data-testid="customer-save">
              {customer ? '保存' : '建档'}
            </Button>
          </Flex>
        </Flex>
      </Form>
    </PageContainer>
  );
}
