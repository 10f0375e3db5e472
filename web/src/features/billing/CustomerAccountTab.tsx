import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Descriptions, Flex, Skeleton } from 'antd';
import { Link } from 'react-router-dom';
import { useT } from '../../app/i18n/LocaleProvider';
import { customerAccount, money } from './billing-api';

/** 账务往来 on the customer page: the ledger figures and the credit status (R-BIL-05, 12). */
export function CustomerAccountTab({ customerId }: { customerId: number }) {
  const t = useT();
  const account = useQuery({ queryKey: ['customer-account', customerId], queryFn: () => customerAccount(customerId), retry: false });
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
      </Flex>
    </Flex>
  );
}
