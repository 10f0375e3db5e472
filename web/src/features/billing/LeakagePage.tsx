import { useQuery } from '@tanstack/react-query';
import { Card, Flex, Table, Typography } from 'antd';
import type { ReactNode } from 'react';
import { Link } from 'react-router-dom';
import { api } from '../../app/api-client';
import { useT } from '../../app/i18n/LocaleProvider';
import { PageContainer } from '../../ui/PageContainer';
import { money } from './billing-api';

interface Leakage {
  asOf: string;
  unbilled: { customerId: number; customerName: string; contractId: number; contractNumber: string; period: number; itemName: string; dueDate: string; amount: string }[];
  usage: { customerId: number; customerName: string; period: string; itemName: string; amount: string }[];
  occupied: { unitCode: string; customerId: number | null; customerName: string | null; contractNumber: string | null; contractStatus: string | null }[];
  belowList: { contractId: number; contractNumber: string; customerName: string; unitCode: string; basis: string; contractPrice: string; listPrice: string }[];
}

/** 防跑冒滴漏 (R-BIL-13): what should be earning and is not. */
export function LeakagePage() {
  const t = useT();
  const report = useQuery({ queryKey: ['billing-leakage'], queryFn: () => api.get<Leakage>('/billing/leakage') });
  const r = report.data;
  const section = (title: string, count: number | undefined, table: ReactNode) => (
    <Card size="small" title={t('leakage.section', { title, count: count ?? 0 })}>
      {table}
    </Card>
  );
  return (
    <PageContainer title={t('leakage.title')} subtitle={t('leakage.subtitle')}>
      <Flex vertical gap={12}>
        {section(
          t('leakage.unbilled'),
          r?.unbilled.length,
          <Table
            rowKey={(row) => `${row.contractId}-${row.period}-${row.itemName}`}
            size="small"
            loading={report.isLoading}
            dataSource={r?.unbilled ?? []}
            pagination={{ pageSize: 10 }}
            columns={[
              { title: t('billing.customer'), key: 'customer', render: (_, row) => <Link to={`/customers/${row.customerId}`}>{row.customerName}</Link> },
              { title: t('bills.contract'), key: 'contract', render: (_, row) => <Link to={`/contracts/${row.contractId}`}>{row.contractNumber}</Link> },
              { title: t('bills.linePeriod'), dataIndex: 'period', width: 70 },
              { title: t('bills.item'), dataIndex: 'itemName', width: 110 },
              { title: t('bills.dueDate'), dataIndex: 'dueDate', width: 110 },
              { title: t('billing.amount'), dataIndex: 'amount', width: 120, align: 'right', render: money },
            ]}
          />,
        )}
        {section(
          t('leakage.usage'),
          r?.usage.length,
          <Table
            rowKey={(row) => `${row.customerId}-${row.period}-${row.itemName}-${row.amount}`}
            size="small"
            dataSource={r?.usage ?? []}
            pagination={{ pageSize: 10 }}
            columns={[
              { title: t('billing.customer'), key: 'customer', render: (_, row) => <Link to={`/customers/${row.customerId}`}>{row.customerName}</Link> },
              { title: t('bills.period'), dataIndex: 'period', width: 90 },
              { title: t('bills.item'), dataIndex: 'itemName', width: 110 },
              { title: t('billing.amount'), dataIndex: 'amount', width: 120, align: 'right', render: money },
            ]}
          />,
        )}
        {section(
          t('leakage.occupied'),
          r?.occupied.length,
          <Table
            rowKey="unitCode"
            size="small"
            dataSource={r?.occupied ?? []}
            pagination={{ pageSize: 10 }}
            columns={[
              { title: t('leakage.unit'), dataIndex: 'unitCode' },
              { title: t('billing.customer'), dataIndex: 'customerName' },
              { title: t('bills.contract'), key: 'contract', render: (_, row) => (row.contractNumber ? `${row.contractNumber} ${row.contractStatus ?? ''}` : '—') },
            ]}
          />,
        )}
        {section(
          t('leakage.belowList'),
          r?.belowList.length,
          <Table
            rowKey={(row) => `${row.contractId}-${row.unitCode}`}
            size="small"
            dataSource={r?.belowList ?? []}
            pagination={{ pageSize: 10 }}
            columns={[
              { title: t('bills.contract'), key: 'contract', render: (_, row) => <Link to={`/contracts/${row.contractId}`}>{row.contractNumber}</Link> },
              { title: t('billing.customer'), dataIndex: 'customerName' },
              { title: t('leakage.unit'), dataIndex: 'unitCode' },
              { title: t('leakage.contractPrice'), dataIndex: 'contractPrice', width: 120, align: 'right' },
              { title: t('leakage.listPrice'), dataIndex: 'listPrice', width: 120, align: 'right' },
            ]}
          />,
        )}
        {r && <Typography.Text type="secondary">{t('leakage.asOf', { date: r.asOf })}</Typography.Text>}
      </Flex>
    </PageContainer>
  );
}
