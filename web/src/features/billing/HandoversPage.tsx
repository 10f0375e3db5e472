import { PlusOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App as AntdApp, Button, DatePicker, Flex, Form, Input, InputNumber, Modal, Popconfirm, Segmented, Select, Table, Tag } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { useT } from '../../app/i18n/LocaleProvider';
import { applyServerFieldErrors } from '../../ui/form-errors';
import { PageContainer } from '../../ui/PageContainer';
import { CustomerPicker } from '../customers/search/CustomerPicker';
import { billsKey, confirmHandover, createHandover, listHandovers, money, receiptsKey, rejectHandover, type Handover } from './billing-api';
import { businessToday } from '../../ui/business-date';

const statusColor: Record<Handover['status'], string> = { pending: 'gold', confirmed: 'green', rejected: 'default' };
type Values = { customerId: number; method: Handover['method']; amount: string; collectedOn: dayjs.Dayjs; reference?: string; note?: string };

/** 现场收款移交 (R-BIL-06): staff register what they collected; finance confirms it into a receipt or sends it back. */
export function HandoversPage() {
  const t = useT();
  const { message } = AntdApp.useApp();
  const queryClient = useQueryClient();
  const [status, setStatus] = useState<Handover['status'] | 'all'>('pending');
  const [creating, setCreating] = useState(false);
  const [rejecting, setRejecting] = useState<Handover>();
  const [form] = Form.useForm<Values>();
  const [rejectForm] = Form.useForm<{ reason: string }>();
  const list = useQuery({ queryKey: ['receipt-handovers', status], queryFn: () => listHandovers(status === 'all' ? undefined : status) });
  const refresh = async () => {
    await queryClient.invalidateQueries({ queryKey: ['receipt-handovers'] });
    await queryClient.invalidateQueries({ queryKey: receiptsKey });
    await queryClient.invalidateQueries({ queryKey: billsKey });
  };
  const create = useMutation({
    mutationFn: (values: Values) => createHandover({ ...values, collectedOn: values.collectedOn.format('YYYY-MM-DD'), reference: values.reference || undefined, note: values.note || undefined }),
    onSuccess: async () => {
      message.success(t('handovers.created'));
      setCreating(false);
      form.resetFields();
      await refresh();
    },
    onError: (error: Error) => {
      if (!applyServerFieldErrors(form, error)) message.error(error.message);
    },
  });
  const confirm = useMutation({
    mutationFn: (id: number) => confirmHandover(id),
    onSuccess: async () => {
      message.success(t('handovers.confirmed'));
      await refresh();
    },
    onError: (error: Error) => message.error(error.message),
  });
  const reject = useMutation({
    mutationFn: ({ id, reason }: { id: number; reason: string }) => rejectHandover(id, reason),
    onSuccess: async () => {
      message.success(t('handovers.rejected'));
      setRejecting(undefined);
      await refresh();
    },
    onError: (error: Error) => {
      if (!applyServerFieldErrors(rejectForm, error)) message.error(error.message);
    },
  });
  return (
    <PageContainer
      title={t('handovers.title')}
      subtitle={t('handovers.subtitle')}
      extra={
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="handover-create">
          {t('handovers.create')}
        </Button>
      }
    >
      <Segmented value={status} onChange={(value) => setStatus(value as typeof status)} options={(['pending', 'confirmed', 'rejected', 'all'] as const).map((value) => ({ value, label: value === 'all' ? t('common.all') : t(`handovers.status.${value}`) }))} />
      <Table<Handover>
        rowKey="id"
        size="small"
        loading={list.isLoading}
        dataSource={list.data ?? []}
        pagination={{ pageSize: 20 }}
        columns={[
          { title: t('billing.customer'), key: 'customer', render: (_, row) => <Link to={`/customers/${row.customerId}`}>{row.customerName}</Link> },
          { title: t('receipts.method'), key: 'method', width: 100, render: (_, row) => t(`receipts.method.${row.method}`) },
          { title: t('billing.amount'), dataIndex: 'amount', width: 120, align: 'right', render: money },
          { title: t('handovers.collectedOn'), dataIndex: 'collectedOn', width: 110 },
          { title: t('handovers.collectedBy'), dataIndex: 'collectedByName', width: 100 },
          { title: t('receipts.reference'), dataIndex: 'reference', width: 120, ellipsis: true },
          {
            title: t('bills.settlement'),
            key: 'status',
            width: 260,
            render: (_, row) => (
              <Flex gap={4} wrap align="center">
                <Tag color={statusColor[row.status]}>{t(`handovers.status.${row.status}`)}</Tag>
                {row.overdue && <Tag color="red">{t('handovers.overdue')}</Tag>}
                {row.receiptId && <Link to={`/billing/receipts?id=${row.receiptId}`}>{t('bills.receipt')}</Link>}
                {row.rejectReason && <span>{row.rejectReason}</span>}
                {row.canDecide && (
                  <>
                    <Popconfirm title={t('handovers.confirm')} onConfirm={() => confirm.mutate(row.id)}>
                      <Button size="small" type="primary" data-testid={`handover-confirm-${row.id}`}>
                        {t('handovers.confirm')}
                      </Button>
                    </Popconfirm>
                    <Button size="small" onClick={() => setRejecting(row)}>
                      {t('handovers.reject')}
                    </Button>
                  </>
                )}
              </Flex>
            ),
          },
        ]}
      />
      <Modal open={creating} title={t('handovers.create')} okText={t('common.save')} okButtonProps={{ loading: create.isPending }} onOk={() => form.validateFields().then((values) => create.mutate(values))} onCancel={() => setCreating(false)} destroyOnHidden>
        <Form<Values> form={form} layout="vertical" initialValues={{ method: 'cash', collectedOn: businessToday() }}>
          <Form.Item name="customerId" label={t('billing.customer')} rules={[{ required: true, message: t('common.selectRequired', { label: t('billing.customer') }) }]}>
            <CustomerPicker testId="handover-customer" />
          </Form.Item>
          <Form.Item name="method" label={t('receipts.method')}>
            <Select aria-label={t('receipts.method')} options={(['cash', 'cheque', 'transfer'] as const).map((value) => ({ value, label: t(`receipts.method.${value}`) }))} />
          </Form.Item>
          <Form.Item name="amount" label={t('billing.amount')} rules={[{ required: true, message: t('common.required', { label: t('billing.amount') }) }]}>
            <InputNumber<string> stringMode min="0.01" precision={2} style={{ width: 200 }} aria-label={t('billing.amount')} />
          </Form.Item>
          <Form.Item name="collectedOn" label={t('handovers.collectedOn')}>
            <DatePicker allowClear={false} aria-label={t('handovers.collectedOn')} disabledDate={(day) => day.isAfter(businessToday(), 'day')} />
          </Form.Item>
          <Form.Item name="reference" label={t('receipts.reference')}>
            <Input maxLength={100} />
          </Form.Item>
          <Form.Item name="note" label={t('receipts.note')}>
            <Input.TextArea rows={2} maxLength={500} />
          </Form.Item>
        </Form>
      </Modal>
      <Modal
        open={Boolean(rejecting)}
        title={t('handovers.reject')}
        okText={t('handovers.reject')}
        okButtonProps={{ danger: true, loading: reject.isPending }}
        onOk={() => rejectForm.validateFields().then((values) => reject.mutate({ id: rejecting!.id, reason: values.reason }))}
        onCancel={() => setRejecting(undefined)}
        destroyOnHidden
      >
        <Form form={rejectForm} layout="vertical">
          <Form.Item name="reason" label={t('handovers.rejectReason')} rules={[{ required: true, message: t('common.required', { label: t('handovers.rejectReason') }) }]}>
            <Input.TextArea rows={3} maxLength={500} />
          </Form.Item>
        </Form>
      </Modal>
    </PageContainer>
  );
}
