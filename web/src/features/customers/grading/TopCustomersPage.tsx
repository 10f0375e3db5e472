import { useQuery } from '@tanstack/react-query';
import { Alert, Card, Flex, InputNumber, Table, Typography, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { useAuth } from '../../../app/auth-context';
import { PageContainer } from '../../../ui/PageContainer';
import { OrgUnitTreeSelect } from '../../org/OrgUnitTreeSelect';
import { formatYuan, getTopCustomers, gradingQueryKey, type TopCustomer } from './grading-api';
import { GradeTag } from './GradeTab';

/** 重点客户监控 (R-CUS-23): a unit's top N customers by rolling 12-month revenue. */
export function TopCustomersPage() {
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
    { title: '排名', dataIndex: 'rank', width: 64, fixed: 'left', align: 'right' },
    {
      title: '客户',
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
    { title: '等级', dataIndex: 'grade', width: 90, render: (_, row) => <GradeTag grade={row.grade} name={row.gradeName} /> },
    { title: '近 12 个月收入', dataIndex: 'revenue', width: 150, align: 'right', render: (value: string) => <strong>{formatYuan(value)}</strong> },
    { title: '负责人', dataIndex: 'ownerName', width: 100, render: (value: string | null) => value ?? '公海' },
    { title: '所属单位', dataIndex: 'unitName', width: 140 },
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
      title="重点客户监控"
      subtitle={data ? `${data.unitName}（含下级单位）近 12 个月（${data.window.from} 至 ${data.window.to}）收入前 ${data.n} 名` : '按近 12 个月收入排名'}
      extra={
        <>
          <OrgUnitTreeSelect value={unitId} onChange={(value) => setUnitId(value ?? undefined)} placeholder="选择单位" style={{ width: 240 }} allowClear={false} />
          <InputNumber min={1} max={1000} precision={0} value={n} onChange={(value) => setN(value)} placeholder={`前 N 名（默认 ${data?.n ?? 100}）`} style={{ width: 170 }} />
        </>
      }
    >
      {!allowed ? (
        <Alert type="warning" showIcon title="查看重点客户监控需要「查看报表与看板」或「分配与转移客户」权限" />
      ) : (
        <Card size="small">
          <Table<TopCustomer>
            size="small"
            rowKey="customerId"
            loading={top.isLoading}
            dataSource={data?.items ?? []}
            columns={columns}
            scroll={{ x: 'max-content' }}
            pagination={{ pageSize: 50, hideOnSinglePage: true, showSizeChanger: false }}
            locale={{ emptyText: '该单位近 12 个月没有收入记录的客户' }}
          />
        </Card>
      )}
    </PageContainer>
  );
}
