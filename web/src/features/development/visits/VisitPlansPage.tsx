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

/** My plan of the chosen month (default: next month, due by the end of this one). */
function MyPlan() {
  const { message } = AntdApp.useApp();
  const queryClient = useQueryClient();
  const [month, setMonth] = useState(() => dayjs().add(1, 'month').format('YYYY-MM'));
  const list = useQuery({ queryKey: [...visitPlansQueryKey, 'mine', month], queryFn: () => listVisitPlans({ page: 1, pageSize: 1, mine: 'true', month }) });
  const planId = list.data?.items[0]?.id;
  const detail = useQuery({ queryKey: [...visitPlansQueryKey, 'detail', planId], queryFn: () => getVisitPlan(planId!), enabled: Boolean(planId) });
  const create = useMutation({
    mutationFn: () => createVisitPlan({ month, items: [] }),
    onSuccess: async () => {
      message.success(`已新建 ${month} 拜访计划`);
      await queryClient.invalidateQueries({ queryKey: visitPlansQueryKey });
    },
    onError: (error) => message.error(error instanceof Error ? error.message : String(error)),
  });

  return (
    <Card
      size="small"
      title={
        <Flex gap={8} align="center">
          <span>计划月份</span>
          <DatePicker picker="month" allowClear={false} value={dayjs(`${month}-01`)} onChange={(value) => value && setMonth(value.format('YYYY-MM'))} />
        </Flex>
      }
    >
      {list.isPending || (planId && detail.isPending) ? (
        <Skeleton active />
      ) : !planId ? (
        <Empty description={`还没有 ${month} 的拜访计划`}>
          <Button type="primary" icon={<PlusOutlined />} loading={create.isPending} onClick={() => create.mutate()} data-testid="plan-create">
            新建 {month} 拜访计划
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
  const [openId, setOpenId] = useState<number | null>(initialId);
  const { tableProps, filters, setFilters } = useServerTable<VisitPlan, PlanFilters>({
    queryKey: [...visitPlansQueryKey, 'team'],
    fetchPage: listVisitPlans,
    initialFilters: {},
  });
  const detail = useQuery({ queryKey: [...visitPlansQueryKey, 'detail', openId], queryFn: () => getVisitPlan(openId!), enabled: openId !== null });
  const columns: TableColumnsType<VisitPlan> = [
    { title: '月份', dataIndex: 'month', key: 'month', width: 90 },
    { title: '专员', key: 'user', render: (_, row) => <Typography.Link onClick={() => setOpenId(row.id)}>{row.userName}</Typography.Link> },
    { title: '部门', dataIndex: 'unitName', key: 'unitName' },
    { title: '状态', key: 'status', width: 170, render: (_, row) => <PlanStatus plan={row} /> },
    { title: '拜访', key: 'items', width: 160, render: (_, row) => `${row.doneCount} / ${row.itemCount}${row.missedCount ? `（未按期 ${row.missedCount}）` : ''}` },
    { title: '提交时间', dataIndex: 'submittedAt', key: 'submittedAt', width: 150, render: (value: string | null) => formatDateTime(value) },
    { title: '审批', key: 'approval', width: 80, render: (_, row) => (row.approvalId ? <Link to={`/approvals/inbox?id=${row.approvalId}`}>#{row.approvalId}</Link> : '—') },
  ];
  return (
    <Flex vertical gap={12}>
      <Card size="small">
        <Flex gap={8}>
          <DatePicker picker="month" placeholder="月份" onChange={(value) => setFilters({ ...filters, month: value ? value.format('YYYY-MM') : undefined })} />
          <Select
            allowClear
            placeholder="状态"
            style={{ width: 140 }}
            onChange={(status) => setFilters({ ...filters, status })}
            options={[
              { value: 'draft', label: '草稿' },
              { value: 'pending', label: '审批中' },
              { value: 'approved', label: '已批准' },
              { value: 'returned', label: '退回修改' },
              { value: 'rejected', label: '已驳回' },
            ]}
          />
        </Flex>
      </Card>
      <Table<VisitPlan> {...tableProps} columns={columns} size="middle" />
      <Modal open={openId !== null} onCancel={() => setOpenId(null)} footer={null} width={800} title={detail.data ? `${detail.data.userName} 的 ${detail.data.month} 拜访计划` : '拜访计划'}>
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
      message.success(proposal.status === 'confirmed' ? '已确认移出拜访计划，后续计划拜访已取消' : '已驳回建议，重新开始计数');
      await Promise.all([queryClient.invalidateQueries({ queryKey: proposalsQueryKey }), queryClient.invalidateQueries({ queryKey: visitPlansQueryKey })]);
    },
    onError: (error) => message.error(error instanceof Error ? error.message : String(error)),
  });
  const columns: TableColumnsType<Proposal> = [
    { title: '客户', key: 'customer', render: (_, row) => <Link to={`/customers/${row.customerId}`}>{row.customerName}</Link> },
    { title: '专员', dataIndex: 'userName', key: 'userName', width: 110 },
    { title: '无进展拜访', dataIndex: 'visitCount', key: 'visitCount', width: 100, render: (n: number) => `${n} 次` },
    { title: '提出时间', dataIndex: 'createdAt', key: 'createdAt', width: 150, render: (value: string) => formatDateTime(value) },
    {
      title: '状态',
      key: 'status',
      width: 200,
      render: (_, row) => (
        <Flex vertical>
          <Tag color={proposalStatusLabels[row.status].color} style={{ width: 'fit-content' }}>
            {proposalStatusLabels[row.status].label}
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
      title: '操作',
      key: 'actions',
      width: 170,
      render: (_, row) =>
        canDecide && row.status === 'proposed' ? (
          <Flex gap={4}>
            <Popconfirm title="确认后，该客户后续的计划拜访将取消，且不能再列入该专员的拜访计划" onConfirm={() => decide.mutate({ id: row.id, action: 'confirm' })}>
              <Button size="small" danger>
                确认移出
              </Button>
            </Popconfirm>
            <Button size="small" onClick={() => decide.mutate({ id: row.id, action: 'dismiss' })}>
              驳回
            </Button>
          </Flex>
        ) : null,
    },
  ];
  return (
    <Flex vertical gap={12}>
      <Select<ProposalStatus>
        allowClear
        placeholder="全部状态"
        style={{ width: 160 }}
        value={filters.status}
        onChange={(status) => setFilters({ status })}
        options={Object.entries(proposalStatusLabels).map(([value, { label }]) => ({ value: value as ProposalStatus, label }))}
      />
      <Table<Proposal> {...tableProps} columns={columns} size="middle" />
    </Flex>
  );
}

/** 拜访计划 (R-DEV-30): my monthly plans, the unit's plans and removal proposals (R-DEV-32). */
export function VisitPlansPage() {
  const { hasPermission } = useAuth();
  const [params, setParams] = useSearchParams();
  const manager = hasPermission('development:assign');
  const planId = Number(params.get('id')) || null;
  const tabs = [
    ...(hasPermission('development:write') ? [{ key: 'mine', label: '我的计划', children: <MyPlan /> }] : []),
    { key: 'team', label: manager ? '部门计划' : '计划列表', children: <TeamPlans initialId={planId} /> },
    { key: 'proposals', label: '移出建议', children: <Proposals canDecide={manager} /> },
  ];
  return (
    <PageContainer title="拜访计划" subtitle="每月拜访计划须在上月月底前提交，由部门负责人审批；连续多次拜访无进展的客户会建议移出计划。">
      <Tabs activeKey={params.get('tab') ?? (planId ? 'team' : tabs[0]!.key)} onChange={(tab) => setParams({ tab })} items={tabs} />
    </PageContainer>
  );
}
