import { PlusOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App as AntdApp, Button, DatePicker, Flex, Form, Input, InputNumber, Modal, Radio, Select, Table, Tabs, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { api, apiRequest } from '../../app/api-client';
import { useAuth } from '../../app/auth-context';
import { useT } from '../../app/i18n/LocaleProvider';
import { applyServerFieldErrors } from '../../ui/form-errors';
import { PageContainer } from '../../ui/PageContainer';
import { CustomerPicker } from '../customers/search/CustomerPicker';
import { useDictionaryItems } from '../dictionaries/dictionaries-api';
import { money } from './billing-api';
import { businessToday } from '../../ui/business-date';

interface Discount {
  id: number;
  customerId: number;
  customerName: string;
  kind: 'rate' | 'amount';
  rate: string | null;
  amount: string | null;
  itemNames: string[];
  validFrom: string;
  validTo: string;
  reason: string;
  status: 'pending' | 'approved' | 'rejected' | 'withdrawn';
  level: 1 | 2 | 3;
}
interface Ceiling {
  grade: string;
  gradeName: string;
  unitRate: string;
  unitAmount: string;
  nextRate: string;
  nextAmount: string;
}
interface Executed {
  contractId: number;
  contractNumber: string;
  customerName: string;
  unitCode: string;
  listPrice: string;
  contractPrice: string;
  impliedRate: string;
  approvedRate: string | null;
  withinApproval: boolean;
}
type Values = { customerId: number; kind: 'rate' | 'amount'; rate?: string; amount?: string; items: string[]; range: [dayjs.Dayjs, dayjs.Dayjs]; reason: string };
const statusColor: Record<Discount['status'], string> = { pending: 'gold', approved: 'green', rejected: 'red', withdrawn: 'default' };

/** 资费优惠 (R-BIL-20): requests with their approval level, rates masked without sensitive:view, and the executed-discount report. */
export function DiscountsPage() {
  const t = useT();
  const { message } = AntdApp.useApp();
  const { hasPermission } = useAuth();
  const queryClient = useQueryClient();
  const [applying, setApplying] = useState(false);
  const [form] = Form.useForm<Values>();
  const kind = Form.useWatch('kind', form);
  const items = useDictionaryItems('charge_item');
  const list = useQuery({ queryKey: ['discounts'], queryFn: () => api.get<Discount[]>('/discounts') });
  const ceilings = useQuery({ queryKey: ['discount-ceilings'], queryFn: () => api.get<Ceiling[]>('/discount-ceilings') });
  const [editing, setEditing] = useState<Ceiling>();
  const [ceilingForm] = Form.useForm<Omit<Ceiling, 'grade' | 'gradeName'>>();
  const saveCeiling = useMutation({
    mutationFn: (values: Omit<Ceiling, 'grade' | 'gradeName'>) => apiRequest<Ceiling[]>(`/discount-ceilings/${encodeURIComponent(editing!.grade)}`, { method: 'PUT', body: values }),
    onSuccess: async () => {
      message.success(t('common.saved'));
      setEditing(undefined);
      await queryClient.invalidateQueries({ queryKey: ['discount-ceilings'] });
    },
    onError: (error: Error) => {
      if (!applyServerFieldErrors(ceilingForm, error)) message.error(error.message);
    },
  });
  const executed = useQuery({ queryKey: ['discounts', 'executed'], queryFn: () => api.get<Executed[]>('/discounts/executed'), enabled: hasPermission('report:read') });
  const apply = useMutation({
    mutationFn: (v: Values) => api.post<Discount>('/discounts', { customerId: v.customerId, kind: v.kind, rate: v.kind === 'rate' ? v.rate : undefined, amount: v.kind === 'amount' ? v.amount : undefined, items: v.items, validFrom: v.range[0].format('YYYY-MM-DD'), validTo: v.range[1].format('YYYY-MM-DD'), reason: v.reason }),
    onSuccess: async () => {
      message.success(t('adjustments.submitted'));
      setApplying(false);
      form.resetFields();
      await queryClient.invalidateQueries({ queryKey: ['discounts'] });
    },
    onError: (error: Error) => {
      if (!applyServerFieldErrors(form, error)) message.error(error.message);
    },
  });
  const requests = (
    <Table<Discount>
      rowKey="id"
      size="small"
      loading={list.isLoading}
      dataSource={list.data ?? []}
      pagination={{ pageSize: 20 }}
      columns={[
        { title: t('billing.customer'), key: 'customer', render: (_, row) => <Link to={`/customers/${row.customerId}`}>{row.customerName}</Link> },
        { title: t('discounts.value'), key: 'value', width: 120, render: (_, row) => (row.kind === 'rate' ? row.rate : money(row.amount)) },
        { title: t('bills.item'), key: 'items', render: (_, row) => row.itemNames.join(t('common.listSeparator')) },
        { title: t('discounts.validity'), key: 'validity', width: 200, render: (_, row) => `${row.validFrom} ~ ${row.validTo}` },
        { title: t('discounts.level'), key: 'level', width: 100, render: (_, row) => t(`discounts.level.${row.level}`) },
        { title: t('adjustments.reason'), dataIndex: 'reason', ellipsis: true },
        { title: t('bills.settlement'), key: 'status', width: 90, render: (_, row) => <Tag color={statusColor[row.status]}>{t(`adjustments.status.${row.status}`)}</Tag> },
      ]}
    />
  );
  const report = (
    <Table<Executed>
      rowKey={(row) => `${row.contractId}-${row.unitCode}`}
      size="small"
      loading={executed.isLoading}
      dataSource={executed.data ?? []}
      pagination={{ pageSize: 20 }}
      columns={[
        { title: t('bills.contract'), key: 'contract', render: (_, row) => <Link to={`/contracts/${row.contractId}`}>{row.contractNumber}</Link> },
        { title: t('billing.customer'), dataIndex: 'customerName' },
        { title: t('leakage.unit'), dataIndex: 'unitCode' },
        { title: t('leakage.listPrice'), dataIndex: 'listPrice', width: 90, align: 'right' },
        { title: t('leakage.contractPrice'), dataIndex: 'contractPrice', width: 90, align: 'right' },
        { title: t('discounts.implied'), dataIndex: 'impliedRate', width: 100, align: 'right' },
        { title: t('discounts.approved'), key: 'approved', width: 100, align: 'right', render: (_, row) => row.approvedRate ?? '—' },
        { title: t('bills.settlement'), key: 'within', width: 110, render: (_, row) => <Tag color={row.withinApproval ? 'green' : 'red'}>{t(row.withinApproval ? 'discounts.within' : 'discounts.beyond')}</Tag> },
      ]}
    />
  );
  const ceilingsTable = (
    <>
      <Typography.Paragraph type="secondary">{t('discounts.ceilings.help')}</Typography.Paragraph>
      <Table<Ceiling>
        rowKey="grade"
        size="small"
        loading={ceilings.isLoading}
        dataSource={ceilings.data ?? []}
        pagination={false}
        columns={[
          { title: t('discounts.grade'), dataIndex: 'gradeName' },
          { title: t('discounts.unitRate'), dataIndex: 'unitRate', align: 'right' },
          { title: t('discounts.unitAmount'), key: 'unitAmount', align: 'right', render: (_, row) => money(row.unitAmount) },
          { title: t('discounts.nextRate'), dataIndex: 'nextRate', align: 'right' },
          { title: t('discounts.nextAmount'), key: 'nextAmount', align: 'right', render: (_, row) => money(row.nextAmount) },
          ...(hasPermission('system:manage')
            ? [{ title: '', key: 'edit', width: 80, render: (_: unknown, row: Ceiling) => <Button size="small" onClick={() => { ceilingForm.setFieldsValue(row); setEditing(row); }}>{t('common.edit')}</Button> }]
            : []),
        ]}
      />
    </>
  );
  return (
    <PageContainer
      title={t('discounts.title')}
      subtitle={t('discounts.subtitle')}
      extra={
        hasPermission('contract:write') && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setApplying(true)} data-testid="discount-apply">
            {t('discounts.apply')}
          </Button>
        )
      }
    >
      <Tabs
        items={[
          { key: 'requests', label: t('discounts.requests'), children: requests },
          ...(hasPermission('report:read') ? [{ key: 'executed', label: t('discounts.executed'), children: report }] : []),
          { key: 'ceilings', label: t('discounts.ceilings'), children: ceilingsTable },
        ]}
      />
      <Modal open={Boolean(editing)} title={editing ? t('discounts.editCeiling', { grade: editing.gradeName }) : ''} okButtonProps={{ loading: saveCeiling.isPending }} onOk={() => ceilingForm.validateFields().then((values) => saveCeiling.mutate(values))} onCancel={() => setEditing(undefined)} destroyOnHidden>
        <Form form={ceilingForm} layout="vertical">
          <Flex gap={12}>
            <Form.Item name="unitRate" label={t('discounts.unitRate')} style={{ flex: 1 }}>
              <Input placeholder="0.05" />
            </Form.Item>
            <Form.Item name="unitAmount" label={t('discounts.unitAmount')} style={{ flex: 1 }}>
              <InputNumber<string> stringMode min="0.01" precision={2} style={{ width: '100%' }} aria-label={t('discounts.unitAmount')} />
            </Form.Item>
          </Flex>
          <Flex gap={12}>
            <Form.Item name="nextRate" label={t('discounts.nextRate')} style={{ flex: 1 }}>
              <Input placeholder="0.10" />
            </Form.Item>
            <Form.Item name="nextAmount" label={t('discounts.nextAmount')} style={{ flex: 1 }}>
              <InputNumber<string> stringMode min="0.01" precision={2} style={{ width: '100%' }} aria-label={t('discounts.nextAmount')} />
            </Form.Item>
          </Flex>
        </Form>
      </Modal>
      <Modal open={applying} title={t('discounts.apply')} okButtonProps={{ loading: apply.isPending }} onOk={() => form.validateFields().then((values) => apply.mutate(values))} onCancel={() => setApplying(false)} destroyOnHidden>
        <Form<Values> form={form} layout="vertical" initialValues={{ kind: 'rate', items: ['rent'], range: [businessToday(), businessToday().add(1, 'year').subtract(1, 'day')] }}>
          <Form.Item name="customerId" label={t('billing.customer')} rules={[{ required: true, message: t('common.selectRequired', { label: t('billing.customer') }) }]}>
            <CustomerPicker testId="discount-customer" />
          </Form.Item>
          <Form.Item name="kind" label={t('discounts.kind')}>
            <Radio.Group options={[{ value: 'rate', label: t('discounts.kind.rate') }, { value: 'amount', label: t('discounts.kind.amount') }]} />
          </Form.Item>
          <Flex gap={12}>
            {kind === 'amount' ? (
              <Form.Item name="amount" label={t('billing.amount')} rules={[{ required: true, message: t('common.required', { label: t('billing.amount') }) }]}>
                <InputNumber<string> stringMode min="0.01" precision={2} style={{ width: 180 }} aria-label={t('billing.amount')} />
              </Form.Item>
            ) : (
              <Form.Item name="rate" label={t('discounts.rate')} rules={[{ required: true, message: t('common.required', { label: t('discounts.rate') }) }]} tooltip={t('discounts.rateHelp')}>
                <Input style={{ width: 180 }} placeholder="0.05" />
              </Form.Item>
            )}
            <Form.Item name="range" label={t('discounts.validity')} style={{ flex: 1 }}>
              <DatePicker.RangePicker allowClear={false} aria-label={t('discounts.validity')} />
            </Form.Item>
          </Flex>
          <Form.Item name="items" label={t('bills.item')} rules={[{ required: true, message: t('common.selectRequired', { label: t('bills.item') }) }]}>
            <Select mode="multiple" aria-label={t('bills.item')} options={(items.data?.items ?? []).map((item) => ({ value: item.code, label: item.label }))} />
          </Form.Item>
          <Form.Item name="reason" label={t('adjustments.reason')} rules={[{ required: true, message: t('common.required', { label: t('adjustments.reason') }) }]}>
            <Input.TextArea rows={3} maxLength={1000} />
          </Form.Item>
        </Form>
      </Modal>
    </PageContainer>
  );
}
