import { PlusOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App as AntdApp, Button, DatePicker, Flex, Form, Input, Modal, Radio, Segmented, Select, Table, Tag } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { api, apiRequest } from '../../app/api-client';
import { useAuth } from '../../app/auth-context';
import { useT } from '../../app/i18n/LocaleProvider';
import { applyServerFieldErrors } from '../../ui/form-errors';
import { PageContainer } from '../../ui/PageContainer';
import { CustomerPicker } from '../customers/search/CustomerPicker';
import { billsKey, listBills, money } from './billing-api';
import { businessToday } from '../../ui/business-date';

interface Invoice {
  id: number;
  customerId: number;
  customerName: string;
  kind: 'special' | 'normal';
  kindName: string;
  title: string;
  amount: string;
  tax: string;
  status: 'requested' | 'issued' | 'cancelled';
  invoiceNumber: string | null;
  invoiceDate: string | null;
  pickedUpBy: string | null;
  bills: { billId: number; number: string; amount: string }[];
}
interface Profile {
  title: string;
  taxNumber: string | null;
  bankName: string | null;
  bankAccount: string | null;
  address: string | null;
  phone: string | null;
}
type Action = { invoice: Invoice; kind: 'issue' | 'pick-up' | 'cancel' };
const statusColor: Record<Invoice['status'], string> = { requested: 'gold', issued: 'green', cancelled: 'default' };
const key = ['invoices'];

