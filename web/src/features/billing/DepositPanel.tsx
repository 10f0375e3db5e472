import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App as AntdApp, Button, Card, DatePicker, Flex, Form, Input, InputNumber, Modal, Table, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { api } from '../../app/api-client';
import { useAuth } from '../../app/auth-context';
import { useT } from '../../app/i18n/LocaleProvider';
import { applyServerFieldErrors } from '../../ui/form-errors';
import { money } from './billing-api';
import { businessToday } from '../../ui/business-date';

interface ContractDeposit {
  contractId: number;
  contractNumber: string;
  required: string;
  received: string;
  offset: string;
  refunded: string;
  committed: string;
  held: string;
}
interface Stage {
  id: number;
  seq: number;
  amount: string;
  dueOn: string;
  status: 'planned' | 'scheduled' | 'paid' | 'cancelled';
  paidOn: string | null;
  reference: string | null;
}
interface Refund {
  id: number;
  contractNumber: string;
  total: string;
  retained: string;
  retainedReason: string | null;
  payee: string;
  status: 'pending' | 'approved' | 'rejected' | 'withdrawn';
  stages: Stage[];
}
interface Ledger {
  contracts: ContractDeposit[];
  refunds: Refund[];
}
type RefundValues = { stages: { amount: string; dueOn: dayjs.Dayjs }[]; retained?: string; retainedReason?: string; payee: string };
const stageColor: Record<Stage['status'], string> = { planned: 'gold', scheduled: 'blue', paid: 'green', cancelled: 'default' };

