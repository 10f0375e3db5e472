import { FileWordOutlined, PrinterOutlined, StopOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App as AntdApp, Alert, Button, Card, Descriptions, Form, Input, Modal, Skeleton, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { useT } from '../../app/i18n/LocaleProvider';
import { applyServerFieldErrors } from '../../ui/form-errors';
import { PageContainer } from '../../ui/PageContainer';
import { billNoticeUrl, billsKey, getBill, money, voidBill, type BillDetail } from './billing-api';
import { SettlementTag } from './BillsPage';
import { AdjustmentModal } from './AdjustmentModal';
import { useAuth } from '../../app/auth-context';

type Line = BillDetail['lines'][number];
type Applied = BillDetail['allocations'][number];

/** 账单详情 (R-BIL-04): the lines with how each was computed, the receipts applied, print and void. */
export function BillDetailPage() {
  const t = useT();
  const id = Number(useParams().id);
  const { message } = AntdApp.useApp();
  const queryClient = useQueryClient();
  const [voiding, setVoiding] = useState(false);
  const [writingOff, setWritingOff] = useState(false);
  const { hasPermission } = useAuth();
  const [form] = Form.useForm<{ reason: string }>();
  const bill = useQuery({ queryKey: [...billsKey, id], queryFn: () => getBill(id) });
  const doVoid = useMutation({
    mutationFn: (reason: string) => voidBill(id, reason),
    onSuccess: async () => {
      message.success(t('bills.voided'));
      setVoiding(false);
      await queryClient.invalidateQueries({ queryKey: billsKey });
    },
    onError: (error: Error) => {
      if (!applyServerFieldErrors(form, error)) message.error(error.message);
    },
  });
  if (bill.isLoading || !bill.data) return bill.error ? <Alert type="error" message={(bill.error as Error).message} /> : <Skeleton active />;
  const b = bill.data;
  return (
    <PageContainer
      title={`${t('bills.detail')} ${b.number}`}
      extra={
        <>
          <Button icon={<PrinterOutlined />} href={billNoticeUrl(b.id)} data-testid="bill-print">
            {t('bills.print')}
          </Button>
          {b.daysOverdue > 0 && (
            <Button icon={<FileWordOutlined />} href={`/api/v1/bills/${b.id}/dunning-notice`} data-testid="bill-dunning">
              {t('bills.dunningNotice')}
            </Button>
          )}
          {hasPermission('billing:write') && b.settlement !== 'void' && b.settlement !== 'paid' && (
            <Button onClick={() => setWritingOff(true)} data-testid="bill-write-off">
              {t('adjustments.writeOff')}
            </Button>
          )}
          {b.canVoid && (
            <Button danger icon={<StopOutlined />} onClick={() => setVoiding(true)} data-testid="bill-void">
              {t('bills.void')}
            </Button>
          )}
        </>
      }
    >
      {b.settlement === 'void' && <Alert type="warning" showIcon message={t('bills.voidedInfo', { date: b.voidedOn ?? '', reason: b.voidReason ?? '' })} />}
      <Card size="small">
        <Descriptions size="small" column={{ xs: 1, md: 3 }}>
          <Descriptions.Item label={t('billing.customer')}>
            <Link to={`/customers/${b.customerId}`}>{b.customerName}</Link>
          </Descriptions.Item>
          <Descriptions.Item label={t('bills.period')}>{b.period}</Descriptions.Item>
          <Descriptions.Item label={t('bills.settlement')}>
            <SettlementTag bill={b} />
          </Descriptions.Item>
          <Descriptions.Item label={t('bills.issueDate')}>{b.issueDate}</Descriptions.Item>
          <Descriptions.Item label={t('menu.invoices')}>{b.invoice ? `${t(`invoices.status.${b.invoice.status as 'issued'}`)} ${b.invoice.invoiceNumber ?? ''}` : '—'}</Descriptions.Item>
          <Descriptions.Item label={t('bills.dueDate')}>{b.dueDate}</Descriptions.Item>
          <Descriptions.Item label={t('bills.total')}>{money(b.total)}</Descriptions.Item>
          <Descriptions.Item label={t('bills.paid')}>{money(b.paid)}</Descriptions.Item>
          <Descriptions.Item label={t('adjustments.kind.write_off')}>{money(b.writtenOff)}</Descriptions.Item>
          <Descriptions.Item label={t('bills.open')}>
            <Typography.Text strong data-testid="bill-open">
              {money(b.open)}
            </Typography.Text>
          </Descriptions.Item>
        </Descriptions>
      </Card>
      <Card size="small" title={t('bills.lines')}>
        <Table<Line>
          rowKey="id"
          size="small"
          pagination={false}
          dataSource={b.lines}
          columns={[
            { title: t('bills.contract'), key: 'contract', width: 170, render: (_, line) => (line.contractId ? <Link to={`/contracts/${line.contractId}`}>{line.contractNumber}</Link> : '—') },
            { title: t('bills.linePeriod'), dataIndex: 'period', width: 60 },
            { title: t('bills.item'), key: 'item', width: 150, render: (_, line) => (line.kind === 'schedule' ? line.itemName : <>{line.itemName} <Tag color={line.kind === 'adjustment' ? 'purple' : line.kind === 'late_fee' ? 'volcano' : line.kind === 'rebate' ? 'green' : 'blue'}>{t(`bills.kind.${line.kind}`)}</Tag></>) },
            { title: t('bills.lineTerm'), key: 'term', width: 200, render: (_, line) => (line.lineStart ? `${line.lineStart} ~ ${line.lineEnd}` : '—') },
            { title: t('billing.amount'), dataIndex: 'amount', width: 120, align: 'right', render: money },
            { title: t('bills.explanation'), dataIndex: 'explanation' },
          ]}
          summary={() => (
            <Table.Summary.Row>
              <Table.Summary.Cell index={0} colSpan={4}>
                <Typography.Text strong>{t('billing.total')}</Typography.Text>
              </Table.Summary.Cell>
              <Table.Summary.Cell index={1} align="right">
                <Typography.Text strong>{money(b.total)}</Typography.Text>
              </Table.Summary.Cell>
              <Table.Summary.Cell index={2} />
            </Table.Summary.Row>
          )}
        />
      </Card>
      <Card size="small" title={t('bills.allocations')}>
        <Table<Applied>
          rowKey="id"
          size="small"
          pagination={false}
          dataSource={b.allocations}
          locale={{ emptyText: t('bills.noAllocations') }}
          columns={[
            { title: t('bills.receipt'), key: 'receipt', render: (_, a) => <Link to={`/billing/receipts?id=${a.receiptId}`}>{a.receiptNumber}</Link> },
            { title: t('receipts.method'), key: 'method', width: 120, render: (_, a) => t(`receipts.method.${a.method as 'cash'}`) },
            { title: t('bills.allocatedOn'), dataIndex: 'allocatedOn', width: 120 },
            { title: t('billing.amount'), dataIndex: 'amount', width: 120, align: 'right', render: money },
            { title: t('bills.settlement'), key: 'reversed', width: 160, render: (_, a) => (a.reversedOn ? <Tag color="red">{t('bills.reversedOn', { date: a.reversedOn })}</Tag> : null) },
          ]}
        />
      </Card>
      <AdjustmentModal kind="write_off" targetId={b.id} open={writingOff} onClose={() => setWritingOff(false)} />
      <Modal
        open={voiding}
        title={t('bills.voidTitle', { number: b.number })}
        okText={t('bills.void')}
        okButtonProps={{ danger: true, loading: doVoid.isPending }}
        onOk={() => form.validateFields().then((values) => doVoid.mutate(values.reason))}
        onCancel={() => setVoiding(false)}
        destroyOnHidden
      >
        <Typography.Paragraph type="secondary">{t('bills.voidHelp')}</Typography.Paragraph>
        <Form form={form} layout="vertical">
          <Form.Item name="reason" label={t('bills.voidReason')} rules={[{ required: true, message: t('common.required', { label: t('bills.voidReason') }) }]}>
            <Input.TextArea rows={3} maxLength={500} data-testid="bill-void-reason" />
          </Form.Item>
        </Form>
      </Modal>
    </PageContainer>
  );
}
