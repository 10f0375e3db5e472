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

/** 报备 tab of the customer: the current exclusive right and the registrations I may see. */
export function CustomerRegistrationsTab({ customer }: { customer: Customer }) {
  const { me, hasPermission } = useAuth();
  const [creating, setCreating] = useState(false);
  const right = useExclusiveRight(customer.id).data?.right ?? null;
  const list = useQuery({
    queryKey: [...registrationsQueryKey, 'customer', customer.id],
    queryFn: () => listRegistrations({ page: 1, pageSize: 50, customerId: customer.id }),
  });

  const columns: TableColumnsType<Registration> = [
    {
      title: '报备单号',
      dataIndex: 'number',
      key: 'number',
      width: 150,
      render: (number: string, row) => <Link to={`/development/registrations?id=${row.id}`}>{number}</Link>,
    },
    { title: '状态', dataIndex: 'status', key: 'status', width: 110, render: (status: RegistrationStatus) => <StatusTag status={status} /> },
    { title: '报备人', key: 'holder', width: 160, render: (_, row) => `${row.holderName}（${row.unitName}）` },
    { title: '意向业务', dataIndex: 'intendedBusiness', key: 'intendedBusiness', ellipsis: true },
    { title: '独家开发期至', dataIndex: 'exclusiveUntil', key: 'exclusiveUntil', width: 160, render: (value: string | null) => formatDateTime(value) || '—' },
    { title: '结束原因', dataIndex: 'endReason', key: 'endReason', ellipsis: true, render: (value: string | null) => value ?? '—' },
    { title: '操作', key: 'actions', width: 110, render: (_, row) => <RegistrationActions registration={row} /> },
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
                {right.holderId === me?.id ? '您' : right.holderName}（{right.unitName}）{right.status === 'pending' ? '的报备正在审批中' : '持有独家开发权'}（
                <Link to={`/development/registrations?id=${right.registrationId}`}>{right.number}</Link>）
                {right.until ? `，至 ${formatDateTime(right.until)}，剩余` : ''}
              </span>
              {right.until && <ExclusiveCountdown until={right.until} status={right.status} />}
            </Flex>
          }
          description={right.holderId === me?.id ? undefined : '独家开发期内其他人不能报备、认领、创建商机或邀请该客户。'}
        />
      ) : (
        <Flex justify="space-between" align="center">
          <Typography.Text type="secondary">该客户目前没有进行中的报备。</Typography.Text>
          {canRegister && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
              报备该客户
            </Button>
          )}
        </Flex>
      )}
      <Table<Registration> rowKey="id" size="small" loading={list.isLoading} dataSource={list.data?.items ?? []} columns={columns} pagination={false} />
      <RegistrationFormDrawer open={creating} onClose={() => setCreating(false)} customer={{ id: customer.id, name: customer.name }} />
    </Flex>
  );
}
