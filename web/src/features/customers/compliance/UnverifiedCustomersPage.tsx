import { ReloadOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App as AntdApp, Button, Card, Flex, Popconfirm, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { Link } from 'react-router-dom';
import { useAuth } from '../../../app/auth-context';
import { formatDate, formatDateTime } from '../../../ui/format';
import { PageContainer } from '../../../ui/PageContainer';
import { useServerTable } from '../../../ui/use-server-table';
import { OrgUnitTreeSelect } from '../../org/OrgUnitTreeSelect';
import { UserSelect } from '../../users/UserSelect';
import {
  customersPrefix,
  listUnverified,
  unverifiedQueryKey,
  verifyCustomer,
  type UnverifiedCustomer,
  type UnverifiedFilters,
  type UnverifiedPage,
} from './compliance-api';

/** 待核实客户 (R-CUS-33): customers in my scope not verified since this quarter began, per owner. */
export function UnverifiedCustomersPage() {
  const { hasPermission } = useAuth();
  const canVerify = hasPermission('customer:update');
  const { message } = AntdApp.useApp();
  const queryClient = useQueryClient();
  const { tableProps, filters, setFilters, sortOrderFor, query, refetch } = useServerTable<UnverifiedCustomer, UnverifiedFilters>({
    queryKey: unverifiedQueryKey,
    fetchPage: listUnverified,
    initialFilters: {},
  });
  const data = query.data as UnverifiedPage | undefined;

  const verify = useMutation({
    mutationFn: (id: number) => verifyCustomer(id, {}),
    onSuccess: async () => {
      message.success('已确认核实');
      await queryClient.invalidateQueries({ queryKey: customersPrefix });
    },
  });

  const columns: TableColumnsType<UnverifiedCustomer> = [
    {
      title: '客户',
      key: 'name',
      render: (_, row) => (
        <Flex vertical>
          <Link to={`/customers/${row.id}`}>{row.name}</Link>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {row.code}
          </Typography.Text>
        </Flex>
      ),
    },
    { title: '客户经理', dataIndex: 'ownerName', key: 'ownerName', width: 140, render: (name: string | null) => name ?? <Tag>公海</Tag> },
    { title: '部门', dataIndex: 'unitName', key: 'unitName', width: 180 },
    {
      title: '上次核实',
      dataIndex: 'verifiedAt',
      key: 'verifiedAt',
      width: 170,
      sorter: true,
      sortOrder: sortOrderFor('verifiedAt'),
      render: (value: string | null) => (value ? formatDateTime(value) : <Typography.Text type="warning">从未核实</Typography.Text>),
    },
    {
      title: '操作',
      key: 'actions',
      width: 110,
      render: (_, row) =>
        canVerify && (
          <Popconfirm title="确认该客户的资料仍然准确？" okText="确认核实" onConfirm={() => verify.mutateAsync(row.id)}>
            <Button size="small" type="link">
              确认核实
            </Button>
          </Popconfirm>
        ),
    },
  ];

  return (
    <PageContainer
      title="待核实客户"
      subtitle={data ? `客户资料每季度至少核实一次；以下客户自 ${formatDate(data.quarterStart)} 本季度开始以来尚未核实。` : '客户资料每季度至少核实一次。'}
    >
      <Card size="small">
        <Flex gap={8} wrap align="center">
          <UserSelect allowClear placeholder="客户经理" style={{ width: 220 }} value={filters.ownerId} onChange={(ownerId) => setFilters({ ...filters, ownerId: ownerId ?? undefined })} />
          <OrgUnitTreeSelect placeholder="部门（含下级）" style={{ width: 220 }} value={filters.unitId} onChange={(unitId) => setFilters({ ...filters, unitId: unitId ?? undefined })} />
          <Button icon={<ReloadOutlined />} onClick={() => refetch()}>
            刷新
          </Button>
        </Flex>
        {data && data.byOwner.length > 0 && (
          <Flex gap={8} wrap style={{ marginTop: 12 }}>
            <Typography.Text type="secondary">按客户经理：</Typography.Text>
            {data.byOwner.map((group) => (
              <Tag
                key={group.ownerId ?? 'pool'}
                color={filters.ownerId === group.ownerId ? 'blue' : undefined}
                style={{ cursor: group.ownerId ? 'pointer' : undefined }}
                onClick={() => group.ownerId && setFilters({ ...filters, ownerId: filters.ownerId === group.ownerId ? undefined : group.ownerId })}
              >
                {group.ownerName ?? '公海'} {group.count}
              </Tag>
            ))}
          </Flex>
        )}
      </Card>
      <Table<UnverifiedCustomer> {...tableProps} columns={columns} size="middle" />
    </PageContainer>
  );
}
