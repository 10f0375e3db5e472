import { CheckCircleOutlined, WarningOutlined } from '@ant-design/icons';
import { useMutation, useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, DatePicker, Flex, List, Segmented, Table, Tooltip, Typography } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { useAuth } from '../../app/auth-context';
import { useT } from '../../app/i18n/LocaleProvider';
import { PageContainer } from '../../ui/PageContainer';
import { fenOf, getAgeing, getReconciliation, money, type Ageing } from './billing-api';
import { businessToday } from '../../ui/business-date';

type Row = Ageing['rows'][number];
const buckets = ['current', 'd1_30', 'd31_60', 'd61_90', 'over90'] as const;
const bucketColors: Record<(typeof buckets)[number], string> = { current: '#52c41a', d1_30: '#faad14', d31_60: '#fa8c16', d61_90: '#f5222d', over90: '#a8071a' };

/** One horizontal bar split by bucket, in proportion to the amounts (no chart library needed). */
function AgeingBar({ totals }: { totals: Ageing['totals'] }) {
  const t = useT();
  const total = fenOf(totals.total);
  if (total <= 0n) return null;
  return (
    <Flex style={{ height: 22, borderRadius: 4, overflow: 'hidden' }} role="img" aria-label={t('ageing.chart')}>
      {buckets.map((bucket) => {
        const share = Number((fenOf(totals[bucket]) * 10000n) / total) / 100;
        return share > 0 ? (
          <Tooltip key={bucket} title={t('ageing.share', { bucket: t(`ageing.${bucket}`), amount: money(totals[bucket]), share })}>
            <div style={{ width: `${share}%`, background: bucketColors[bucket] }} />
          </Tooltip>
        ) : null;
      })}
    </Flex>
  );
}

/** 欠费与账龄 (R-BIL-10) at any date, with the drill-down to bills, and the ledger check (R-BIL-05). */
export function AgeingPage() {
  const t = useT();
  const { hasPermission } = useAuth();
  const [asOf, setAsOf] = useState(businessToday().format('YYYY-MM-DD'));
  const [groupBy, setGroupBy] = useState<'customer' | 'owner' | 'unit'>('customer');
  const ageing = useQuery({ queryKey: ['billing-ageing', asOf, groupBy], queryFn: () => getAgeing(asOf, groupBy) });
  const check = useMutation({ mutationFn: getReconciliation });
  const totals = ageing.data?.totals;
  const nameCell = (row: Row) => (groupBy === 'customer' && row.key ? <Link to={`/billing/bills?customerId=${row.key}`}>{row.name}</Link> : row.name);
  return (
    <PageContainer title={t('ageing.title')} subtitle={t('ageing.subtitle')}>
      <Card size="small">
        <Flex gap={12} wrap align="center">
          <DatePicker aria-label={t('ageing.asOf')} allowClear={false} value={dayjs(asOf)} disabledDate={(day) => day.isAfter(businessToday(), 'day')} onChange={(day) => day && setAsOf(day.format('YYYY-MM-DD'))} />
          <Segmented value={groupBy} onChange={(value) => setGroupBy(value as typeof groupBy)} options={(['customer', 'owner', 'unit'] as const).map((value) => ({ value, label: t(`ageing.groupBy.${value}`) }))} />
        </Flex>
      </Card>
      {totals && <AgeingBar totals={totals} />}
      <Table<Row>
        rowKey={(row) => `${row.key}`}
        size="small"
        loading={ageing.isLoading}
        dataSource={ageing.data?.rows ?? []}
        pagination={{ pageSize: 50 }}
        columns={[
          { title: t('ageing.name'), key: 'name', render: (_, row) => nameCell(row) },
          { title: t('ageing.bills'), dataIndex: 'bills', width: 70, align: 'right' },
          ...buckets.map((bucket) => ({ title: t(`ageing.${bucket}`), dataIndex: bucket, key: bucket, width: 120, align: 'right' as const, render: money })),
          { title: t('ageing.total'), dataIndex: 'total', width: 130, align: 'right', render: (value: string) => <Typography.Text strong>{money(value)}</Typography.Text> },
          { title: t('ageing.oldest'), dataIndex: 'oldestDueDate', width: 110 },
        ]}
        summary={() =>
          totals && (
            <Table.Summary.Row>
              <Table.Summary.Cell index={0}>
                <Typography.Text strong>{t('billing.total')}</Typography.Text>
              </Table.Summary.Cell>
              <Table.Summary.Cell index={1} align="right">
                {totals.bills}
              </Table.Summary.Cell>
              {buckets.map((bucket, index) => (
                <Table.Summary.Cell key={bucket} index={index + 2} align="right">
                  {money(totals[bucket])}
                </Table.Summary.Cell>
              ))}
              <Table.Summary.Cell index={7} align="right">
                <Typography.Text strong data-testid="ageing-total">
                  {money(totals.total)}
                </Typography.Text>
              </Table.Summary.Cell>
              <Table.Summary.Cell index={8} />
            </Table.Summary.Row>
          )
        }
      />
      {hasPermission('report:read') && (
        <Card size="small" title={t('ageing.reconcile')} extra={<Button onClick={() => check.mutate()} loading={check.isPending} data-testid="ledger-check">{t('ageing.reconcile')}</Button>}>
          <Typography.Paragraph type="secondary">{t('ageing.reconcileHelp')}</Typography.Paragraph>
          {check.data && (
            <Flex vertical gap={8}>
              <Alert
                type={check.data.balanced ? 'success' : 'error'}
                showIcon
                icon={check.data.balanced ? <CheckCircleOutlined /> : <WarningOutlined />}
                message={check.data.balanced ? t('ageing.balanced', { customers: check.data.customers }) : t('ageing.unbalanced', { count: check.data.problems.length })}
                description={t('ageing.reconcileTotals', Object.fromEntries(Object.entries(check.data.totals).map(([key, value]) => [key, money(value)])))}
              />
              {check.data.problems.length > 0 && <List size="small" dataSource={check.data.problems} renderItem={(p) => <List.Item>{t('ageing.problem', { customer: p.customerName, problem: p.problem })}</List.Item>} />}
            </Flex>
          )}
        </Card>
      )}
    </PageContainer>
  );
}
