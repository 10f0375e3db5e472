import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App as AntdApp, Alert, DatePicker, Form, Input, InputNumber, Modal, Radio, Select, Table, Typography } from 'antd';
import dayjs from 'dayjs';
import { useT } from '../../app/i18n/LocaleProvider';
import { applyServerFieldErrors } from '../../ui/form-errors';
import { CustomerPicker } from '../customers/search/CustomerPicker';
import { addYuan, billsKey, yuanOf, customerAccount, fenOf, listBills, money, receiptsKey, recordReceipt, type Bill, type ReceiptDetail, type ReceiptMethod } from './billing-api';
import { businessToday } from '../../ui/business-date';

interface Values {
  customerId: number;
  method: ReceiptMethod;
  amount: string;
  receivedOn: dayjs.Dayjs;
  reference?: string;
  note?: string;
  mode: 'auto' | 'chosen';
  /** bill id → amount typed for it */
  chosen?: Record<string, string | null>;
}

const methods: ReceiptMethod[] = ['transfer', 'cash', 'cheque', 'deposit_offset'];

/** 登记收款 (finance, R-BIL-05): customer, method, amount and date; applied oldest due first or to the bills chosen. */
export function RecordReceiptModal({ open, onClose, onRecorded }: { open: boolean; onClose: () => void; onRecorded?: (receipt: ReceiptDetail) => void }) {
  const t = useT();
  const { message } = AntdApp.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<Values>();
  const customerId = Form.useWatch('customerId', form);
  const mode = Form.useWatch('mode', form);
  const amount = Form.useWatch('amount', form);
  const chosen = Form.useWatch('chosen', form) as Values['chosen'];
  const openBills = useQuery({ queryKey: [...billsKey, 'open', customerId], queryFn: () => listBills({ page: 1, pageSize: 100, customerId, settlement: 'open', sort: 'dueDate:asc' }), enabled: Boolean(customerId) });
  const account = useQuery({ queryKey: ['customer-account', customerId], queryFn: () => customerAccount(customerId!), enabled: Boolean(customerId) });
  const save = useMutation({
    mutationFn: (values: Values) =>
      recordReceipt({
        customerId: values.customerId,
        method: values.method,
        amount: values.amount,
        receivedOn: values.receivedOn.format('YYYY-MM-DD'),
        reference: values.reference || undefined,
        note: values.note || undefined,
        allocations:
          values.mode === 'chosen'
            ? Object.entries(values.chosen ?? {})
                .filter(([, value]) => value && fenOf(String(value)) > 0n)
                .map(([billId, value]) => ({ billId: Number(billId), amount: String(value) }))
            : undefined,
      }),
    onSuccess: async (receipt) => {
      message.success(t('receipts.recorded'));
      form.resetFields();
      await queryClient.invalidateQueries({ queryKey: receiptsKey });
      await queryClient.invalidateQueries({ queryKey: billsKey });
      onRecorded?.(receipt);
      onClose();
    },
    onError: (error: Error) => {
      if (!applyServerFieldErrors(form, error)) message.error(error.message);
    },
  });
  const bills = openBills.data?.items ?? [];
  const chosenSum = addYuan(...Object.values(chosen ?? {}).map((value) => String(value ?? '0')));
  const a = account.data;
  return (
    <Modal
      open={open}
      title={t('receipts.record')}
      okText={t('common.save')}
      okButtonProps={{ loading: save.isPending, 'data-testid': 'receipt-save' } as never}
      onOk={() => form.validateFields().then(() => save.mutate(form.getFieldsValue(true) as Values))}
      onCancel={onClose}
      width={760}
      destroyOnHidden
    >
      <Form<Values> form={form} layout="vertical" initialValues={{ method: 'transfer', receivedOn: businessToday(), mode: 'auto' }}>
        <Form.Item name="customerId" label={t('billing.customer')} rules={[{ required: true, message: t('common.selectRequired', { label: t('billing.customer') }) }]}>
          <CustomerPicker testId="receipt-customer" />
        </Form.Item>
        {a && (
          <Alert
            style={{ marginBottom: 12 }}
            type={fenOf(a.overdue) > 0n ? 'warning' : 'info'}
            message={t('receipts.account', { receivable: money(a.receivable), open: money(a.open), credit: money(a.credit), overdue: money(a.overdue), deposit: money(a.depositHeld) })}
          />
        )}
        <Form.Item name="method" label={t('receipts.method')} rules={[{ required: true }]}>
          <Select aria-label={t('receipts.method')} options={methods.map((value) => ({ value, label: t(`receipts.method.${value}`) }))} data-testid="receipt-method" />
        </Form.Item>
        <Form.Item name="amount" label={t('billing.amount')} rules={[{ required: true, message: t('common.required', { label: t('billing.amount') }) }]}>
          <InputNumber<string> stringMode min="0.01" precision={2} style={{ width: 200 }} aria-label={t('billing.amount')} data-testid="receipt-amount" />
        </Form.Item>
        <Form.Item name="receivedOn" label={t('receipts.receivedOn')} rules={[{ required: true }]}>
          <DatePicker allowClear={false} aria-label={t('receipts.receivedOn')} disabledDate={(day) => day.isAfter(businessToday(), 'day')} />
        </Form.Item>
        <Form.Item name="reference" label={t('receipts.reference')}>
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item name="mode" label={t('receipts.allocationMode')}>
          <Radio.Group
            options={[
              { value: 'auto', label: t('receipts.allocationMode.auto') },
              { value: 'chosen', label: t('receipts.allocationMode.chosen') },
            ]}
          />
        </Form.Item>
        {customerId && bills.length === 0 && !openBills.isLoading && <Alert type="info" message={t('receipts.noOpenBills')} style={{ marginBottom: 12 }} />}
        {customerId && bills.length > 0 && (
          <>
            <Typography.Text strong>{t('receipts.openBills')}</Typography.Text>
            <Table<Bill>
              rowKey="id"
              size="small"
              pagination={false}
              dataSource={bills}
              columns={[
                { title: t('bills.number'), dataIndex: 'number' },
                { title: t('bills.dueDate'), dataIndex: 'dueDate', width: 110 },
                { title: t('bills.open'), dataIndex: 'open', width: 120, align: 'right', render: money },
                ...(mode === 'chosen'
                  ? [
                      {
                        title: t('receipts.allocateAmount'),
                        key: 'apply',
                        width: 170,
                        render: (_: unknown, bill: Bill) => (
                          <Form.Item name={['chosen', String(bill.id)]} noStyle>
                            <InputNumber<string> stringMode min="0" max={bill.open} precision={2} style={{ width: 150 }} aria-label={`${t('receipts.allocateAmount')} ${bill.number}`} data-testid={`receipt-apply-${bill.id}`} />
                          </Form.Item>
                        ),
                      },
                    ]
                  : []),
              ]}
            />
            {mode === 'chosen' && (
              <Typography.Text type="secondary">{t('receipts.allocationSum', { sum: money(chosenSum), credit: money(yuanOf(fenOf(String(amount ?? '0')) - fenOf(chosenSum))) })}</Typography.Text>
            )}
          </>
        )}
        <Form.Item name="note" label={t('receipts.note')} style={{ marginTop: 12 }}>
          <Input.TextArea rows={2} maxLength={500} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
