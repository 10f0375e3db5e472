import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App as AntdApp, Button, Col, Drawer, Form, Input, InputNumber, Radio, Row, Select, Space, type FormInstance } from 'antd';
import { useEffect, useState } from 'react';
import { isApiError } from '../../../app/api-client';
import { formatDateTime } from '../../../ui/format';
import { searchCustomers } from '../../customers/search/list-api';
import { useDictionaryItems } from '../../dictionaries/dictionaries-api';
import {
  createRegistration,
  exclusiveRightQueryKey,
  registrationsQueryKey,
  searchPool,
  useExclusiveRight,
  type CreateRegistrationBody,
  type Registration,
} from './registrations-api';
import { useT } from '../../../app/i18n/LocaleProvider';

interface FormValues {
  mode: 'existing' | 'new';
  customerId?: number;
  newCustomer?: { name: string; uscc?: string; industryCode?: string; sourceCode?: string; contactName?: string; contactMobile?: string };
  intendedBusiness: string;
  plan: string;
  expectedValue?: number | null;
}

/** Field errors from the server: `newCustomer.name` → the nested form item. */
function applyErrors(form: FormInstance<FormValues>, error: unknown): boolean {
  if (!isApiError(error) || error.fieldErrors.length === 0) return false;
  const known = new Set(['customerId', 'intendedBusiness', 'plan', 'expectedValue', 'newCustomer.name', 'newCustomer.uscc', 'newCustomer.industryCode', 'newCustomer.sourceCode']);
  const placed = error.fieldErrors.filter((item) => known.has(item.field));
  form.setFields(placed.map((item) => ({ name: item.field.split('.') as never, errors: [item.message] })));
  return placed.length > 0;
}

/** Visible customers and pool customers (公海) in one search box. */
function CustomerPicker({ value, onChange, initial }: { value?: number; onChange?: (id: number) => void; initial?: { id: number; name: string } }) {
  const t = useT();
  const [q, setQ] = useState('');
  const enabled = q.trim().length >= 2;
  const visible = useQuery({ queryKey: ['customer-search', q], queryFn: () => searchCustomers(q, 8), enabled, meta: { silent: true } });
  const pool = useQuery({ queryKey: ['development', 'pool-search', q], queryFn: () => searchPool(q), enabled, meta: { silent: true } });
  const mine = (visible.data?.items ?? []).map((hit) => ({
    value: hit.id,
    label: `${hit.name}（${hit.code}，${hit.ownerName ? t('development.registrations.owner', { ownerName: hit.ownerName }) : t('development.registrations.sharedPool2')}）`,
  }));
  const seen = new Set(mine.map((option) => option.value));
  const fromPool = (pool.data?.items ?? []).filter((hit) => !seen.has(hit.id)).map((hit) => ({ value: hit.id, label: t('development.registrations.sharedPool', { name: hit.name, v1: hit.city ? `，${hit.city}` : '' }) }));
  const options = [
    ...(initial && !seen.has(initial.id) ? [{ label: t('development.registrations.currentCustomer'), options: [{ value: initial.id, label: initial.name }] }] : []),
    ...(mine.length ? [{ label: t('development.registrations.customersICanSee'), options: mine }] : []),
    ...(fromPool.length ? [{ label: t('development.registrations.sharedPoolARegistrationTakes'), options: fromPool }] : []),
  ];
  return (
    <Select aria-label={t('development.registrations.searchByCustomerNameCode')}
      showSearch={{ filterOption: false, onSearch: setQ }}
      value={value}
      onChange={onChange}
      placeholder={t('development.registrations.searchByCustomerNameCode')}
      loading={visible.isFetching || pool.isFetching}
      options={options}
      notFoundContent={enabled ? t('development.registrations.noCustomerFoundChooseNew') : null}
      data-testid="registration-customer"
    />
  );
}

function HolderWarning({ customerId }: { customerId?: number }) {
  const t = useT();
  const right = useExclusiveRight(customerId).data?.right;
  if (!right) return null;
  const until = right.until ? t('development.registrations.exclusiveUntil2', { v0: formatDateTime(right.until) }) : t('development.registrations.registrationInApproval2');
  return <Alert type="warning" showIcon style={{ marginBottom: 16 }} title={t('development.registrations.hasRegisteredThisCustomer', { holderName: right.holderName, unitName: right.unitName, number: right.number, until })} />;
}

