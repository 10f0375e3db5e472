import { PlusOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App as AntdApp, Button, Flex, Select, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { useAuth } from '../../../app/auth-context';
import { customerTimelineQueryKey } from '../../customers/archive/CustomerTimeline';
import type { Customer } from '../../customers/archive/customers-api';
import { OpportunityFormModal } from './OpportunityFormModal';
import {
  customerIntentQueryKey,
  getCustomerIntent,
  intentLevelOptions,
  listOpportunities,
  money,
  opportunitiesQueryKey,
  setCustomerIntent,
  statusLabel,
  type IntentLevel,
  type Opportunity,
} from './opportunities-api';

/** The customer's opportunities and its intent level (R-DEV-20, 23) on the customer page. */
export function CustomerOpportunitiesTab({ customer }: { customer: Customer }) {
  const { hasPermission } = useAuth();
  const { message } = AntdApp.useApp();
  const queryClient = useQueryClient();
  const [creating, setCreating] = useState(false);
  const canWrite = hasPermission('development:write');
  const list = useQuery({
    queryKey: [...opportunitiesQueryKey, 'customer', customer.id],
    queryFn: () => listOpportunities({ page: 1, pageSize: 100, customerId: customer.id, sort: 'createdAt:desc' }),
  });
  const intent = useQuery({ queryKey: customerIntentQueryKey(customer.id), queryFn: () => getCustomerIntent(customer.id) });
  const setLevel = useMutation({
    mutationFn: (level: IntentLevel) => setCustomerIntent(customer.id, level),
    onSuccess: async (result) => {
      message.success(`意向级别已设为 ${result.intentLevel}`);
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: customerIntentQueryKey(customer.id) }),
        queryClient.invalidateQueries({ queryKey: customerTimelineQueryKey(customer.id) }),
      ]);
    },
  });

  const columns: TableColumnsType<Opportunity> = [
    { title: '商机', key: 'name', render: (_, row) => <Link to={`/development/opportunities/${row.id}`}>{row.name}</Link> },
    { title: '编号', dataIndex: 'number', key: 'number' },
    {
      title: '阶段',
      key: 'stage',
      render: (_, row) => (
        <Flex gap={4} wrap>
          <Tag color={statusLabel[row.status].color}>{row.stageLabel}</Tag>
          {row.stale && <Tag color="error">超期未跟进</Tag>}
        </Flex>
      ),
    },
    { title: '金额', key: 'amount', align: 'right', render: (_, row) => money(row.amount) },
    { title: '意向', dataIndex: 'intentLevel', key: 'intentLevel' },
    { title: '下次跟进', key: 'followUp', render: (_, row) => row.followUpDueDate ?? '—' },
    { title: '负责人', dataIndex: 'ownerName', key: 'ownerName' },
  ];

  return (
    <Flex vertical gap={12}>
      <Flex justify="space-between" align="center" wrap gap={8}>
        <Flex align="center" gap={8} wrap>
          <Typography.Text>客户意向级别</Typography.Text>
          <Select<IntentLevel>
            style={{ width: 150 }}
            placeholder="未设置"
            value={intent.data?.intentLevel ?? undefined}
            options={intentLevelOptions}
            disabled={!canWrite}
            loading={intent.isLoading || setLevel.isPending}
            onChange={(level) => setLevel.mutate(level)}
          />
          {intent.data?.followUpDueDate && (
            <Typography.Text type="secondary">
              每 {intent.data.followUpDays} 天至少跟进一次，下次截止 {intent.data.followUpDueDate}
            </Typography.Text>
          )}
        </Flex>
        {canWrite && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
            新建商机
          </Button>
        )}
      </Flex>
      <Table<Opportunity> rowKey="id" size="small" loading={list.isLoading} columns={columns} dataSource={list.data?.items ?? []} pagination={false} />
      <OpportunityFormModal
        open={creating}
        onClose={() => setCreating(false)}
        customer={{ id: customer.id, name: customer.name }}
        defaultIntentLevel={intent.data?.intentLevel}
        onCreated={() => queryClient.invalidateQueries({ queryKey: customerTimelineQueryKey(customer.id) })}
      />
    </Flex>
  );
}