/** 保证金台账 on the customer's account tab (R-CRD-05): per contract, and its staged refunds. */
export function DepositPanel({ customerId }: { customerId: number }) {
  const t = useT();
  const { message } = AntdApp.useApp();
  const { hasPermission } = useAuth();
  const queryClient = useQueryClient();
  const key = ['customer-deposits', customerId];
  const ledger = useQuery({ queryKey: key, queryFn: () => api.get<Ledger>(`/customers/${customerId}/deposits`) });
  const [refunding, setRefunding] = useState<ContractDeposit>();
  const [paying, setPaying] = useState<Stage>();
  const [form] = Form.useForm<RefundValues>();
  const [payForm] = Form.useForm<{ paidOn: dayjs.Dayjs; reference: string }>();
  const done = async () => {
    await queryClient.invalidateQueries({ queryKey: key });
    await queryClient.invalidateQueries({ queryKey: ['customer-account', customerId] });
  };
  const apply = useMutation({
    mutationFn: (v: RefundValues) =>
      api.post<Ledger>(`/contracts/${refunding!.contractId}/deposit-refunds`, { stages: v.stages.map((s) => ({ amount: s.amount, dueOn: s.dueOn.format('YYYY-MM-DD') })), retained: v.retained || '0', retainedReason: v.retainedReason || null, payee: v.payee }),
    onSuccess: async () => {
      message.success(t('adjustments.submitted'));
      setRefunding(undefined);
      await done();
    },
    onError: (error: Error) => {
      if (!applyServerFieldErrors(form, error)) message.error(error.message);
    },
  });
  const pay = useMutation({
    mutationFn: (v: { paidOn: dayjs.Dayjs; reference: string }) => api.post<Ledger>(`/deposit-refund-stages/${paying!.id}/pay`, { paidOn: v.paidOn.format('YYYY-MM-DD'), reference: v.reference }),
    onSuccess: async () => {
      message.success(t('common.saved'));
      setPaying(undefined);
      await done();
    },
    onError: (error: Error) => {
      if (!applyServerFieldErrors(payForm, error)) message.error(error.message);
    },
  });
  const data = ledger.data;
  if (!data || (data.contracts.length === 0 && data.refunds.length === 0)) return null;
  const write = hasPermission('billing:write');
  return (
    <Card size="small" title={t('deposits.title')}>
      <Table<ContractDeposit>
        rowKey="contractId"
        size="small"
        pagination={false}
        dataSource={data.contracts}
        columns={[
          { title: t('bills.contract'), key: 'contract', render: (_, row) => <Link to={`/contracts/${row.contractId}`}>{row.contractNumber}</Link> },
          { title: t('deposits.required'), key: 'required', align: 'right', render: (_, row) => money(row.required) },
          { title: t('deposits.received'), key: 'received', align: 'right', render: (_, row) => money(row.received) },
          { title: t('deposits.offset'), key: 'offset', align: 'right', render: (_, row) => money(row.offset) },
          { title: t('deposits.refunded'), key: 'refunded', align: 'right', render: (_, row) => money(row.refunded) },
          { title: t('deposits.held'), key: 'held', align: 'right', render: (_, row) => <Typography.Text strong>{money(row.held)}</Typography.Text> },
          { title: t('deposits.committed'), key: 'committed', align: 'right', render: (_, row) => money(row.committed) },
          ...(write
            ? [{ title: '', key: 'refund', width: 110, render: (_: unknown, row: ContractDeposit) => <Button size="small" disabled={Number(row.held) - Number(row.committed) <= 0} onClick={() => { form.setFieldsValue({ stages: [{ amount: (Number(row.held) - Number(row.committed)).toFixed(2), dueOn: businessToday() }], retained: '0' }); setRefunding(row); }}>{t('deposits.apply')}</Button> }]
            : []),
        ]}
      />
      {data.refunds.length > 0 && (
        <Table<Refund>
          rowKey="id"
          size="small"
          pagination={false}
          title={() => t('deposits.refunds')}
          dataSource={data.refunds}
          columns={[
            { title: t('bills.contract'), dataIndex: 'contractNumber', width: 170 },
            { title: t('deposits.total'), key: 'total', align: 'right', width: 120, render: (_, row) => money(row.total) },
            { title: t('deposits.retained'), key: 'retained', width: 200, render: (_, row) => (Number(row.retained) ? t('deposits.retainedLine', { amount: money(row.retained), reason: row.retainedReason ?? '' }) : '—') },
            {
              title: t('deposits.stages'),
              key: 'stages',
              render: (_, row) => (
                <Flex vertical gap={4}>
                  {row.stages.map((stage) => (
                    <Flex key={stage.id} gap={8} align="center">
                      <span>{t('deposits.stageLine', { seq: stage.seq, dueOn: stage.dueOn, amount: money(stage.amount) })}</span>
                      <Tag color={stageColor[stage.status]}>{t(`deposits.stage.${stage.status}`)}</Tag>
                      {stage.paidOn && <Typography.Text type="secondary">{t('deposits.paidLine', { paidOn: stage.paidOn, reference: stage.reference ?? '' })}</Typography.Text>}
                      {write && stage.status === 'scheduled' && (
                        <Button size="small" onClick={() => { payForm.setFieldsValue({ paidOn: businessToday(), reference: '' }); setPaying(stage); }}>
                          {t('deposits.pay')}
                        </Button>
                      )}
                    </Flex>
                  ))}
                </Flex>
              ),
            },
            { title: t('bills.settlement'), key: 'status', width: 90, render: (_, row) => <Tag>{t(`adjustments.status.${row.status}`)}</Tag> },
          ]}
        />
      )}
      <Modal width={640} open={Boolean(refunding)} title={t('deposits.applyFor', { number: refunding?.contractNumber ?? '' })} okButtonProps={{ loading: apply.isPending }} onOk={() => form.validateFields().then((values) => apply.mutate(values))} onCancel={() => setRefunding(undefined)} destroyOnHidden>
        <Typography.Paragraph type="secondary">{t('deposits.applyHelp')}</Typography.Paragraph>
        <Form form={form} layout="vertical">
          <Form.List name="stages">
            {(fields, { add, remove }) => (
              <>
                {fields.map((field, index) => (
                  <Flex key={field.key} gap={12} align="start">
                    <Form.Item name={[field.name, 'amount']} label={t('deposits.stageAmount', { seq: index + 1 })} rules={[{ required: true, message: t('common.required', { label: t('billing.amount') }) }]}>
                      <InputNumber<string> stringMode min="0.01" precision={2} style={{ width: 180 }} aria-label={t('deposits.stageAmount', { seq: index + 1 })} />
                    </Form.Item>
                    <Form.Item name={[field.name, 'dueOn']} label={t('deposits.dueOn')} rules={[{ required: true, message: t('common.selectRequired', { label: t('deposits.dueOn') }) }]}>
                      <DatePicker aria-label={t('deposits.dueOn')} />
                    </Form.Item>
                    {fields.length > 1 && <Button type="text" icon={<MinusCircleOutlined />} aria-label={t('common.delete')} style={{ marginTop: 30 }} onClick={() => remove(field.name)} />}
                  </Flex>
                ))}
                <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ dueOn: businessToday().add(fields.length * 2, 'month') })} style={{ marginBottom: 16 }}>
                  {t('deposits.addStage')}
                </Button>
              </>
            )}
          </Form.List>
          <Flex gap={12}>
            <Form.Item name="retained" label={t('deposits.retained')}>
              <InputNumber<string> stringMode min="0" precision={2} style={{ width: 180 }} aria-label={t('deposits.retained')} />
            </Form.Item>
            <Form.Item name="retainedReason" label={t('deposits.retainedReason')} style={{ flex: 1 }}>
              <Input maxLength={500} />
            </Form.Item>
          </Flex>
          <Form.Item name="payee" label={t('deposits.payee')} rules={[{ required: true, message: t('common.required', { label: t('deposits.payee') }) }]}>
            <Input maxLength={300} />
          </Form.Item>
        </Form>
      </Modal>
      <Modal open={Boolean(paying)} title={t('deposits.pay')} okButtonProps={{ loading: pay.isPending }} onOk={() => payForm.validateFields().then((values) => pay.mutate(values))} onCancel={() => setPaying(undefined)} destroyOnHidden>
        <Form form={payForm} layout="vertical">
          <Form.Item name="paidOn" label={t('deposits.paidOn')}>
            <DatePicker allowClear={false} aria-label={t('deposits.paidOn')} />
          </Form.Item>
          <Form.Item name="reference" label={t('deposits.reference')} rules={[{ required: true, message: t('common.required', { label: t('deposits.reference') }) }]}>
            <Input maxLength={100} />
          </Form.Item>
        </Form>
      </Modal>
    </Card>
  );
}
