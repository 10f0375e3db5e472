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
import { useT } from '../../../app/i18n/LocaleProvider';

/** 待核实客户 (R-CUS-33): customers in my scope not verified since this quarter began, per owner. */
export function UnverifiedCustomersPage() {
  const t = useT();
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
      message.success(t('customers.compliance.verified'));
      await queryClient.invalidateQueries({ queryKey: customersPrefix });
    },
  });

  const columns: TableColumnsType<UnverifiedCustomer> = [
    {
      title: t('audit.entity.customer'),
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
    { title: t('customers.compliance.accountManager'), dataIndex: 'ownerName', key: 'ownerName', width: 140, render: (name: string | null) => name ?? <Tag>{t('customers.compliance.sharedPool')}</Tag> },
    { title: t('org.kind.department'), dataIndex: 'unitName', key: 'unitName', width: 180 },
    {
      title: t('customers.compliance.lastVerified'),
      dataIndex: 'verifiedAt',
      key: 'verifiedAt',
      width: 170,
      sorter: true,
      sortOrder: sortOrderFor('verifiedAt'),
      render: (value: string | null) => (value ? formatDateTime(value) : <Typography.Text type="warning">{t('customers.compliance.neverVerified')}</Typography.Text>),
    },
    {
      title: t('common.actions'),
      key: 'actions',
      width: 110,
      render: (_, row) =>
        canVerify && (
          <Popconfirm title={t('customers.compliance.areThisCustomerSDetails')} okText={t('customers.compliance.confirmVerified')} onConfirm={() => verify.mutateAsync(row.id)}>
            <Button size="small" type="link">
              {t('customers.compliance.confirmVerified')}
                          </Button>
          </Popconfirm>
        ),
    },
  ];

  return (
    <PageContainer
      title={t('menu.unverified')}
      subtitle={data ? t('customers.compliance.customerDetailsAreVerifiedAt2', { v0: formatDate(data.quarterStart) }) : t('customers.compliance.customerDetailsAreVerifiedAt')}
    >
      <Card size="small">
        <Flex gap={8} wrap align="center">
          <UserSelect aria-label={t('customers.compliance.accountManager')} allowClear placeholder={t('customers.compliance.accountManager')} style={{ width: 220 }} value={filters.ownerId} onChange={(ownerId) => setFilters({ ...filters, ownerId: ownerId ?? undefined })} />
          <OrgUnitTreeSelect aria-label={t('customers.compliance.unitWithSubUnits')} placeholder={t('customers.compliance.unitWithSubUnits')} style={{ width: 220 }} value={filters.unitId} onChange={(unitId) => setFilters({ ...filters, unitId: unitId ?? undefined })} />
          <Button icon={<ReloadOutlined />} onClick={() => refetch()}>
            {t('common.refresh')}
                      </Button>
        </Flex>
        {data && data.byOwner.length > 0 && (
          <Flex gap={8} wrap style={{ marginTop: 12 }}>
            <Typography.Text type="secondary">{t('customers.compliance.byAccountManager')}</Typography.Text>
            {data.byOwner.map((group) => (
              <Tag
                key={group.ownerId ?? 'pool'}
                color={filters.ownerId === group.ownerId ? 'blue' : undefined}
                style={{ cursor: group.ownerId ? 'pointer' : undefined }}
                onClick={() => group.ownerId && setFilters({ ...filters, ownerId: filters.ownerId === group.ownerId ? undefined : group.ownerId })}
              >
                {group.ownerName ?? t('customers.compliance.sharedPool')} {group.count}
              </Tag>
            ))}
          </Flex>
        )}
      </Card>
      <Table<UnverifiedCustomer> {...tableProps} columns={columns} size="middle" />
    </PageContainer>
  );
}
