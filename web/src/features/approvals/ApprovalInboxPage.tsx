import { ReloadOutlined } from '@ant-design/icons';
import { Button, Card, Flex, Select, Table, Tag, Tooltip, Typography, type TableColumnsType } from 'antd';
import { useSearchParams } from 'react-router-dom';
import { formatDateTime } from '../../ui/format';
import { PageContainer } from '../../ui/PageContainer';
import { useServerTable } from '../../ui/use-server-table';
import { businessTypeOptions } from './approval-labels';
import { approvalsQueryKey, listInbox, type ApprovalSummary, type InboxFilters } from './approvals-api';
import { ApprovalDetailDrawer } from './ApprovalDetailDrawer';

/** The drawer's approval id lives in the URL (`?id=12`) so notification links open it. */
export function useOpenApproval() {
  const [params, setParams] = useSearchParams();
  const raw = Number(params.get('id'));
  const openId = Number.isInteger(raw) && raw > 0 ? raw : null;
  const open = (id: number | null) =>
    setParams(
      (current) => {
        const next = new URLSearchParams(current);
        if (id === null) next.delete('id');
        else next.set('id', String(id));
        return next;
      },
      { replace: id === null },
    );
  return [openId, open] as const;
}

/** 待我审批 — approvals whose current step waits for me (R-PLT-23). */
export function ApprovalInboxPage() {
  const [openId, open] = useOpenApproval();
  const { tableProps, filters, setFilters, refetch } = useServerTable<ApprovalSummary, InboxFilters>({
    queryKey: [...approvalsQueryKey, 'inbox'],
    fetchPage: listInbox,
    initialFilters: {},
  });

  const columns: TableColumnsType<ApprovalSummary> = [
    {
      title: '标题',
      dataIndex: 'title',
      key: 'title',
      render: (title: string, row) => (
        <Typography.Link onClick={() => open(row.id)} data-testid={`approval-open-${row.id}`}>
          {title}
        </Typography.Link>
      ),
    },
    { title: '类型', dataIndex: 'businessTypeName', key: 'businessTypeName', width: 140, render: (name: string) => <Tag>{name}</Tag> },
    {
      title: '申请人',
      key: 'applicant',
      width: 180,
      render: (_, row) => `${row.applicant.name}${row.applicantUnitName ? `（${row.applicantUnitName}）` : ''}`,
    },
    {
      title: '当前步骤',
      key: 'step',
      width: 200,
      render: (_, row) => `第 ${row.currentStep + 1}/${row.stepCount} 步：${row.currentStepName ?? '—'}`,
    },
    { title: '提交时间', dataIndex: 'createdAt', key: 'createdAt', width: 160, render: (at: string) => formatDateTime(at) },
    {
      title: '操作',
      key: 'actions',
      width: 90,
      render: (_, row) => (
        <Button type="link" size="small" onClick={() => open(row.id)}>
          处理
        </Button>
      ),
    },
  ];

  return (
    <PageContainer
      title="待我审批"
      subtitle="当前步骤由您审批的申请；同意、驳回或退回修改后即从这里移出。"
      extra={
        <Tooltip title="刷新">
          <Button icon={<ReloadOutlined />} onClick={() => void refetch()} aria-label="刷新" />
        </Tooltip>
      }
    >
      <Card variant="borderless">
        <Flex gap={12} wrap>
          <Select
            allowClear
            placeholder="全部审批类型"
            style={{ width: 200 }}
            options={businessTypeOptions}
            value={filters.businessType}
            onChange={(businessType?: string) => setFilters({ businessType })}
          />
        </Flex>
      </Card>
      <Card variant="borderless">
        <Table<ApprovalSummary> {...tableProps} columns={columns} size="middle" scroll={{ x: 900 }} data-testid="approval-inbox" />
      </Card>
      <ApprovalDetailDrawer id={openId} onClose={() => open(null)} />
    </PageContainer>
  );
}
