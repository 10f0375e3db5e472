import { useQuery } from '@tanstack/react-query';
import { Alert, Card, Flex, InputNumber, Table, Typography, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { useAuth } from '../../../app/auth-context';
import { PageContainer } from '../../../ui/PageContainer';
import { OrgUnitTreeSelect } from '../../org/OrgUnitTreeSelect';
import { formatYuan, getTopCustomers, gradingQueryKey, type TopCustomer } from './grading-api';
import { GradeTag } from './GradeTab';
import { useT } from '../../../app/i18n/LocaleProvider';

/** 重点客户监控 (R-CUS-23): a unit's top N customers by rolling 12-month revenue. */
export function TopCustomersPage() {
  const t = useT();
  const { hasPermission, me } = useAuth();
  const [unitId, setUnitId] = useState<number | undefined>(me?.unitId);
  const [n, setN] = useState<number | null>(null);
  const allowed = hasPermission('report:read') || hasPermission('development:assign');
  const top = useQuery({
    queryKey: [...gradingQueryKey, 'top', unitId ?? null, n],
    queryFn: () => getTopCustomers(unitId, n ?? undefined),
    enabled: allowed,
  });
  const data = top.data;

  const columns: TableColumnsType<TopCustomer> = [
    { title: t('customers.grading.rank'), dataIndex: 'rank', width: 64, fixed: 'left', align: 'right' },
    {
      title: t('audit.entity.customer'),
      dataIndex: 'name',
      fixed: 'left',
      width: 240,
      render: (name: string, row) => (
        <Flex vertical>
          <Link to={`/customers/${row.customerId}`}>{name}</Link>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {row.code}
          </Typography.Text>
        </Flex>
      ),
    },
    { title: t('customers.grading.grade'), dataIndex: 'grade', width: 90, render: (_, row) => <GradeTag grade={row.grade} name={row.gradeName} /> },
    { title: t('customers.grading.12MonthRevenue'), dataIndex: 'revenue', width: 150, align: 'right', render: (value: string) => <strong>{formatYuan(value)}</strong> },
    { title: t('org.manager'), dataIndex: 'ownerName', width: 100, render: (value: string | null) => value ?? t('customers.grading.sharedPool') },
    { title: t('customers.grading.unit'), dataIndex: 'unitName', width: 140 },
    ...(data?.months ?? []).map((month, index) => ({
      title: month,
      key: month,
      width: 120,
      align: 'right' as const,
      render: (_: unknown, row: TopCustomer) => formatYuan(row.monthly[index]),
    })),
  ];

  return (
    <PageContainer
      title={t('menu.topCustomers')}
      subtitle={data ? t('customers.grading.topOfWithSubUnits', { unitName: data.unitName, from: data.window.from, to: data.window.to, n: data.n }) : t('customers.grading.rankedBy12MonthRevenue')}
      extra={
        <>
          <OrgUnitTreeSelect aria-label={t('customers.grading.chooseAUnit')} value={unitId} onChange={(value) => setUnitId(value ?? undefined)} placeholder={t('customers.grading.chooseAUnit')} style={{ width: 240 }} allowClear={false} />
          <InputNumber aria-label={t('customers.grading.topNDefault', { v0: data?.n ?? 100 })} min={1} max={1000} precision={0} value={n} onChange={(value) => setN(value)} placeholder={t('customers.grading.topNDefault', { v0: data?.n ?? 100 })} style={{ width: 170 }} />
        </>
      }
    >
      {!allowed ? (
        <Alert type="warning" showIcon title={t('customers.grading.topCustomersNeedsTheReports')} />
      ) : (
        <Card size="small">
          {/* A scrollable region that keyboard users can reach (WCAG 2.1.1). */}
          <div tabIndex={0} role="region" aria-label={t('menu.topCustomers')} style={{ overflowX: 'auto' }}>
            <Table<TopCustomer>
              size="small"
              rowKey="customerId"
              loading={top.isLoading}
              dataSource={data?.items ?? []}
              columns={columns}
              pagination={{ pageSize: 50, hideOnSinglePage: true, showSizeChanger: false }}
              locale={{ emptyText: t('customers.grading.noCustomerOfThisUnit') }}
            />
          </div>
        </Card>
      )}
    </PageContainer>
  );
}
