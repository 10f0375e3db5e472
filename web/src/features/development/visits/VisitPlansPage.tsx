import { PlusOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App as AntdApp, Button, Card, DatePicker, Empty, Flex, Modal, Popconfirm, Select, Skeleton, Table, Tabs, Tag, Typography, type TableColumnsType } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { useAuth } from '../../../app/auth-context';
import { formatDateTime } from '../../../ui/format';
import { PageContainer } from '../../../ui/PageContainer';
import { useServerTable } from '../../../ui/use-server-table';
import { PlanItemsTable, PlanStatus, VisitPlanEditor } from './VisitPlanEditor';
import {
  createVisitPlan,
  decideProposal,
  getVisitPlan,
  listProposals,
  listVisitPlans,
  proposalsQueryKey,
  proposalStatusLabels,
  visitPlansQueryKey,
  type PlanFilters,
  type Proposal,
  type ProposalStatus,
  type VisitPlan,
} from './visits-api';
import { useT } from '../../../app/i18n/LocaleProvider';
import { businessToday } from '../../../ui/business-date';

/** My plan of the chosen month (default: next month, due by the end of this one). */
function MyPlan() {
  const t = useT();
  const { message } = AntdApp.useApp();
  const queryClient = useQueryClient();
  const [month, setMonth] = useState(() => businessToday().add(1, 'month').format('YYYY-MM'));
  const list = useQuery({ queryKey: [...visitPlansQueryKey, 'mine', month], queryFn: () => listVisitPlans({ page: 1, pageSize: 1, mine: 'true', month }) });
  const planId = list.data?.items[0]?.id;
  const detail = useQuery({ queryKey: [...visitPlansQueryKey, 'detail', planId], queryFn: () => getVisitPlan(planId!), enabled: Boolean(planId) });
  const create = useMutation({
    mutationFn: () => createVisitPlan({ month, items: [] }),
    onSuccess: async () => {
      message.success(t('development.visits.visitPlanForCreated', { month }));
      await queryClient.invalidateQueries({ queryKey: visitPlansQueryKey });
    },
    onError: (error) => message.error(error instanceof Error ? error.message : String(error)),
  });

  return (
    <Card
      size="small"
      title={
        <Flex gap={8} align="center">
          <span>{t('development.visits.month2')}</span>
          <DatePicker picker="month" allowClear={false} value={dayjs(`${month}-01`)} onChange={(value) => value && setMonth(value.format('YYYY-MM'))} />
        </Flex>
      }
    >
      {list.isPending || (planId && detail.isPending) ? (
        <Skeleton active />
      ) : !planId ? (
        <Empty description={t('development.visits.noVisitPlanForYet', { month })}>
          <Button type="primary" icon={<PlusOutlined />} loading={create.isPending} onClick={() => create.mutate()} data-testid="plan-create">
            {t('common.create')}{' '}{month} {t('menu.visitPlans')}
                        </Button>
        </Empty>
      ) : detail.data ? (
        <VisitPlanEditor key={`${detail.data.id}-${detail.data.updatedAt}`} plan={detail.data} />
      ) : null}
    </Card>
  );
}

