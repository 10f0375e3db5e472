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
import { useT } from '../../../app/i18n/LocaleProvider';

/** 黑名单 (R-CUS-40): blacklist entries of the customers in my data scope. */
export function BlacklistPage() {
  const t = useT();
  const { tableProps, filters, setFilters, sortOrderFor, refetch } = useServerTable<BlacklistEntry, BlacklistFilters>({
    queryKey: blacklistQueryKey,
    fetchPage: listBlacklist,
    initialFilters: {},
  });

  const columns: TableColumnsType<BlacklistEntry> = [
    {
      title: t('audit.entity.customer'),
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
      title: t('customers.compliance.level'),
      key: 'level',
      width: 180,
      render: (_, row) => (
        <span>
          <Tag color={row.level === 'company' ? 'red' : 'volcano'}>{t(blacklistLevelLabels[row.level])}</Tag>
          {row.unitName}
        </span>
      ),
    },
    {
      title: t('users.status'),
      dataIndex: 'status',
      key: 'status',
      width: 120,
      render: (status: BlacklistStatus) => <Tag color={blacklistStatusLabels[status].color}>{t(blacklistStatusLabels[status].label)}</Tag>,
    },
    {
      title: t('customers.compliance.reason'),
      dataIndex: 'reason',
      key: 'reason',
      ellipsis: true,
      render: (reason: string, row) => (
        <Tooltip title={row.evidence ? t('customers.compliance.evidence', { evidence: row.evidence }) : undefined}>
          <span>{reason}</span>
        </Tooltip>
      ),
    },
    { title: t('customers.compliance.applicant'), dataIndex: 'requestedByName', key: 'requestedByName', width: 120 },
    { title: t('customers.compliance.requested'), dataIndex: 'createdAt', key: 'createdAt', width: 170, sorter: true, sortOrder: sortOrderFor('createdAt'), render: (value: string) => formatDateTime(value) },
    {
      title: t('customers.compliance.effective'),
      dataIndex: 'activatedAt',
      key: 'activatedAt',
      width: 120,
      sorter: true,
      sortOrder: sortOrderFor('activatedAt'),
      render: (value: string | null) => (value ? formatDate(value) : '—'),
    },
    {
      title: t('menu.approvals'),
      key: 'approval',
      width: 90,
      render: (_, row) => (row.approvalId ? <Link to={`/approvals/mine?id=${row.approvalId}`}>#{row.approvalId}</Link> : '—'),
    },
  ];

  return (
    <PageContainer title={t('menu.blacklist')} subtitle={t('customers.compliance.aUnitBlacklistStopsNew')}>
      <Card size="small">
        <Flex gap={8} wrap>
          <Input.Search aria-label={t('customers.compliance.customerNameOrCode')}
            allowClear
            placeholder={t('customers.compliance.customerNameOrCode')}
            style={{ width: 240 }}
            maxLength={100}
            onSearch={(q) => setFilters({ ...filters, q: q.trim() || undefined })}
          />
          <Select<BlacklistStatus> aria-label={t('customers.compliance.statusDefaultActiveAndIn')}
            allowClear
            placeholder={t('customers.compliance.statusDefaultActiveAndIn')}
            style={{ width: 220 }}
            value={filters.status}
            onChange={(status) => setFilters({ ...filters, status })}
            options={Object.entries(blacklistStatusLabels).map(([value, { label }]) => ({ value: value as BlacklistStatus, label: t(label) }))}
          />
          <Select<BlacklistLevel> aria-label={t('customers.compliance.level')}
            allowClear
            placeholder={t('customers.compliance.level')}
            style={{ width: 120 }}
            value={filters.level}
            onChange={(level) => setFilters({ ...filters, level })}
            options={Object.entries(blacklistLevelLabels).map(([value, label]) => ({ value: value as BlacklistLevel, label: t(label) }))}
          />
          <Button icon={<ReloadOutlined />} onClick={() => refetch()}>
            {t('common.refresh')}
                      </Button>
        </Flex>
      </Card>
      <Table<BlacklistEntry> {...tableProps} columns={columns} size="middle" />
    </PageContainer>
  );
}
