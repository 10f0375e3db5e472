import { ReloadOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Checkbox, Flex, Input, Table, Typography, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { useAuth } from '../../../app/auth-context';
import { formatDate } from '../../../ui/format';
import { PageContainer } from '../../../ui/PageContainer';
import { useServerTable } from '../../../ui/use-server-table';
import { listMyCustomers, myCustomersQueryKey, type MyCustomer, type MyCustomersPage as MyPage } from './ownership-api';
import { ReleaseModal, TransferModal } from './OwnershipModals';
import { ReleaseCountdown } from './ReleaseCountdown';

type Filters = { q?: string; dueSoon?: boolean };

/** 我的客户 (R-DEV-11): owned customers with the protection and release countdown. */
export function MyCustomersPage() {
  const { hasPermission } = useAuth();
  const canWrite = hasPermission('development:write');
  const [action, setAction] = useState<{ kind: 'release' | 'transfer'; customer: MyCustomer } | null>(null);
  const { tableProps, filters, setFilters, sortOrderFor, refetch, query } = useServerTable<MyCustomer, Filters>({
    queryKey: myCustomersQueryKey,
    fetchPage: listMyCustomers,
    initialFilters: {},
  });
  // The my-customers answer carries the owner's totals besides the page.
  const page = query.data as MyPage | undefined;

  const columns: TableColumnsType<MyCustomer> = [
    {
      title: '客户',
      key: 'name',
      sorter: true,
      sortOrder: sortOrderFor('name'),
      render: (_, row) => (
        <Flex vertical>
          <Link to={`/customers/${row.id}`}>{row.name}</Link>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {row.code}
            {row.intentLevel ? ` · 意向 ${row.intentLevel}` : ''}
          </Typography.Text>
        </Flex>
      ),
    },
    { title: '取得时间', dataIndex: 'ownedSince', key: 'ownedSince', width: 120, sorter: true, sortOrder: sortOrderFor('ownedSince'), render: (v: string | null) => formatDate(v) },
    { title: '保护期至', dataIndex: 'protectedUntil', key: 'protectedUntil', width: 120, render: (v: string | null) => formatDate(v) },
    {
      title: '最近有效跟进',
      dataIndex: 'lastFollowUpAt',
      key: 'lastFollowUpAt',
      width: 130,
      sorter: true,
      sortOrder: sortOrderFor('lastFollowUpAt'),
      render: (v: string | null) => (v ? formatDate(v) : <Typography.Text type="secondary">尚无</Typography.Text>),
    },
    { title: '预计释放', dataIndex: 'releaseDueAt', key: 'releaseDueAt', width: 120, sorter: true, sortOrder: sortOrderFor('releaseDueAt'), render: (v: string | null) => formatDate(v) },
    { title: '剩余', key: 'countdown', width: 170, render: (_, row) => <ReleaseCountdown item={row} /> },
  ];
  if (canWrite) {
    columns.push({
      title: '操作',
      key: 'actions',
      width: 140,
      fixed: 'right',
      render: (_, row) => (
        <Flex gap={0}>
          <Button type="link" size="small" onClick={() => setAction({ kind: 'transfer', customer: row })}>
            转移
          </Button>
          <Button type="link" size="small" danger onClick={() => setAction({ kind: 'release', customer: row })}>
            退回公海
          </Button>
        </Flex>
      ),
    });
  }

  return (
    <PageContainer title="我的客户" subtitle="我负责的客户（私海）。保护期内及每次有效跟进（拜访、电话、来访）后，在规定天数内无有效跟进的客户将自动退回公海。">
      {page && page.dueSoonCount > 0 && (
        <Alert
          type="warning"
          showIcon
          title={`${page.dueSoonCount} 个客户即将退回公海，请尽快安排有效跟进。`}
          action={
            <Button size="small" onClick={() => setFilters({ ...filters, dueSoon: true })}>
              只看这些
            </Button>
          }
        />
      )}
      <Card size="small">
        <Flex gap={8} wrap align="center">
          <Input.Search allowClear placeholder="客户名称" style={{ width: 240 }} maxLength={100} onSearch={(q) => setFilters({ ...filters, q: q.trim() || undefined })} />
          <Checkbox checked={filters.dueSoon ?? false} onChange={(e) => setFilters({ ...filters, dueSoon: e.target.checked || undefined })}>
            只看即将释放
          </Checkbox>
          <Button icon={<ReloadOutlined />} onClick={() => void refetch()}>
            刷新
          </Button>
          {page && (
            <Typography.Text type="secondary">
              名下客户 {page.ownedCount} / 上限 {page.ownerLimit}
            </Typography.Text>
          )}
        </Flex>
      </Card>
      <Table<MyCustomer> {...tableProps} columns={columns} size="middle" scroll={{ x: 1000 }} />
      {action?.kind === 'release' && <ReleaseModal customer={action.customer} onClose={() => setAction(null)} />}
      {action?.kind === 'transfer' && <TransferModal customer={action.customer} onClose={() => setAction(null)} />}
    </PageContainer>
  );
}
