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
import { useT } from '../../../app/i18n/LocaleProvider';

/** The customer's opportunities and its intent level (R-DEV-20, 23) on the customer page. */
export function CustomerOpportunitiesTab({ customer }: { customer: Customer }) {
  const t = useT();
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
      message.success(t('development.opportunities.intentLevelSetTo', { intentLevel: result.intentLevel ?? '' }));
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: customerIntentQueryKey(customer.id) }),
        queryClient.invalidateQueries({ queryKey: customerTimelineQueryKey(customer.id) }),
      ]);
    },
  });

  const columns: TableColumnsType<Opportunity> = [
    { title: t('menu.opportunities'), key: 'name', render: (_, row) => <Link to={`/development/opportunities/${row.id}`}>{row.name}</Link> },
    { title: t('development.opportunities.code'), dataIndex: 'number', key: 'number' },
    {
      title: t('development.opportunities.stage'),
      key: 'stage',
      render: (_, row) => (
        <Flex gap={4} wrap>
          <Tag color={statusLabel[row.status].color}>{row.stageLabel}</Tag>
          {row.stale && <Tag color="error">{t('development.opportunities.followUpOverdue')}</Tag>}
        </Flex>
      ),
    },
    { title: t('development.opportunities.amount'), key: 'amount', align: 'right', render: (_, row) => money(row.amount) },
    { title: t('development.opportunities.intent'), dataIndex: 'intentLevel', key: 'intentLevel' },
    { title: t('development.opportunities.nextFollowUp'), key: 'followUp', render: (_, row) => row.followUpDueDate ?? '—' },
    { title: t('org.manager'), dataIndex: 'ownerName', key: 'ownerName' },
  ];

  return (
    <Flex vertical gap={12}>
      <Flex justify="space-between" align="center" wrap gap={8}>
        <Flex align="center" gap={8} wrap>
          <Typography.Text>{t('development.opportunities.customerIntentLevel')}</Typography.Text>
          <Select<IntentLevel> aria-label={t('development.opportunities.notSet')}
            style={{ width: 150 }}
            placeholder={t('development.opportunities.notSet')}
            value={intent.data?.intentLevel ?? undefined}
            options={intentLevelOptions.map((option) => ({ ...option, label: t(option.label) }))}
            disabled={!canWrite}
            loading={intent.isLoading || setLevel.isPending}
            onChange={(level) => setLevel.mutate(level)}
          />
          {intent.data?.followUpDueDate && (
            <Typography.Text type="secondary">
              {t('development.opportunities.every')}{' '}{intent.data.followUpDays} {t('development.opportunities.daysAtLeastNextDue')}{' '}{intent.data.followUpDueDate}
            </Typography.Text>
          )}
        </Flex>
        {canWrite && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
            {t('development.opportunities.newOpportunity')}
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
