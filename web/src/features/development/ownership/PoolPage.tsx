import { ReloadOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App as AntdApp, Button, Card, Flex, Input, Popconfirm, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { useNavigate } from 'react-router-dom';
import { useAuth } from '../../../app/auth-context';
import { formatDate, formatDateTime } from '../../../ui/format';
import { PageContainer } from '../../../ui/PageContainer';
import { useServerTable } from '../../../ui/use-server-table';
import { claimCustomer, listPool, ownershipQueryKey, poolQueryKey, type PoolCustomer } from './ownership-api';
import { useT } from '../../../app/i18n/LocaleProvider';

/** 公海 (R-DEV-10): unowned customers, limited fields, claim with one click. */
export function PoolPage() {
  const t = useT();
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
        title: t('development.ownership.claimed', { name: customer.name }),
        content: t('development.ownership.protectedUntilYouOwnCustomers', { v0: formatDate(result.protectedUntil), ownedCount: result.ownedCount, ownerLimit: result.ownerLimit }),
        okText: t('development.ownership.openCustomer'),
        onOk: () => navigate(`/customers/${customer.id}`),
      });
    },
    onError: async (error) => {
      // The server says why: someone else was faster, an exclusive right, the blacklist, the limit.
      modal.warning({ title: t('development.ownership.cannotClaim'), content: error instanceof Error ? error.message : String(error) });
      await queryClient.invalidateQueries({ queryKey: poolQueryKey });
    },
  });

  const columns: TableColumnsType<PoolCustomer> = [
    { title: t('development.ownership.customerName'), dataIndex: 'name', key: 'name', sorter: true, sortOrder: sortOrderFor('name') },
    { title: t('development.ownership.industry'), dataIndex: 'industryName', key: 'industry', width: 160, render: (value: string | null) => value ?? '—' },
    { title: t('development.ownership.region'), key: 'region', width: 160, render: (_, row) => [row.city, row.district].filter(Boolean).join(' ') || '—' },
    { title: t('development.ownership.source'), dataIndex: 'sourceName', key: 'source', width: 110, render: (value: string | null) => value ?? '—' },
    { title: t('development.ownership.grade'), dataIndex: 'grade', key: 'grade', width: 80, sorter: true, sortOrder: sortOrderFor('grade'), render: (value: string | null) => value ?? '—' },
    {
      title: t('development.ownership.intent2'),
      dataIndex: 'intentLevel',
      key: 'intentLevel',
      width: 80,
      sorter: true,
      sortOrder: sortOrderFor('intentLevel'),
      render: (value: string | null) => (value ? <Tag color={value === 'A' ? 'red' : value === 'B' ? 'orange' : 'default'}>{value}</Tag> : '—'),
    },
    {
      title: t('development.ownership.released2'),
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
              {t('development.ownership.released')}{' '}{row.timesReleased} {t('development.ownership.times')}
                          </Typography.Text>
          )}
        </Flex>
      ),
    },
  ];
  if (canClaim) {
    columns.push({
      title: t('common.actions'),
      key: 'actions',
      width: 90,
      fixed: 'right',
      render: (_, row) => (
        <Popconfirm title={t('development.ownership.claim2', { name: row.name })} description={t('development.ownership.aClaimStartsAProtection')} onConfirm={() => claim.mutateAsync(row).catch(() => undefined)}>
          <Button type="link" size="small" loading={claim.isPending && claim.variables?.id === row.id}>
            {t('development.ownership.claim')}
                      </Button>
        </Popconfirm>
      ),
    });
  }

  return (
    <PageContainer title={t('menu.pool')} subtitle={t('development.ownership.customersNobodyOwnsVisibleCompany')}>
      <Card size="small">
        <Flex gap={8} wrap>
          <Input.Search aria-label={t('development.ownership.customerNameOrPinyinInitials')} allowClear placeholder={t('development.ownership.customerNameOrPinyinInitials')} style={{ width: 260 }} maxLength={100} onSearch={(q) => setFilters({ ...filters, q: q.trim() || undefined })} />
          <Button icon={<ReloadOutlined />} onClick={() => void refetch()}>
            {t('common.refresh')}
                      </Button>
        </Flex>
      </Card>
      <Table<PoolCustomer> {...tableProps} columns={columns} size="middle" scroll={{ x: 1000 }} />
    </PageContainer>
  );
}
