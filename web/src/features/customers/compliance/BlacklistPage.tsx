import { ReloadOutlined } from '@ant-design/icons';
import { Button, Card, Flex, Input, Select, Table, Tag, Tooltip, Typography, type TableColumnsType } from 'antd';
import { Link } from 'react-router-dom';
import { formatDate, formatDateTime } from '../../../ui/format';
import { PageContainer } from '../../../ui/PageContainer';
import { useServerTable } from '../../../ui/use-server-table';
import {
  blacklistLevelLabels,
  blacklistQueryKey,
  blacklistStatusLabels,
  listBlacklist,
  type BlacklistEntry,
  type BlacklistFilters,
  type BlacklistLevel,
  type BlacklistStatus,
} from './compliance-api';

/** 黑名单 (R-CUS-40): blacklist entries of the customers in my data scope. */
export function BlacklistPage() {
  const { tableProps, filters, setFilters, sortOrderFor, refetch } = useServerTable<BlacklistEntry, BlacklistFilters>({
    queryKey: blacklistQueryKey,
    fetchPage: listBlacklist,
    initialFilters: {},
  });

  const columns: TableColumnsType<BlacklistEntry> = [
    {
      title: '客户',
      key: 'customer',
      render: (_, row) => (
        <Flex vertical>
          <Link to={`/customers/${row.customerId}`}>{row.customerName}</Link>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {row.customerCode}
          </Typography.Text>
        </Flex>
      ),
    },
    {
      title: '级别',
      key: 'level',
      width: 180,
      render: (_, row) => (
        <span>
          <Tag color={row.level === 'company' ? 'red' : 'volcano'}>{blacklistLevelLabels[row.level]}</Tag>
          {row.unitName}
        </span>
      ),
    },
    {
      title: '状态',
      dataIndex: 'status',
      key: 'status',
      width: 120,
      render: (status: BlacklistStatus) => <Tag color={blacklistStatusLabels[status].color}>{blacklistStatusLabels[status].label}</Tag>,
    },
    {
      title: '原因',
      dataIndex: 'reason',
      key: 'reason',
      ellipsis: true,
      render: (reason: string, row) => (
        <Tooltip title={row.evidence ? `证据：${row.evidence}` : undefined}>
          <span>{reason}</span>
        </Tooltip>
      ),
    },
    { title: '申请人', dataIndex: 'requestedByName', key: 'requestedByName', width: 120 },
    { title: '申请时间', dataIndex: 'createdAt', key: 'createdAt', width: 170, sorter: true, sortOrder: sortOrderFor('createdAt'), render: (value: string) => formatDateTime(value) },
    {
      title: '生效日期',
      dataIndex: 'activatedAt',
      key: 'activatedAt',
      width: 120,
      sorter: true,
      sortOrder: sortOrderFor('activatedAt'),
      render: (value: string | null) => (value ? formatDate(value) : '—'),
    },
    {
      title: '审批',
      key: 'approval',
      width: 90,
      render: (_, row) => (row.approvalId ? <Link to={`/approvals/mine?id=${row.approvalId}`}>#{row.approvalId}</Link> : '—'),
    },
  ];

  return (
    <PageContainer title="黑名单" subtitle="本单位黑名单禁止本单位及下级单位新建商机、合同与授信；全公司黑名单在所有单位生效。列入与移出都需审批。">
      <Card size="small">
        <Flex gap={8} wrap>
          <Input.Search
            allowClear
            placeholder="客户名称或编号"
            style={{ width: 240 }}
            maxLength={100}
            onSearch={(q) => setFilters({ ...filters, q: q.trim() || undefined })}
          />
          <Select<BlacklistStatus>
            allowClear
            placeholder="状态（默认生效中与审批中）"
            style={{ width: 220 }}
            value={filters.status}
            onChange={(status) => setFilters({ ...filters, status })}
            options={Object.entries(blacklistStatusLabels).map(([value, { label }]) => ({ value: value as BlacklistStatus, label }))}
          />
          <Select<BlacklistLevel>
            allowClear
            placeholder="级别"
            style={{ width: 120 }}
            value={filters.level}
            onChange={(level) => setFilters({ ...filters, level })}
            options={Object.entries(blacklistLevelLabels).map(([value, label]) => ({ value: value as BlacklistLevel, label }))}
          />
          <Button icon={<ReloadOutlined />} onClick={() => refetch()}>
            刷新
          </Button>
        </Flex>
      </Card>
      <Table<BlacklistEntry> {...tableProps} columns={columns} size="middle" />
    </PageContainer>
  );
}
