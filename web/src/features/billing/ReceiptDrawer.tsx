import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App as AntdApp, Alert, Button, DatePicker, Descriptions, Drawer, Flex, Form, Input, Modal, Popconfirm, Table, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { useT } from '../../app/i18n/LocaleProvider';
import { applyServerFieldErrors } from '../../ui/form-errors';
import { allocateReceipt, billsKey, getReceipt, money, receiptsKey, reverseReceipt, type ReceiptDetail } from './billing-api';
import { businessToday } from '../../ui/business-date';

type Applied = ReceiptDetail['allocations'][number];

/** 收款详情: where the money went, applying the credit left, and 退票 (R-BIL-05, 09). */
export function ReceiptDrawer({ id, onClose }: { id?: number; onClose: () => void }) {
  const t = useT();
  const { message } = AntdApp.useApp();
  const queryClient = useQueryClient();
  const [reversing, setReversing] = useState(false);
  const [form] = Form.useForm<{ reason: string; reversedOn: dayjs.Dayjs }>();
  const receipt = useQuery({ queryKey: [...receiptsKey, id], queryFn: () => getReceipt(id!), enabled: Boolean(id) });
  const refresh = async () => {
    await queryClient.invalidateQueries({ queryKey: receiptsKey });
    await queryClient.invalidateQueries({ queryKey: billsKey });
  };
  const allocate = useMutation({
    mutationFn: () => allocateReceipt(id!),
    onSuccess: async () => {
      message.success(t('receipts.allocatedDone'));
      await refresh();
    },
    onError: (error: Error) => message.error(error.message),
  });
  const reverse = useMutation({
    mutationFn: (values: { reason: string; reversedOn: dayjs.Dayjs }) => reverseReceipt(id!, { reason: values.reason, reversedOn: values.reversedOn.format('YYYY-MM-DD') }),
    onSuccess: async () => {
      message.success(t('receipts.reversed'));
      setReversing(false);
      await refresh();
    },
    onError: (error: Error) => {
      if (!applyServerFieldErrors(form, error)) message.error(error.message);
    },
  });
  const r = receipt.data;
  return (
    <Drawer open={Boolean(id)} onClose={onClose} width={720} title={r ? `${t('receipts.detail')} ${r.number}` : t('receipts.detail')}>
      {r && (
        <Flex vertical gap={12}>
          {r.status === 'reversed' && <Alert type="error" showIcon message={t('receipts.reversedInfo', { date: r.reversedOn ?? '', reason: r.reverseReason ?? '' })} />}
          <Descriptions size="small" column={2} bordered>
            <Descriptions.Item label={t('billing.customer')}>
              <Link to={`/customers/${r.customerId}`}>{r.customerName}</Link>
            </Descriptions.Item>
            <Descriptions.Item label={t('receipts.method')}>{t(`receipts.method.${r.method}`)}</Descriptions.Item>
            <Descriptions.Item label={t('billing.amount')}>{money(r.amount)}</Descriptions.Item>
            <Descriptions.Item label={t('receipts.receivedOn')}>{r.receivedOn}</Descriptions.Item>
            <Descriptions.Item label={t('receipts.allocated')}>{money(r.allocated)}</Descriptions.Item>
            <Descriptions.Item label={t('receipts.unallocated')}>
              <Typography.Text strong data-testid="receipt-credit">
                {money(r.unallocated)}
              </Typography.Text>
            </Descriptions.Item>
            <Descriptions.Item label={t('receipts.reference')}>{r.reference ?? '—'}</Descriptions.Item>
            <Descriptions.Item label={t('receipts.note')}>{r.handoverId ? t('receipts.fromHandover', { id: r.handoverId }) : (r.note ?? '—')}</Descriptions.Item>
          </Descriptions>
          <Table<Applied>
            rowKey="id"
            size="small"
            pagination={false}
            dataSource={r.allocations}
            locale={{ emptyText: t('bills.noAllocations') }}
            columns={[
              { title: t('bills.number'), key: 'bill', render: (_, a) => <Link to={`/billing/bills/${a.billId}`}>{a.billNumber}</Link> },
              { title: t('bills.allocatedOn'), dataIndex: 'allocatedOn', width: 120 },
              { title: t('billing.amount'), dataIndex: 'amount', width: 120, align: 'right', render: money },
              { title: t('bills.settlement'), key: 'reversed', width: 150, render: (_, a) => (a.reversedOn ? <Tag color="red">{t('bills.reversedOn', { date: a.reversedOn })}</Tag> : null) },
            ]}
          />
          <Flex gap={8}>
            {r.canAllocate && (
              <Popconfirm title={t('receipts.allocationMode.auto')} onConfirm={() => allocate.mutate()}>
                <Button type="primary" loading={allocate.isPending} data-testid="receipt-allocate">
                  {t('receipts.allocate')}
                </Button>
              </Popconfirm>
            )}
            {r.canReverse && (
              <Button danger onClick={() => setReversing(true)} data-testid="receipt-reverse">
                {t('receipts.reverse')}
              </Button>
            )}
          </Flex>
        </Flex>
      )}
      <Modal
        open={reversing}
        title={r ? t('receipts.reverseTitle', { number: r.number }) : ''}
        okText={t('receipts.reverse')}
        okButtonProps={{ danger: true, loading: reverse.isPending }}
        onOk={() => form.validateFields().then((values) => reverse.mutate(values))}
        onCancel={() => setReversing(false)}
        destroyOnHidden
      >
        <Typography.Paragraph type="secondary">{t('receipts.reverseHelp')}</Typography.Paragraph>
        <Form form={form} layout="vertical" initialValues={{ reversedOn: businessToday() }}>
          <Form.Item name="reversedOn" label={t('receipts.reversedOnLabel')} rules={[{ required: true }]}>
            <DatePicker allowClear={false} aria-label={t('receipts.reversedOnLabel')} />
          </Form.Item>
          <Form.Item name="reason" label={t('receipts.reverseReason')} rules={[{ required: true, message: t('common.required', { label: t('receipts.reverseReason') }) }]}>
            <Input.TextArea rows={3} maxLength={500} />
          </Form.Item>
        </Form>
      </Modal>
    </Drawer>
  );
}
