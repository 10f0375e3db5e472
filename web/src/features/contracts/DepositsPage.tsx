import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App as AntdApp, Button, Popconfirm, Segmented, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { useT } from '../../app/i18n/LocaleProvider';
import { PageContainer } from '../../ui/PageContainer';
import { listDeposits, settleDeposit, type Deposit } from './contracts-api';

// 定金与认购书 (R-LEA-34): every deposit taken for a reservation in the caller's customer scope,
// with the subscription's rules; finance settles those whose reservation ended without a contract.

const statusColor: Record<Deposit['status'], string> = { held: 'gold', converted: 'green', forfeited: 'red', refunded: 'default' };

export function DepositsPage() {
  const t = useT();
  const { message } = AntdApp.useApp();
  const queryClient = useQueryClient();
  const [status, setStatus] = useState<Deposit['status'] | 'all'>('held');
  const key = ['reservation-deposits', status];
  const deposits = useQuery({ queryKey: key, queryFn: () => listDeposits(status === 'all' ? undefined : status) });
  const settle = useMutation({
    mutationFn: (deposit: Deposit) => settleDeposit(deposit.id),
    onSuccess: async () => {
      message.success(t('deposits.settled'));
      await queryClient.invalidateQueries({ queryKey: ['reservation-deposits'] });
    },
    onError: (error: Error) => message.error(error.message),
  });
  return (
    <PageContainer title={t('menu.deposits')} subtitle={t('deposits.subtitle')}>
      <Segmented
        value={status}
        onChange={(value) => setStatus(value as typeof status)}
        options={(['held', 'converted', 'forfeited', 'refunded', 'all'] as const).map((value) => ({ value, label: t(`deposits.status.${value}`) }))}
        style={{ marginBottom: 12 }}
      />
      <Table<Deposit>
        rowKey="id"
        size="small"
        loading={deposits.isLoading}
        dataSource={deposits.data ?? []}
        pagination={{ pageSize: 20 }}
        columns={[
          { title: t('deposits.customer'), key: 'customer', render: (_, row) => <Link to={`/customers/${row.customerId}`}>{row.customerName}</Link> },
          { title: t('deposits.unit'), dataIndex: 'unitCode', width: 160 },
          { title: t('deposits.kind'), dataIndex: 'kindName', width: 70 },
          { title: t('deposits.amount'), dataIndex: 'amount', width: 110, align: 'right' },
          { title: t('deposits.receivedOn'), dataIndex: 'receivedOn', width: 110 },
          { title: t('deposits.rules'), key: 'rules', render: (_, row) => <Typography.Text title={row.terms}>{row.rules}</Typography.Text> },
          { title: t('deposits.reservation'), key: 'reservation', width: 200, render: (_, row) => `${row.reservation.startDate} ~ ${row.reservation.endDate}` },
          {
            title: t('deposits.status'),
            key: 'status',
            width: 170,
            render: (_, row) => (
              <>
                <Tag color={statusColor[row.status]}>{row.statusName}</Tag>
                {row.contractId && <Link to={`/contracts/${row.contractId}`}>{t('deposits.contract')}</Link>}
                {row.canSettle && (
                  <Popconfirm title={t('deposits.settleConfirm', { rules: row.rules })} onConfirm={() => settle.mutate(row)}>
                    <Button size="small" data-testid={`deposit-settle-${row.id}`}>
                      {t('deposits.settle')}
                    </Button>
                  </Popconfirm>
                )}
              </>
            ),
          },
        ]}
      />
    </PageContainer>
  );
}
