import { ReloadOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App as AntdApp, Button, Card, Flex, Input, Popconfirm, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { useNavigate } from 'react-router-dom';
import { useAuth } from '../../../app/auth-context';
import { formatDate, formatDateTime } from '../../../ui/format';
import { PageContainer } from '../../../ui/PageContainer';
import { useServerTable } from '../../../ui/use-server-table';
import { claimCustomer, listPool, ownershipQueryKey, poolQueryKey, type PoolCustomer } from './ownership-api';

/** 公海 (R-DEV-10): unowned customers, limited fields, claim with one click. */
export function PoolPage() {
  const { modal } = AntdApp.useApp();
  const { hasPermission } = useAuth();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const canClaim = hasPermission('development:write');
  const { tableProps, filters, setFilters, sortOrderFor, refetch } = useServerTable<PoolCustomer, { q?: string }>({
    queryKey: poolQueryKey,
    fetchPage: listPool,
    initialFilters: {},
  });

  const claim = useMutation({
    mutationFn: (customer: PoolCustomer) => claimCustomer(customer.id),
    meta: { silent: true },
    onSuccess: async (result, customer) => {
      await queryClient.invalidateQueries({ queryKey: ownershipQueryKey });
      modal.success({
        title: `已认领「${customer.name}」`,
        content: `保护期至 ${formatDate(result.protectedUntil)}；您名下现有 ${result.ownedCount} / ${result.ownerLimit} 个客户。`,
        okText: '查看客户',
        onOk: () => navigate(`/customers/${customer.id}`),
      });
    },
    onError: async (error) => {
      // The server says why: someone else was faster, an exclusive right, the blacklist, the limit.
      modal.warning({ title: '不能认领', content: error instanceof Error ? error.message : String(error) });
      await queryClient.invalidateQueries({ queryKey: poolQueryKey });
    },
  });

  const columns: TableColumnsType<PoolCustomer> = [
    { title: '客户名称', dataIndex: 'name', key: 'name', sorter: true, sortOrder: sortOrderFor('name') },
    { title: '行业', dataIndex: 'industryName', key: 'industry', width: 160, render: (value: string | null) => value ?? '—' },
    { title: '地区', key: 'region', width: 160, render: (_, row) => [row.city, row.district].filter(Boolean).join(' ') || '—' },
    { title: '来源', dataIndex: 'sourceName', key: 'source', width: 110, render: (value: string | null) => value ?? '—' },
    { title: '等级', dataIndex: 'grade', key: 'grade', width: 80, sorter: true, sortOrder: sortOrderFor('grade'), render: (value: string | null) => value ?? '—' },
    {
      title: '意向',
      dataIndex: 'intentLevel',
      key: 'intentLevel',
      width: 80,
      sorter: true,
      sortOrder: sortOrderFor('intentLevel'),
      render: (value: string | null) => (value ? <Tag color={value === 'A' ? 'red' : value === 'B' ? 'orange' : 'default'}>{value}</Tag> : '—'),
    },
    {
      title: '退回公海时间',
      dataIndex: 'releasedAt',
      key: 'releasedAt',
      width: 170,
      sorter: true,
      sortOrder: sortOrderFor('releasedAt'),
      render: (value: string | null, row) => (
        <Flex vertical>
          <span>{value ? formatDateTime(value) : '—'}</span>
          {row.timesReleased > 0 && (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              已退回 {row.timesReleased} 次
            </Typography.Text>
          )}
        </Flex>
      ),
    },
  ];
  if (canClaim) {
    columns.push({
      title: '操作',
      key: 'actions',
      width: 90,
      fixed: 'right',
      render: (_, row) => (
        <Popconfirm title={`认领「${row.name}」？`} description="认领后取得保护期，需定期有效跟进。" onConfirm={() => claim.mutateAsync(row).catch(() => undefined)}>
          <Button type="link" size="small" loading={claim.isPending && claim.variables?.id === row.id}>
            认领
          </Button>
        </Popconfirm>
      ),
    });
  }

  return (
    <PageContainer title="公海客户" subtitle="无人负责的客户，全公司可见（仅显示基本信息）。认领先到先得；他人报备的独家开发期内、黑名单客户或名下客户已达上限时不能认领。">
      <Card size="small">
        <Flex gap={8} wrap>
          <Input.Search allowClear placeholder="客户名称或拼音首字母" style={{ width: 260 }} maxLength={100} onSearch={(q) => setFilters({ ...filters, q: q.trim() || undefined })} />
          <Button icon={<ReloadOutlined />} onClick={() => void refetch()}>
            刷新
          </Button>
        </Flex>
      </Card>
      <Table<PoolCustomer> {...tableProps} columns={columns} size="middle" scroll={{ x: 1000 }} />
    </PageContainer>
  );
}
