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
import { useT } from '../../../app/i18n/LocaleProvider';

/** 客户转移 (R-DEV-14): transfers of my scope and those I requested, gave or received. */
export function TransfersPage() {
  const t = useT();
  const { hasPermission } = useAuth();
  const [creating, setCreating] = useState(false);
  const { tableProps, filters, setFilters, sortOrderFor, refetch } = useServerTable<Transfer, { status?: TransferStatus }>({
    queryKey: transfersQueryKey,
    fetchPage: listTransfers,
    initialFilters: {},
  });

  const columns: TableColumnsType<Transfer> = [
    { title: t('audit.entity.customer'), key: 'customer', render: (_, row) => <Link to={`/customers/${row.customerId}`}>{row.customerName}</Link> },
    { title: t('org.kind'), dataIndex: 'kind', key: 'kind', width: 90, render: (kind: string) => (transferKindLabels[kind] ? t(transferKindLabels[kind]) : kind) },
    {
      title: t('development.ownership.fromTo'),
      key: 'route',
      render: (_, row) => (
        <Flex vertical>
          <span>
            {row.fromUserName ?? t('development.ownership.sharedPool')} → {row.toUserName}
          </span>
          {row.fromUnitName !== row.toUnitName && (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {row.fromUnitName} → {row.toUnitName}
            </Typography.Text>
          )}
        </Flex>
      ),
    },
    { title: t('development.ownership.reason4'), dataIndex: 'reason', key: 'reason', ellipsis: true },
    {
      title: t('users.status'),
      key: 'status',
      width: 150,
      render: (_, row) => (
        <Flex gap={4} align="center">
          <Tag color={transferStatusLabels[row.status].color}>{t(transferStatusLabels[row.status].label)}</Tag>
          {row.direct ? (
            <Tooltip title={t('development.ownership.doneByTheManagingUnit2')}>
              <Tag>{t('development.ownership.doneDirectly')}</Tag>
            </Tooltip>
          ) : (
            row.approvalId && <Link to={`/approvals/mine?id=${row.approvalId}`}>#{row.approvalId}</Link>
          )}
        </Flex>
      ),
    },
    { title: t('development.ownership.applicant'), dataIndex: 'requestedByName', key: 'requestedByName', width: 110 },
    { title: t('development.ownership.requested'), dataIndex: 'requestedAt', key: 'requestedAt', width: 170, sorter: true, sortOrder: sortOrderFor('requestedAt'), render: (v: string) => formatDateTime(v) },
  ];

  return (
    <PageContainer
      title={t('menu.transfers')}
      subtitle={t('development.ownership.customersMoveBetweenAccountManagers')}
      extra={
        hasPermission('development:write') && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
            {t('development.ownership.newTransfer2')}
                      </Button>
        )
      }
    >
      <Card size="small">
        <Flex gap={8} wrap>
          <Select<TransferStatus> aria-label={t('users.status')}
            allowClear
            placeholder={t('users.status')}
            style={{ width: 140 }}
            value={filters.status}
            onChange={(status) => setFilters({ ...filters, status })}
            options={Object.entries(transferStatusLabels).map(([value, { label }]) => ({ value: value as TransferStatus, label: t(label) }))}
          />
          <Button icon={<ReloadOutlined />} onClick={() => void refetch()}>
            {t('common.refresh')}
                      </Button>
        </Flex>
      </Card>
      <Table<Transfer> {...tableProps} columns={columns} size="middle" scroll={{ x: 1000 }} />
      {creating && <TransferModal onClose={() => setCreating(false)} />}
    </PageContainer>
  );
}