/** 新建报备: an existing customer (mine or from the pool) or a new prospect (建档 with 查重). */
export function RegistrationFormDrawer({
  open,
  onClose,
  customer,
  onCreated,
}: {
  open: boolean;
  onClose: () => void;
  customer?: { id: number; name: string };
  onCreated?: (registration: Registration) => void;
}) {
  const t = useT();
  const [form] = Form.useForm<FormValues>();
  const { message } = AntdApp.useApp();
  const queryClient = useQueryClient();
  const [refusal, setRefusal] = useState<string | null>(null);
  const mode = Form.useWatch('mode', form) ?? 'existing';
  const customerId = Form.useWatch('customerId', form);
  const industries = useDictionaryItems('industry');
  const sources = useDictionaryItems('customer_source');

  useEffect(() => {
    if (open) {
      form.resetFields();
      setRefusal(null);
      form.setFieldsValue({ mode: 'existing', customerId: customer?.id });
    }
  }, [open, customer, form]);

  const save = useMutation({
    mutationFn: (values: FormValues) => {
      const prospect = values.newCustomer;
      const body: CreateRegistrationBody = {
        intendedBusiness: values.intendedBusiness.trim(),
        plan: values.plan.trim(),
        expectedValue: values.expectedValue ?? null,
        ...(values.mode === 'existing'
          ? { customerId: values.customerId }
          : {
              newCustomer: {
                name: prospect!.name.trim(),
                uscc: prospect?.uscc?.trim() || null,
                industryCode: prospect?.industryCode ?? null,
                sourceCode: prospect?.sourceCode ?? null,
                contact: prospect?.contactName?.trim() ? { name: prospect.contactName.trim(), mobile: prospect.contactMobile?.trim() || null } : null,
              },
            }),
      };
      return createRegistration(body);
    },
    meta: { silent: true },
    onSuccess: async (created) => {
      message.success(t('development.registrations.registrationSubmittedForApproval', { number: created.number }));
      await queryClient.invalidateQueries({ queryKey: registrationsQueryKey });
      await queryClient.invalidateQueries({ queryKey: exclusiveRightQueryKey(created.customerId) });
      onCreated?.(created);
      onClose();
    },
    onError: (error) => {
      const detail = error instanceof Error ? error.message : String(error);
      applyErrors(form, error);
      setRefusal(detail);
    },
  });

  const options = (query: typeof industries) => (query.data?.items ?? []).map((item) => ({ value: item.code, label: item.label }));
  return (
    <Drawer
      title={t('development.registrations.newRegistration')}
      open={open}
      onClose={onClose}
      size={560}
      destroyOnHidden
      extra={
        <Space>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button type="primary" loading={save.isPending} onClick={() => form.submit()} data-testid="registration-submit">
            {t('development.registrations.submitRegistration')}
                      </Button>
        </Space>
      }
    >
      {refusal && <Alert type="error" showIcon closable style={{ marginBottom: 16 }} title={t('development.registrations.registrationNotSubmitted')} description={refusal} data-testid="registration-refusal" />}
      <Form form={form} layout="vertical" requiredMark="optional" onFinish={(values) => save.mutate(values)} onValuesChange={() => setRefusal(null)}>
        {!customer && (
          <Form.Item name="mode" label={t('development.registrations.customer')}>
            <Radio.Group
              optionType="button"
              options={[
                { value: 'existing', label: t('development.registrations.existingPoolCustomer') },
                { value: 'new', label: t('development.registrations.newCustomerFiledWithIt') },
              ]}
            />
          </Form.Item>
        )}
        {mode === 'existing' ? (
          <>
            <Form.Item name="customerId" label={t('audit.entity.customer')} rules={[{ required: true, message: t('development.registrations.pleaseChooseACustomer') }]}>
              {customer ? <Select disabled options={[{ value: customer.id, label: customer.name }]} /> : <CustomerPicker />}
            </Form.Item>
            <HolderWarning customerId={customerId} />
          </>
        ) : (
          <>
            <Form.Item name={['newCustomer', 'name']} label={t('development.registrations.customerName')} rules={[{ required: true, message: t('development.registrations.pleaseEnterTheCustomerName') }, { min: 2, message: t('development.registrations.theCustomerNameNeedsAt') }]}>
              <Input maxLength={100} placeholder={t('development.registrations.fullNameAsOnThe')} />
            </Form.Item>
            <Row gutter={12}>
              <Col span={12}>
                <Form.Item name={['newCustomer', 'uscc']} label={t('development.registrations.unifiedSocialCreditCode')}>
                  <Input maxLength={18} />
                </Form.Item>
              </Col>
              <Col span={12}>
                <Form.Item name={['newCustomer', 'industryCode']} label={t('development.registrations.industry')}>
                  <Select allowClear options={options(industries)} loading={industries.isLoading} />
                </Form.Item>
              </Col>
              <Col span={12}>
                <Form.Item name={['newCustomer', 'sourceCode']} label={t('development.registrations.source')}>
                  <Select allowClear options={options(sources)} loading={sources.isLoading} />
                </Form.Item>
              </Col>
              <Col span={12}>
                <Form.Item name={['newCustomer', 'contactName']} label={t('development.registrations.contacts')}>
                  <Input maxLength={40} />
                </Form.Item>
              </Col>
              <Col span={12}>
                <Form.Item name={['newCustomer', 'contactMobile']} label={t('development.registrations.contactMobile')} rules={[{ pattern: /^1[3-9]\d{9}$/, message: t('development.registrations.aMobileNumberHas11') }]}>
                  <Input maxLength={11} />
                </Form.Item>
              </Col>
            </Row>
          </>
        )}
        <Form.Item name="intendedBusiness" label={t('development.registrations.intendedBusiness')} rules={[{ required: true, message: t('development.registrations.pleaseEnterTheIntendedBusiness') }]}>
          <Input maxLength={200} placeholder={t('development.registrations.eG5000M')} />
        </Form.Item>
        <Form.Item name="plan" label={t('development.registrations.plan')} rules={[{ required: true, message: t('development.registrations.pleaseEnterThePlan') }]}>
          <Input.TextArea rows={4} maxLength={2000} showCount placeholder={t('development.registrations.visitsQuotationMilestonesKeyContacts')} />
        </Form.Item>
        <Form.Item name="expectedValue" label={t('development.registrations.expectedValueCny')}>
          <InputNumber min={0} precision={2} style={{ width: '100%' }} />
        </Form.Item>
      </Form>
    </Drawer>
  );
}
