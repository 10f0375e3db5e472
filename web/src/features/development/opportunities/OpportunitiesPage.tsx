import { PlusOutlined } from '@ant-design/icons';
import { Button, Checkbox, Flex, Input, Progress, Segmented, Select, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { useEffect, useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { useAuth } from '../../../app/auth-context';
import { PageContainer } from '../../../ui/PageContainer';
import { useServerTable } from '../../../ui/use-server-table';
import { UserSelect } from '../../users/UserSelect';
import { useDictionaryItems } from '../../dictionaries/dictionaries-api';
import { OpportunityBoard } from './OpportunityBoard';
import { OpportunityFormModal } from './OpportunityFormModal';
import {
  intentLevelColor,
  intentLevelOptions,
  listOpportunities,
  money,
  opportunitiesQueryKey,
  statusLabel,
  type Opportunity,
  type OpportunityFilters,
} from './opportunities-api';
import { useT } from '../../../app/i18n/LocaleProvider';

function OpportunityList({ filters }: { filters: OpportunityFilters }) {
  const t = useT();
  const { tableProps, setFilters, sortOrderFor } = useServerTable<Opportunity, OpportunityFilters>({
    queryKey: [...opportunitiesQueryKey, 'list'],
    fetchPage: listOpportunities,
    initialFilters: filters,
  });
  useEffect(() => setFilters(filters), [filters, setFilters]);

  const columns: TableColumnsType<Opportunity> = [
    {
      title: t('menu.opportunities'),
      key: 'number',
      sorter: true,
      sortOrder: sortOrderFor('number'),
      render: (_, row) => (
        <Flex vertical gap={2}>
          <Link to={`/development/opportunities/${row.id}`}>{row.name}</Link>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {row.number}
          </Typography.Text>
        </Flex>
      ),
    },
    { title: t('audit.entity.customer'), key: 'customer', render: (_, row) => <Link to={`/customers/${row.customerId}`}>{row.customerName}</Link> },
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
    { title: t('development.opportunities.amount'), key: 'amount', align: 'right', sorter: true, sortOrder: sortOrderFor('amount'), render: (_, row) => money(row.amount) },
    {
      title: t('development.opportunities.probability'),
      key: 'probability',
      sorter: true,
      sortOrder: sortOrderFor('probability'),
      width: 120,
      render: (_, row) => <Progress aria-label={row.name} percent={row.probability} size="small" />,
    },
    { title: t('development.opportunities.intent'), key: 'intent', render: (_, row) => <Tag color={intentLevelColor[row.intentLevel]}>{row.intentLevel}</Tag> },
    { title: t('development.opportunities.expectedSigning'), key: 'expectedSignDate', sorter: true, sortOrder: sortOrderFor('expectedSignDate'), render: (_, row) => row.expectedSignDate ?? '—' },
    { title: t('development.opportunities.nextFollowUp'), key: 'followUp', render: (_, row) => (row.followUpDueDate ? <Typography.Text type={row.stale ? 'danger' : undefined}>{row.followUpDueDate}</Typography.Text> : '—') },
    { title: t('org.manager'), key: 'owner', render: (_, row) => `${row.ownerName}（${row.unitName}）` },
  ];
  return <Table<Opportunity> {...tableProps} columns={columns} size="middle" scroll={{ x: 1000 }} />;
}

/** 商机 (R-DEV-20, 21): kanban by stage or a list, with the same filters; 「新建商机」 on top. */
export function OpportunitiesPage() {
  const t = useT();
  const { hasPermission } = useAuth();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const view = params.get('view') === 'list' ? 'list' : 'board';
  const [creating, setCreating] = useState(false);
  const [filters, setFilters] = useState<OpportunityFilters>({});
  const stages = useDictionaryItems('opportunity_stage');
  const canWrite = hasPermission('development:write');
  const update = (patch: Partial<OpportunityFilters>) => setFilters((current) => ({ ...current, ...patch }));

  return (
    <PageContainer
      title={t('menu.opportunities')}
      subtitle={t('development.opportunities.dragACardToMove')}
      extra={
        <>
          <Segmented
            value={view}
            options={[
              { value: 'board', label: t('development.opportunities.board') },
              { value: 'list', label: t('development.opportunities.list') },
            ]}
            onChange={(value) => setParams(value === 'list' ? { view: 'list' } : {}, { replace: true })}
          />
          <Button onClick={() => navigate('/development/funnel')}>{t('menu.funnel')}</Button>
          {canWrite && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
              {t('development.opportunities.newOpportunity')}
                          </Button>
          )}
        </>
      }
    >
      <Flex gap={8} wrap align="center">
        <Input.Search aria-label={t('development.opportunities.opportunityNameNumberOrCustomer')} allowClear placeholder={t('development.opportunities.opportunityNameNumberOrCustomer')} style={{ width: 240 }} onSearch={(q) => update({ q: q.trim() || undefined })} />
        {view === 'list' && (
          <Select aria-label={t('development.opportunities.stage')}
            allowClear
            placeholder={t('development.opportunities.stage')}
            style={{ width: 140 }}
            options={(stages.data?.items ?? []).map((item) => ({ value: item.code, label: item.label }))}
            onChange={(stageCode?: string) => update({ stageCode })}
          />
        )}
        <Select aria-label={t('users.status')}
          allowClear
          placeholder={t('users.status')}
          style={{ width: 110 }}
          options={(['open', 'won', 'lost'] as const).map((value) => ({ value, label: t(statusLabel[value].text) }))}
          onChange={(status?: OpportunityFilters['status']) => update({ status })}
        />
        <Select aria-label={t('development.opportunities.intentLevel')} allowClear placeholder={t('development.opportunities.intentLevel')} style={{ width: 140 }} options={intentLevelOptions.map((option) => ({ ...option, label: t(option.label) }))} onChange={(intentLevel?: OpportunityFilters['intentLevel']) => update({ intentLevel })} />
        {hasPermission('development:assign') && <UserSelect aria-label={t('org.manager')} placeholder={t('org.manager')} style={{ width: 180 }} onChange={(ownerId?: number) => update({ ownerId: ownerId ?? undefined })} />}
        <Checkbox onChange={(event) => update({ stale: event.target.checked ? 'true' : undefined })}>{t('development.opportunities.overdueFollowUpsOnly')}</Checkbox>
      </Flex>
      {view === 'board' ? <OpportunityBoard filters={filters} /> : <OpportunityList filters={filters} />}
      <OpportunityFormModal open={creating} onClose={() => setCreating(false)} onCreated={(created) => navigate(`/development/opportunities/${created.id}`)} />
    </PageContainer>
  );
}
