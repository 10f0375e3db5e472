import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Descriptions, Flex, Skeleton, Table, Tag } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { api } from '../../app/api-client';
import { useAuth } from '../../app/auth-context';
import { AdjustmentModal } from './AdjustmentModal';
import { StatementPanel } from './StatementPanel';
import { CreditPanel } from './CreditPanel';
import { DepositPanel } from './DepositPanel';
import { CreditRatingCard } from './credit/CreditRatingCard';
import { useT } from '../../app/i18n/LocaleProvider';
import { customerAccount, money } from './billing-api';

/** 账务往来 on the customer page: the ledger figures and the credit status (R-BIL-05, 12). */
export function CustomerAccountTab({ customerId }: { customerId: number }) {
  const t = useT();
  const { hasPermission } = useAuth();
  const [refunding, setRefunding] = useState(false);
  const account = useQuery({ queryKey: ['customer-account', customerId], queryFn: () => customerAccount(customerId), retry: false });
  const adjustments = useQuery({
    queryKey: ['billing-adjustments', customerId],
    queryFn: () => api.get<{ id: number; kind: 'write_off' | 'refund'; billId: number | null; billNumber: string | null; amount: string; reason: string; status: 'pending' | 'approved' | 'rejected' | 'withdrawn'; createdAt: string }[]>('/billing/adjustments', { customerId }),
    enabled: account.isSuccess,
  });
  if (account.isLoading) return <Skeleton active />;
  if (account.error || !account.data) return <Alert type="info" message={(account.error as Error | null)?.message ?? t('common.loadFailed')} />;
  const a = account.data;
  const status = a.creditStatus;
  return (
    <Flex vertical gap={12}>
      {status.status !== 'ok' && (
        <Alert
          type={status.status === 'hold' ? 'error' : 'warning'}
          showIcon
          data-testid="credit-status"
          message={t(`account.credit.${status.status}`)}
          description={t('account.credit.detail', { amount: money(status.overdueAmount), days: status.daysOverdue, holdDays: status.holdDays })}
        />
      )}
      <Descriptions size="small" bordered column={{ xs: 1, md: 3 }}>
        <Descriptions.Item label={t('account.billed')}>{money(a.billed)}</Descriptions.Item>
        <Descriptions.Item label={t('account.received')}>{money(a.received)}</Descriptions.Item>
        <Descriptions.Item label={t('account.receivable')}>{money(a.receivable)}</Descriptions.Item>
        <Descriptions.Item label={t('bills.open')}>{money(a.open)}</Descriptions.Item>
        <Descriptions.Item label={t('receipts.unallocated')}>{money(a.credit)}</Descriptions.Item>
        <Descriptions.Item label={t('account.overdue')}>{money(a.overdue)}</Descriptions.Item>
        <Descriptions.Item label={t('account.depositHeld')}>{money(a.depositHeld)}</Descriptions.Item>
      </Descriptions>
      <Flex gap={8}>
        <Link to={`/billing/bills?customerId=${customerId}`}>
          <Button>{t('account.openBills')}</Button>
        </Link>
        {hasPermission('billing:write') && (
          <Button onClick={() => setRefunding(true)} data-testid="account-refund">
            {t('adjustments.refund')}
          </Button>
        )}
      </Flex>
      {(adjustments.data?.length ?? 0) > 0 && (
        <Table
          rowKey={(row) => `${row.kind}-${row.id}`}
          size="small"
          pagination={false}
          dataSource={adjustments.data}
          columns={[
            { title: t('adjustments.list'), key: 'kind', width: 110, render: (_, row) => t(`adjustments.kind.${row.kind}`) },
            { title: t('bills.number'), key: 'bill', width: 170, render: (_, row) => (row.billId ? <Link to={`/billing/bills/${row.billId}`}>{row.billNumber}</Link> : '—') },
            { title: t('billing.amount'), dataIndex: 'amount', width: 120, align: 'right', render: money },
            { title: t('adjustments.reason'), dataIndex: 'reason' },
            { title: t('bills.settlement'), key: 'status', width: 90, render: (_, row) => <Tag>{t(`adjustments.status.${row.status}`)}</Tag> },
          ]}
        />
      )}
      <DepositPanel customerId={customerId} />
      <CreditRatingCard customerId={customerId} />
      <CreditPanel customerId={customerId} />
      <StatementPanel customerId={customerId} />
      <AdjustmentModal kind="refund" targetId={customerId} open={refunding} onClose={() => setRefunding(false)} />
    </Flex>
  );
}
