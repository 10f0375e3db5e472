import { PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { Button, Card, Flex, Select, Table, Tag, Tooltip, Typography, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { useAuth } from '../../../app/auth-context';
import { formatDateTime } from '../../../ui/format';
import { PageContainer } from '../../../ui/PageContainer';
import { useServerTable } from '../../../ui/use-server-table';
import { listTransfers, transferKindLabels, transferStatusLabels, transfersQueryKey, type Transfer, type TransferStatus } from './ownership-api';
import { TransferModal } from './OwnershipModals';

/** 客户转移 (R-DEV-14): transfers of my scope and those I requested, gave or received. */
export function TransfersPage() {
  const { hasPermission } = useAuth();
  const [creating, setCreating] = useState(false);
  const { tableProps, filters, setFilters, sortOrderFor, refetch } = useServerTable<Transfer, { status?: TransferStatus }>({
    queryKey: transfersQueryKey,
    fetchPage: listTransfers,
    initialFilters: {},
  });

  const columns: TableColumnsType<Transfer> = [
    { title: '客户', key: 'customer', render: (_, row) => <Link to={`/customers/${row.customerId}`}>{row.customerName}</Link> },
    { title: '类型', dataIndex: 'kind', key: 'kind', width: 90, render: (kind: string) => transferKindLabels[kind] ?? kind },
    {
      title: '转出 → 转入',
      key: 'route',
      render: (_, row) => (
        <Flex vertical>
          <span>
            {row.fromUserName ?? '公海'} → {row.toUserName}
          </span>
          {row.fromUnitName !== row.toUnitName && (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {row.fromUnitName} → {row.toUnitName}
            </Typography.Text>
          )}
        </Flex>
      ),
    },
    { title: '原因', dataIndex: 'reason', key: 'reason', ellipsis: true },
    {
      title: '状态',
      key: 'status',
      width: 150,
      render: (_, row) => (
        <Flex gap={4} align="center">
          <Tag color={transferStatusLabels[row.status].color}>{transferStatusLabels[row.status].label}</Tag>
          {row.direct ? (
            <Tooltip title="管理单位直接办理，无需审批">
              <Tag>直接办理</Tag>
            </Tooltip>
          ) : (
            row.approvalId && <Link to={`/approvals/mine?id=${row.approvalId}`}>#{row.approvalId}</Link>
          )}
        </Flex>
      ),
    },
    { title: '申请人', dataIndex: 'requestedByName', key: 'requestedByName', width: 110 },
    { title: '申请时间', dataIndex: 'requestedAt', key: 'requestedAt', width: 170, sorter: true, sortOrder: sortOrderFor('requestedAt'), render: (v: string) => formatDateTime(v) },
  ];

  return (
    <PageContainer
      title="客户转移"
      subtitle="客户在客户经理或单位之间转移、搬迁；管理单位在本范围内办理的直接生效，其余经「客户转移」审批后生效，未完成的待办随客户移交。"
      extra={
        hasPermission('development:write') && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
            新建转移
          </Button>
        )
      }
    >
      <Card size="small">
        <Flex gap={8} wrap>
          <Select<TransferStatus>
            allowClear
            placeholder="状态"
            style={{ width: 140 }}
            value={filters.status}
            onChange={(status) => setFilters({ ...filters, status })}
            options={Object.entries(transferStatusLabels).map(([value, { label }]) => ({ value: value as TransferStatus, label }))}
          />
          <Button icon={<ReloadOutlined />} onClick={() => void refetch()}>
            刷新
          </Button>
        </Flex>
      </Card>
      <Table<Transfer> {...tableProps} columns={columns} size="middle" scroll={{ x: 1000 }} />
      {creating && <TransferModal onClose={() => setCreating(false)} />}
    </PageContainer>
  );
}
