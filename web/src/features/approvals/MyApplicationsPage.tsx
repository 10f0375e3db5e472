import { ReloadOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App as AntdApp, Button, Card, Flex, Popconfirm, Segmented, Select, Space, Table, Tag, Tooltip, Typography, type TableColumnsType } from 'antd';
import { formatDateTime } from '../../ui/format';
import { PageContainer } from '../../ui/PageContainer';
import { useServerTable } from '../../ui/use-server-table';
import { businessTypeOptions, statusColor, statusLabel } from './approval-labels';
import { approvalsQueryKey, listMyApplications, withdrawApproval, type ApprovalStatus, type ApprovalSummary, type MyApplicationFilters } from './approvals-api';
import { ApprovalDetailDrawer } from './ApprovalDetailDrawer';
import { useOpenApproval } from './ApprovalInboxPage';

const statusFilterOptions: { value: ApprovalStatus | 'all'; label: string }[] = [
  { value: 'all', label: '全部' },
  ...(['pending', 'returned', 'approved', 'rejected', 'withdrawn'] as const).map((status) => ({ value: status, label: statusLabel[status] })),
];

const canWithdraw = (row: ApprovalSummary) => (row.status === 'pending' && row.currentStep === 0) || row.status === 'returned';

/** 我的申请 — what I submitted, with withdraw and resubmit. */
export function MyApplicationsPage() {
  const { message } = AntdApp.useApp();
  const queryClient = useQueryClient();
  const [openId, open] = useOpenApproval();
  const { tableProps, filters, setFilters, refetch } = useServerTable<ApprovalSummary, MyApplicationFilters>({
    queryKey: [...approvalsQueryKey, 'mine'],
    fetchPage: listMyApplications,
    initialFilters: {},
  });

  const withdraw = useMutation({
    mutationFn: (id: number) => withdrawApproval(id),
    onSuccess: async () => {
      message.success('已撤回');
      await queryClient.invalidateQueries({ queryKey: approvalsQueryKey });
    },
  });

  const columns: TableColumnsType<ApprovalSummary> = [
    {
      title: '标题',
      dataIndex: 'title',
      key: 'title',
      render: (title: string, row) => <Typography.Link onClick={() => open(row.id)}>{title}</Typography.Link>,
    },
    { title: '类型', dataIndex: 'businessTypeName', key: 'businessTypeName', width: 140, render: (name: string) => <Tag>{name}</Tag> },
    {
      title: '状态',
      dataIndex: 'status',
      key: 'status',
      width: 110,
      render: (status: ApprovalStatus) => <Tag color={statusColor[status]}>{statusLabel[status]}</Tag>,
    },
    {
      title: '当前处理人',
      key: 'current',
      width: 220,
      render: (_, row) =>
        row.status === 'pending'
          ? `第 ${row.currentStep + 1}/${row.stepCount} 步 ${row.currentStepName ?? ''}：${row.currentApprovers.map((p) => p.name).join('、')}`
          : row.status === 'returned'
            ? '待我修改后重新提交'
            : '—',
    },
    { title: '提交时间', dataIndex: 'createdAt', key: 'createdAt', width: 160, sorter: true, render: (at: string) => formatDateTime(at) },
    { title: '完成时间', dataIndex: 'completedAt', key: 'completedAt', width: 160, render: (at: string | null) => formatDateTime(at) },
    {
      title: '操作',
      key: 'actions',
      width: 180,
      render: (_, row) => (
        <Space size={0}>
          <Button type="link" size="small" onClick={() => open(row.id)}>
            {row.status === 'returned' ? '修改并重新提交' : '查看'}
          </Button>
          {canWithdraw(row) && (
            <Popconfirm title="确定撤回这条申请吗？" okText="撤回" cancelText="取消" onConfirm={() => withdraw.mutate(row.id)}>
              <Button type="link" size="small" danger>
                撤回
              </Button>
            </Popconfirm>
          )}
        </Space>
      ),
    },
  ];

  return (
    <PageContainer
      title="我的申请"
      subtitle="审批人作出第一个决定之前可以撤回；被退回修改的申请可修改后重新提交。"
      extra={
        <>
          <Tooltip title="刷新">
            <Button icon={<ReloadOutlined />} onClick={() => void refetch()} aria-label="刷新" />
          </Tooltip>
        </>
      }
    >
      <Card variant="borderless">
        <Flex gap={12} wrap align="center">
          <Segmented<ApprovalStatus | 'all'>
            options={statusFilterOptions}
            value={filters.status ?? 'all'}
            onChange={(value) => setFilters({ ...filters, status: value === 'all' ? undefined : value })}
          />
          <Select
            allowClear
            placeholder="全部审批类型"
            style={{ width: 200 }}
            options={businessTypeOptions}
            value={filters.businessType}
            onChange={(businessType?: string) => setFilters({ ...filters, businessType })}
          />
        </Flex>
      </Card>
      <Card variant="borderless">
        <Table<ApprovalSummary> {...tableProps} columns={columns} size="middle" scroll={{ x: 1100 }} />
      </Card>
      <ApprovalDetailDrawer id={openId} onClose={() => open(null)} />
    </PageContainer>
  );
}
