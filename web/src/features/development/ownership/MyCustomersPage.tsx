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
import { useT } from '../../../app/i18n/LocaleProvider';

type Filters = { q?: string; dueSoon?: boolean };

/** 我的客户 (R-DEV-11): owned customers with the protection and release countdown. */
export function MyCustomersPage() {
  const t = useT();
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
      title: t('audit.entity.customer'),
      key: 'name',
      sorter: true,
      sortOrder: sortOrderFor('name'),
      render: (_, row) => (
        <Flex vertical>
          <Link to={`/customers/${row.id}`}>{row.name}</Link>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {row.code}
            {row.intentLevel ? t('development.ownership.intent', { intentLevel: row.intentLevel }) : ''}
          </Typography.Text>
        </Flex>
      ),
    },
    { title: t('development.ownership.ownedSince'), dataIndex: 'ownedSince', key: 'ownedSince', width: 120, sorter: true, sortOrder: sortOrderFor('ownedSince'), render: (v: string | null) => formatDate(v) },
    { title: t('development.ownership.protectedUntil'), dataIndex: 'protectedUntil', key: 'protectedUntil', width: 120, render: (v: string | null) => formatDate(v) },
    {
      title: t('development.ownership.lastValidFollowUp'),
      dataIndex: 'lastFollowUpAt',
      key: 'lastFollowUpAt',
      width: 130,
      sorter: true,
      sortOrder: sortOrderFor('lastFollowUpAt'),
      render: (v: string | null) => (v ? formatDate(v) : <Typography.Text type="secondary">{t('development.ownership.noneYet')}</Typography.Text>),
    },
    { title: t('development.ownership.releaseDue'), dataIndex: 'releaseDueAt', key: 'releaseDueAt', width: 120, sorter: true, sortOrder: sortOrderFor('releaseDueAt'), render: (v: string | null) => formatDate(v) },
    { title: t('development.ownership.left'), key: 'countdown', width: 170, render: (_, row) => <ReleaseCountdown item={row} /> },
  ];
  if (canWrite) {
    columns.push({
      title: t('common.actions'),
      key: 'actions',
      width: 140,
      fixed: 'right',
      render: (_, row) => (
        <Flex gap={0}>
          <Button type="link" size="small" onClick={() => setAction({ kind: 'transfer', customer: row })}>
            {t('development.ownership.transfer')}
                      </Button>
          <Button type="link" size="small" danger onClick={() => setAction({ kind: 'release', customer: row })}>
            {t('development.ownership.releaseToPool')}
                      </Button>
        </Flex>
      ),
    });
  }

  return (
    <PageContainer title={t('menu.myCustomers')} subtitle={t('development.ownership.customersIOwnAfterThe')}>
      {page && page.dueSoonCount > 0 && (
        <Alert
          type="warning"
          showIcon
          title={t('development.ownership.customersWillSoonReturnTo', { dueSoonCount: page.dueSoonCount })}
          action={
            <Button size="small" onClick={() => setFilters({ ...filters, dueSoon: true })}>
              {t('development.ownership.showOnlyThese')}
                          </Button>
          }
        />
      )}
      <Card size="small">
        <Flex gap={8} wrap align="center">
          <Input.Search aria-label={t('development.ownership.customerName')} allowClear placeholder={t('development.ownership.customerName')} style={{ width: 240 }} maxLength={100} onSearch={(q) => setFilters({ ...filters, q: q.trim() || undefined })} />
          <Checkbox checked={filters.dueSoon ?? false} onChange={(e) => setFilters({ ...filters, dueSoon: e.target.checked || undefined })}>
            {t('development.ownership.releaseDueSoonOnly')}
                      </Checkbox>
          <Button icon={<ReloadOutlined />} onClick={() => void refetch()}>
            {t('common.refresh')}
                      </Button>
          {page && (
            <Typography.Text type="secondary">
              {t('development.ownership.owned')}{' '}{page.ownedCount} {t('development.ownership.limit')}{' '}{page.ownerLimit}
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