/** Plans of my scope (for managers: the unit tree). */
function TeamPlans({ initialId }: { initialId: number | null }) {
  const t = useT();
  const [openId, setOpenId] = useState<number | null>(initialId);
  const { tableProps, filters, setFilters } = useServerTable<VisitPlan, PlanFilters>({
    queryKey: [...visitPlansQueryKey, 'team'],
    fetchPage: listVisitPlans,
    initialFilters: {},
  });
  const detail = useQuery({ queryKey: [...visitPlansQueryKey, 'detail', openId], queryFn: () => getVisitPlan(openId!), enabled: openId !== null });
  const columns: TableColumnsType<VisitPlan> = [
    { title: t('development.visits.month'), dataIndex: 'month', key: 'month', width: 90 },
    { title: t('development.visits.specialist'), key: 'user', render: (_, row) => <Typography.Link onClick={() => setOpenId(row.id)}>{row.userName}</Typography.Link> },
    { title: t('org.kind.department'), dataIndex: 'unitName', key: 'unitName' },
    { title: t('users.status'), key: 'status', width: 170, render: (_, row) => <PlanStatus plan={row} /> },
    { title: t('development.visits.visits'), key: 'items', width: 160, render: (_, row) => `${row.doneCount} / ${row.itemCount}${row.missedCount ? t('development.visits.missed2', { missedCount: row.missedCount }) : ''}` },
    { title: t('development.visits.submitted'), dataIndex: 'submittedAt', key: 'submittedAt', width: 150, render: (value: string | null) => formatDateTime(value) },
    { title: t('menu.approvals'), key: 'approval', width: 80, render: (_, row) => (row.approvalId ? <Link to={`/approvals/inbox?id=${row.approvalId}`}>#{row.approvalId}</Link> : '—') },
  ];
  return (
    <Flex vertical gap={12}>
      <Card size="small">
        <Flex gap={8}>
          <DatePicker aria-label={t('development.visits.month')} picker="month" placeholder={t('development.visits.month')} onChange={(value) => setFilters({ ...filters, month: value ? value.format('YYYY-MM') : undefined })} />
          <Select aria-label={t('users.status')}
            allowClear
            placeholder={t('users.status')}
            style={{ width: 140 }}
            onChange={(status) => setFilters({ ...filters, status })}
            options={[
              { value: 'draft', label: t('development.visits.draft') },
              { value: 'pending', label: t('development.visits.inApproval') },
              { value: 'approved', label: t('development.visits.approved') },
              { value: 'returned', label: t('development.visits.returnedForRevision') },
              { value: 'rejected', label: t('development.visits.rejected') },
            ]}
          />
        </Flex>
      </Card>
      <Table<VisitPlan> {...tableProps} columns={columns} size="middle" />
      <Modal open={openId !== null} onCancel={() => setOpenId(null)} footer={null} width={800} title={detail.data ? t('development.visits.sVisitPlanFor', { userName: detail.data.userName, month: detail.data.month }) : t('menu.visitPlans')}>
        {detail.data ? (
          <Flex vertical gap={8}>
            <PlanStatus plan={detail.data} />
            {detail.data.note && <Typography.Text type="secondary">{detail.data.note}</Typography.Text>}
            <PlanItemsTable items={detail.data.items} />
          </Flex>
        ) : (
          <Skeleton active />
        )}
      </Modal>
    </Flex>
  );
}

/** R-DEV-32: customers visited repeatedly without progress; managers confirm or dismiss. */
function Proposals({ canDecide }: { canDecide: boolean }) {
  const t = useT();
  const { message } = AntdApp.useApp();
  const queryClient = useQueryClient();
  const { tableProps, filters, setFilters } = useServerTable<Proposal, { status?: ProposalStatus }>({
    queryKey: proposalsQueryKey,
    fetchPage: listProposals,
    initialFilters: { status: 'proposed' },
  });
  const decide = useMutation({
    mutationFn: ({ id, action }: { id: number; action: 'confirm' | 'dismiss' }) => decideProposal(id, action),
    onSuccess: async (proposal) => {
      message.success(proposal.status === 'confirmed' ? t('development.visits.removedFromThePlanLater') : t('development.visits.proposalDismissedCountingStartsAgain'));
      await Promise.all([queryClient.invalidateQueries({ queryKey: proposalsQueryKey }), queryClient.invalidateQueries({ queryKey: visitPlansQueryKey })]);
    },
    onError: (error) => message.error(error instanceof Error ? error.message : String(error)),
  });
  const columns: TableColumnsType<Proposal> = [
    { title: t('audit.entity.customer'), key: 'customer', render: (_, row) => <Link to={`/customers/${row.customerId}`}>{row.customerName}</Link> },
    { title: t('development.visits.specialist'), dataIndex: 'userName', key: 'userName', width: 110 },
    { title: t('development.visits.visitsWithoutProgress'), dataIndex: 'visitCount', key: 'visitCount', width: 100, render: (n: number) => t('development.visits.text2', { n }) },
    { title: t('development.visits.proposed'), dataIndex: 'createdAt', key: 'createdAt', width: 150, render: (value: string) => formatDateTime(value) },
    {
      title: t('users.status'),
      key: 'status',
      width: 200,
      render: (_, row) => (
        <Flex vertical>
          <Tag color={proposalStatusLabels[row.status].color} style={{ width: 'fit-content' }}>
            {t(proposalStatusLabels[row.status].label)}
          </Tag>
          {row.decidedByName && (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {row.decidedByName} {formatDateTime(row.decidedAt)}
            </Typography.Text>
          )}
        </Flex>
      ),
    },
    {
      title: t('common.actions'),
      key: 'actions',
      width: 170,
      render: (_, row) =>
        canDecide && row.status === 'proposed' ? (
          <Flex gap={4}>
            <Popconfirm title={t('development.visits.onceConfirmedThisCustomerS')} onConfirm={() => decide.mutate({ id: row.id, action: 'confirm' })}>
              <Button size="small" danger>
                {t('development.visits.confirmRemoval')}
                              </Button>
            </Popconfirm>
            <Button size="small" onClick={() => decide.mutate({ id: row.id, action: 'dismiss' })}>
              {t('development.visits.reject')}
                          </Button>
          </Flex>
        ) : null,
    },
  ];
  return (
    <Flex vertical gap={12}>
      <Select<ProposalStatus> aria-label={t('development.visits.allStatuses')}
        allowClear
        placeholder={t('development.visits.allStatuses')}
        style={{ width: 160 }}
        value={filters.status}
        onChange={(status) => setFilters({ status })}
        options={Object.entries(proposalStatusLabels).map(([value, { label }]) => ({ value: value as ProposalStatus, label: t(label) }))}
      />
      <Table<Proposal> {...tableProps} columns={columns} size="middle" />
    </Flex>
  );
}

/** 拜访计划 (R-DEV-30): my monthly plans, the unit's plans and removal proposals (R-DEV-32). */
export function VisitPlansPage() {
  const t = useT();
  const { hasPermission } = useAuth();
  const [params, setParams] = useSearchParams();
  const manager = hasPermission('development:assign');
  const planId = Number(params.get('id')) || null;
  const tabs = [
    ...(hasPermission('development:write') ? [{ key: 'mine', label: t('development.visits.myPlans'), children: <MyPlan /> }] : []),
    { key: 'team', label: manager ? t('development.visits.unitPlans') : t('development.visits.plans'), children: <TeamPlans initialId={planId} /> },
    { key: 'proposals', label: t('development.visits.removalProposals'), children: <Proposals canDecide={manager} /> },
  ];
  return (
    <PageContainer title={t('menu.visitPlans')} subtitle={t('development.visits.monthlyPlansAreDueBy')}>
      <Tabs activeKey={params.get('tab') ?? (planId ? 'team' : tabs[0]!.key)} onChange={(tab) => setParams({ tab })} items={tabs} />
    </PageContainer>
  );
}
