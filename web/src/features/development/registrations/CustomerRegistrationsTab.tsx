import { PlusOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Flex, Table, Typography, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { useAuth } from '../../../app/auth-context';
import { formatDateTime } from '../../../ui/format';
import type { Customer } from '../../customers/archive/customers-api';
import { ExclusiveCountdown, RegistrationActions, StatusTag } from './RegistrationActions';
import { RegistrationFormDrawer } from './RegistrationFormDrawer';
import { listRegistrations, registrationsQueryKey, useExclusiveRight, type Registration, type RegistrationStatus } from './registrations-api';
import { useT } from '../../../app/i18n/LocaleProvider';

/** 报备 tab of the customer: the current exclusive right and the registrations I may see. */
export function CustomerRegistrationsTab({ customer }: { customer: Customer }) {
  const t = useT();
  const { me, hasPermission } = useAuth();
  const [creating, setCreating] = useState(false);
  const right = useExclusiveRight(customer.id).data?.right ?? null;
  const list = useQuery({
    queryKey: [...registrationsQueryKey, 'customer', customer.id],
    queryFn: () => listRegistrations({ page: 1, pageSize: 50, customerId: customer.id }),
  });

  const columns: TableColumnsType<Registration> = [
    {
      title: t('development.registrations.registrationNo'),
      dataIndex: 'number',
      key: 'number',
      width: 150,
      render: (number: string, row) => <Link to={`/development/registrations?id=${row.id}`}>{number}</Link>,
    },
    { title: t('users.status'), dataIndex: 'status', key: 'status', width: 110, render: (status: RegistrationStatus) => <StatusTag status={status} /> },
    { title: t('development.registrations.registeredBy'), key: 'holder', width: 160, render: (_, row) => `${row.holderName}（${row.unitName}）` },
    { title: t('development.registrations.intendedBusiness'), dataIndex: 'intendedBusiness', key: 'intendedBusiness', ellipsis: true },
    { title: t('development.registrations.exclusiveUntil'), dataIndex: 'exclusiveUntil', key: 'exclusiveUntil', width: 160, render: (value: string | null) => formatDateTime(value) || '—' },
    { title: t('development.registrations.whyItEnded'), dataIndex: 'endReason', key: 'endReason', ellipsis: true, render: (value: string | null) => value ?? '—' },
    { title: t('common.actions'), key: 'actions', width: 110, render: (_, row) => <RegistrationActions registration={row} /> },
  ];

  const canRegister = hasPermission('development:write') && !right;
  return (
    <Flex vertical gap={12}>
      {right ? (
        <Alert
          type={right.holderId === me?.id ? 'success' : 'warning'}
          showIcon
          title={
            <Flex gap={8} align="center" wrap>
              <span>
                {right.holderId === me?.id ? t('development.registrations.you') : right.holderName}（{right.unitName}）{right.status === 'pending' ? t('development.registrations.registrationInApproval') : t('development.registrations.holdsTheExclusiveRight')}（
                <Link to={`/development/registrations?id=${right.registrationId}`}>{right.number}</Link>）
                {right.until ? t('development.registrations.untilLeft', { v0: formatDateTime(right.until) }) : ''}
              </span>
              {right.until && <ExclusiveCountdown until={right.until} status={right.status} />}
            </Flex>
          }
          description={right.holderId === me?.id ? undefined : t('development.registrations.duringTheExclusivePeriodNobody')}
        />
      ) : (
        <Flex justify="space-between" align="center">
          <Typography.Text type="secondary">{t('development.registrations.noRegistrationIsRunningFor')}</Typography.Text>
          {canRegister && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
              {t('development.registrations.registerThisCustomer')}
                            </Button>
          )}
        </Flex>
      )}
      <Table<Registration> rowKey="id" size="small" loading={list.isLoading} dataSource={list.data?.items ?? []} columns={columns} pagination={false} />
      <RegistrationFormDrawer open={creating} onClose={() => setCreating(false)} customer={{ id: customer.id, name: customer.name }} />
    </Flex>
  );
}