/** 发票 (R-BIL-07): requests over bills, the customer's invoicing details, and finance's register. */
export function InvoicesPage() {
  const t = useT();
  const { message } = AntdApp.useApp();
  const { hasPermission } = useAuth();
  const queryClient = useQueryClient();
  const [status, setStatus] = useState<Invoice['status'] | 'all'>('requested');
  const [requesting, setRequesting] = useState(false);
  const [action, setAction] = useState<Action>();
  const [form] = Form.useForm<{ customerId: number; kind: Invoice['kind']; billIds: number[] } & Profile>();
  const [actionForm] = Form.useForm<{ invoiceNumber?: string; invoiceDate?: dayjs.Dayjs; pickedUpBy?: string; reason?: string }>();
  const customerId = Form.useWatch('customerId', form);
  const list = useQuery({ queryKey: [...key, status], queryFn: () => api.get<Invoice[]>('/invoices', status === 'all' ? undefined : { status }) });
  const bills = useQuery({ queryKey: [...billsKey, 'invoice', customerId], queryFn: () => listBills({ page: 1, pageSize: 100, customerId }), enabled: Boolean(customerId) });
  useQuery({
    queryKey: ['invoice-profile', customerId],
    queryFn: async () => {
      const profile = await api.get<Profile>(`/customers/${customerId}/invoice-profile`);
      form.setFieldsValue({ ...profile, taxNumber: profile.taxNumber ?? undefined } as never);
      return profile;
    },
    enabled: Boolean(customerId),
  });
  const refresh = () => queryClient.invalidateQueries({ queryKey: key });
  const request = useMutation({
    mutationFn: async (v: { customerId: number; kind: Invoice['kind']; billIds: number[] } & Profile) => {
      await apiRequest(`/customers/${v.customerId}/invoice-profile`, { method: 'PUT', body: { title: v.title, taxNumber: v.taxNumber || null, bankName: v.bankName || null, bankAccount: v.bankAccount || null, address: v.address || null, phone: v.phone || null } });
      return api.post<Invoice>('/invoices', { customerId: v.customerId, kind: v.kind, billIds: v.billIds });
    },
    onSuccess: async () => {
      message.success(t('invoices.requested'));
      setRequesting(false);
      form.resetFields();
      await refresh();
    },
    onError: (error: Error) => {
      if (!applyServerFieldErrors(form, error)) message.error(error.message);
    },
  });
  const act = useMutation({
    mutationFn: ({ invoice, kind, values }: Action & { values: { invoiceNumber?: string; invoiceDate?: dayjs.Dayjs; pickedUpBy?: string; reason?: string } }) =>
      api.post<Invoice>(`/invoices/${invoice.id}/${kind}`, kind === 'issue' ? { invoiceNumber: values.invoiceNumber, invoiceDate: values.invoiceDate?.format('YYYY-MM-DD') } : kind === 'pick-up' ? { pickedUpBy: values.pickedUpBy } : { reason: values.reason }),
    onSuccess: async () => {
      setAction(undefined);
      actionForm.resetFields();
      await refresh();
    },
    onError: (error: Error) => {
      if (!applyServerFieldErrors(actionForm, error)) message.error(error.message);
    },
  });
  const finance = hasPermission('billing:write');
  return (
    <PageContainer
      title={t('invoices.title')}
      subtitle={t('invoices.subtitle')}
      extra={
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setRequesting(true)} data-testid="invoice-request">
          {t('invoices.request')}
        </Button>
      }
    >
      <Segmented value={status} onChange={(value) => setStatus(value as typeof status)} options={(['requested', 'issued', 'cancelled', 'all'] as const).map((value) => ({ value, label: value === 'all' ? t('common.all') : t(`invoices.status.${value}`) }))} />
      <Table<Invoice>
        rowKey="id"
        size="small"
        loading={list.isLoading}
        dataSource={list.data ?? []}
        pagination={{ pageSize: 20 }}
        columns={[
          { title: t('billing.customer'), key: 'customer', render: (_, row) => <Link to={`/customers/${row.customerId}`}>{row.customerName}</Link> },
          { title: t('invoices.kind'), dataIndex: 'kindName', width: 130 },
          { title: t('invoices.bills'), key: 'bills', render: (_, row) => row.bills.map((bill) => <Link key={bill.billId} to={`/billing/bills/${bill.billId}`} style={{ marginRight: 6 }}>{bill.number}</Link>) },
          { title: t('invoices.amount'), dataIndex: 'amount', width: 120, align: 'right', render: money },
          { title: t('invoices.tax'), dataIndex: 'tax', width: 100, align: 'right', render: money },
          { title: t('invoices.number'), key: 'number', width: 170, render: (_, row) => (row.invoiceNumber ? `${row.invoiceNumber} ${row.invoiceDate}` : '—') },
          {
            title: t('bills.settlement'),
            key: 'status',
            width: 260,
            render: (_, row) => (
              <Flex gap={4} wrap align="center">
                <Tag color={statusColor[row.status]}>{t(`invoices.status.${row.status}`)}</Tag>
                {row.pickedUpBy && <span>{t('invoices.pickedUpBy', { name: row.pickedUpBy })}</span>}
                {finance && row.status === 'requested' && (
                  <Button size="small" type="primary" onClick={() => setAction({ invoice: row, kind: 'issue' })}>
                    {t('invoices.issue')}
                  </Button>
                )}
                {finance && row.status === 'issued' && !row.pickedUpBy && (
                  <Button size="small" onClick={() => setAction({ invoice: row, kind: 'pick-up' })}>
                    {t('invoices.pickUp')}
                  </Button>
                )}
                {finance && row.status !== 'cancelled' && (
                  <Button size="small" danger type="link" onClick={() => setAction({ invoice: row, kind: 'cancel' })}>
                    {t('invoices.cancel')}
                  </Button>
                )}
              </Flex>
            ),
          },
        ]}
      />
      <Modal open={requesting} width={720} title={t('invoices.request')} okText={t('common.save')} okButtonProps={{ loading: request.isPending }} onOk={() => form.validateFields().then((values) => request.mutate(values))} onCancel={() => setRequesting(false)} destroyOnHidden>
        <Form form={form} layout="vertical" initialValues={{ kind: 'normal' }}>
          <Form.Item name="customerId" label={t('billing.customer')} rules={[{ required: true, message: t('common.selectRequired', { label: t('billing.customer') }) }]}>
            <CustomerPicker testId="invoice-customer" />
          </Form.Item>
          <Form.Item name="kind" label={t('invoices.kind')}>
            <Radio.Group options={(['normal', 'special'] as const).map((value) => ({ value, label: t(`invoices.kind.${value}`) }))} />
          </Form.Item>
          <Form.Item name="billIds" label={t('invoices.bills')} rules={[{ required: true, message: t('common.selectRequired', { label: t('invoices.bills') }) }]}>
            <Select mode="multiple" aria-label={t('invoices.bills')} options={(bills.data?.items ?? []).filter((bill) => bill.settlement !== 'void').map((bill) => ({ value: bill.id, label: `${bill.number} ${bill.period} ${money(bill.total)}` }))} />
          </Form.Item>
          <Flex gap={12} wrap>
            <Form.Item name="title" label={t('invoices.profile.title')} rules={[{ required: true, message: t('common.required', { label: t('invoices.profile.title') }) }]} style={{ flex: '1 1 300px' }}>
              <Input maxLength={100} />
            </Form.Item>
            <Form.Item name="taxNumber" label={t('invoices.profile.taxNumber')} style={{ flex: '1 1 200px' }}>
              <Input maxLength={30} />
            </Form.Item>
            <Form.Item name="bankName" label={t('invoices.profile.bankName')} style={{ flex: '1 1 200px' }}>
              <Input maxLength={100} />
            </Form.Item>
            <Form.Item name="bankAccount" label={t('invoices.profile.bankAccount')} style={{ flex: '1 1 200px' }}>
              <Input maxLength={40} />
            </Form.Item>
            <Form.Item name="address" label={t('invoices.profile.address')} style={{ flex: '1 1 300px' }}>
              <Input maxLength={200} />
            </Form.Item>
            <Form.Item name="phone" label={t('invoices.profile.phone')} style={{ flex: '1 1 150px' }}>
              <Input maxLength={30} />
            </Form.Item>
          </Flex>
        </Form>
      </Modal>
      <Modal open={Boolean(action)} title={action ? t(`invoices.${action.kind === 'pick-up' ? 'pickUp' : action.kind}`) : ''} onOk={() => action && actionForm.validateFields().then((values) => act.mutate({ ...action, values }))} okButtonProps={{ loading: act.isPending }} onCancel={() => setAction(undefined)} destroyOnHidden>
        <Form form={actionForm} layout="vertical" initialValues={{ invoiceDate: businessToday() }}>
          {action?.kind === 'issue' && (
            <>
              <Form.Item name="invoiceNumber" label={t('invoices.number')} rules={[{ required: true, message: t('common.required', { label: t('invoices.number') }) }]}>
                <Input maxLength={30} />
              </Form.Item>
              <Form.Item name="invoiceDate" label={t('invoices.date')}>
                <DatePicker allowClear={false} aria-label={t('invoices.date')} />
              </Form.Item>
            </>
          )}
          {action?.kind === 'pick-up' && (
            <Form.Item name="pickedUpBy" label={t('invoices.pickedUpByLabel')} rules={[{ required: true, message: t('common.required', { label: t('invoices.pickedUpByLabel') }) }]}>
              <Input maxLength={50} />
            </Form.Item>
          )}
          {action?.kind === 'cancel' && (
            <Form.Item name="reason" label={t('adjustments.reason')} rules={[{ required: true, message: t('common.required', { label: t('adjustments.reason') }) }]}>
              <Input.TextArea rows={3} maxLength={500} />
            </Form.Item>
          )}
        </Form>
      </Modal>
    </PageContainer>
  );
}
