import { DownloadOutlined, ReloadOutlined, ThunderboltOutlined } from '@ant-design/icons';
import { Button, Card, Checkbox, DatePicker, Flex, Input, Select, Table, Tag, Typography, type TableColumnsType } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { useAuth } from '../../app/auth-context';
import { useT } from '../../app/i18n/LocaleProvider';
import { PageContainer } from '../../ui/PageContainer';
import { useServerTable } from '../../ui/use-server-table';
import { billsExportUrl, billsKey, listBills, money, type Bill, type BillFilters, type BillPage } from './billing-api';
import { BillingRunModal } from './BillingRunModal';

export const settlementColor: Record<Bill['settlement'], string> = { unpaid: 'red', partial: 'orange', paid: 'green', void: 'default' };

/** The settlement tag with the days overdue of an open bill. */
export function SettlementTag({ bill }: { bill: Pick<Bill, 'settlement' | 'daysOverdue'> }) {
  const t = useT();
  return (
    <Flex gap={4} wrap>
      <Tag color={settlementColor[bill.settlement]}>{t(`bills.settlement.${bill.settlement}`)}</Tag>
      {bill.daysOverdue > 0 && <Tag color="volcano">{t('bills.daysOverdue', { days: bill.daysOverdue })}</Tag>}
    </Flex>
  );
}

/** 账单 (R-BIL-04): bills in my billing scope with filters, totals of all matches, export and the monthly run. */
export function BillsPage() {
  const t = useT();
  const { hasPermission } = useAuth();
  const [running, setRunning] = useState(false);
  // The ageing page drills down here with ?customerId=
  const [params] = useSearchParams();
  const customerId = Number(params.get('customerId')) || undefined;
  const { tableProps, filters, setFilters, sortOrderFor, refetch, query } = useServerTable<Bill, BillFilters>({ queryKey: billsKey, fetchPage: listBills, initialFilters: customerId ? { customerId, settlement: 'open' } : {} });
  const sums = (query.data as BillPage | undefined)?.sums;
  const columns: TableColumnsType<Bill> = [
    { title: t('bills.number'), key: 'number', dataIndex: 'number', sorter: true, sortOrder: sortOrderFor('number'), render: (_, row) => <Link to={`/billing/bills/${row.id}`}>{row.number}</Link> },
    { title: t('billing.customer'), key: 'customer', render: (_, row) => <Link to={`/customers/${row.customerId}`}>{row.customerName}</Link> },
    { title: t('bills.period'), dataIndex: 'period', key: 'period', width: 90, sorter: true, sortOrder: sortOrderFor('period') },
    { title: t('bills.dueDate'), dataIndex: 'dueDate', key: 'dueDate', width: 110, sorter: true, sortOrder: sortOrderFor('dueDate') },
    { title: t('bills.total'), dataIndex: 'total', key: 'total', width: 120, align: 'right', sorter: true, sortOrder: sortOrderFor('total'), render: money },
    { title: t('bills.paid'), dataIndex: 'paid', key: 'paid', width: 120, align: 'right', render: money },
    { title: t('bills.open'), dataIndex: 'open', key: 'open', width: 120, align: 'right', render: money },
    { title: t('bills.settlement'), key: 'settlement', width: 190, render: (_, row) => <SettlementTag bill={row} /> },
  ];
  return (
    <PageContainer
      title={t('bills.title')}
      subtitle={t('bills.subtitle')}
      extra={
        <>
          <Button icon={<DownloadOutlined />} href={billsExportUrl(filters)} data-testid="bills-export">
            {t('billing.export')}
          </Button>
          {hasPermission('billing:write') && (
            <Button type="primary" icon={<ThunderboltOutlined />} onClick={() => setRunning(true)} data-testid="billing-run">
              {t('bills.run')}
            </Button>
          )}
        </>
      }
    >
      <Card size="small">
        <Flex gap={8} wrap align="center">
          <Input.Search aria-label={t('billing.search')} allowClear placeholder={t('billing.search')} style={{ width: 240 }} maxLength={50} onSearch={(q) => setFilters({ ...filters, q: q.trim() || undefined })} />
          <DatePicker
            picker="month"
            aria-label={t('bills.period')}
            placeholder={t('bills.period')}
            value={filters.period ? dayjs(`${filters.period}-01`) : null}
            onChange={(day) => setFilters({ ...filters, period: day ? day.format('YYYY-MM') : undefined })}
          />
          <Select<NonNullable<BillFilters['settlement']>>
            aria-label={t('bills.settlement')}
            allowClear
            placeholder={t('bills.settlement')}
            style={{ width: 130 }}
            value={filters.settlement}
            onChange={(settlement) => setFilters({ ...filters, settlement })}
            options={(['open', 'unpaid', 'partial', 'paid', 'void'] as const).map((value) => ({ value, label: t(`bills.settlement.${value}`) }))}
          />
          <Checkbox checked={filters.overdue === 'true'} onChange={(event) => setFilters({ ...filters, overdue: event.target.checked ? 'true' : undefined })}>
            {t('bills.overdueOnly')}
          </Checkbox>
          <Button icon={<ReloadOutlined />} onClick={() => refetch()}>
            {t('common.refresh')}
          </Button>
        </Flex>
      </Card>
      <Table<Bill>
        {...tableProps}
        columns={columns}
        size="middle"
        summary={() =>
          sums && (
            <Table.Summary.Row>
              <Table.Summary.Cell index={0} colSpan={8}>
                <Typography.Text strong data-testid="bills-sums">
                  {t('bills.sums', { total: money(sums.total), paid: money(sums.paid), open: money(sums.open) })}
                </Typography.Text>
              </Table.Summary.Cell>
            </Table.Summary.Row>
          )
        }
      />
      <BillingRunModal open={running} onClose={() => setRunning(false)} />
    </PageContainer>
  );
}
