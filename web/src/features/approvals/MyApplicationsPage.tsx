import type { MessageKey } from '../../app/i18n/dictionary';
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
import { useT } from '../../app/i18n/LocaleProvider';

const statusFilterOptions: { value: ApprovalStatus | 'all'; label: MessageKey }[] = [
  { value: 'all', label: 'common.all' },
  ...(['pending', 'returned', 'approved', 'rejected', 'withdrawn'] as const).map((status) => ({ value: status, label: statusLabel[status] })),
];

const canWithdraw = (row: ApprovalSummary) => (row.status === 'pending' && row.currentStep === 0) || row.status === 'returned';

/** 我的申请 — what I submitted, with withdraw and resubmit. */
export function MyApplicationsPage() {
  const t = useT();
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
      message.success(t('approvals.withdrawn'));
      await queryClient.invalidateQueries({ queryKey: approvalsQueryKey });
    },
  });

  const columns: TableColumnsType<ApprovalSummary> = [
    {
      title: t('approvals.title'),
      dataIndex: 'title',
      key: 'title',
      render: (title: string, row) => <Typography.Link onClick={() => open(row.id)}>{title}</Typography.Link>,
    },
    { title: t('org.kind'), dataIndex: 'businessTypeName', key: 'businessTypeName', width: 140, render: (name: string) => <Tag>{name}</Tag> },
    {
      title: t('users.status'),
      dataIndex: 'status',
      key: 'status',
      width: 110,
      render: (status: ApprovalStatus) => <Tag color={statusColor[status]}>{t(statusLabel[status])}</Tag>,
    },
    {
      title: t('approvals.currentApprovers'),
      key: 'current',
      width: 220,
      render: (_, row) =>
        row.status === 'pending'
          ? t('approvals.step5', { v0: row.currentStep + 1, stepCount: row.stepCount, v2: row.currentStepName ?? '', v3: row.currentApprovers.map((p) => p.name).join(t('common.listSeparator')) })
          : row.status === 'returned'
            ? t('approvals.waitingForMyRevision')
            : '—',
    },
    { title: t('approvals.submitted'), dataIndex: 'createdAt', key: 'createdAt', width: 160, sorter: true, render: (at: string) => formatDateTime(at) },
    { title: t('approvals.completed'), dataIndex: 'completedAt', key: 'completedAt', width: 160, render: (at: string | null) => formatDateTime(at) },
    {
      title: t('common.actions'),
      key: 'actions',
      width: 180,
      render: (_, row) => (
        <Space size={0}>
          <Button type="link" size="small" onClick={() => open(row.id)}>
            {row.status === 'returned' ? t('approvals.reviseAndResubmit2') : t('approvals.view')}
          </Button>
          {canWithdraw(row) && (
            <Popconfirm title={t('approvals.withdrawThisRequest')} okText={t('approvals.withdraw')} cancelText={t('common.cancel')} onConfirm={() => withdraw.mutate(row.id)}>
              <Button type="link" size="small" danger>
                {t('approvals.withdraw')}
                              </Button>
            </Popconfirm>
          )}
        </Space>
      ),
    },
  ];

  return (
    <PageContainer
      title={t('menu.myApplications')}
      subtitle={t('approvals.youCanWithdrawARequest')}
      extra={
        <>
          <Tooltip title={t('common.refresh')}>
            <Button icon={<ReloadOutlined />} onClick={() => void refetch()} aria-label={t('common.refresh')} />
          </Tooltip>
        </>
      }
    >
      <Card variant="borderless">
        <Flex gap={12} wrap align="center">
          <Segmented<ApprovalStatus | 'all'>
            options={statusFilterOptions.map((option) => ({ ...option, label: t(option.label) }))}
            value={filters.status ?? 'all'}
            onChange={(value) => setFilters({ ...filters, status: value === 'all' ? undefined : value })}
          />
          <Select aria-label={t('approvals.allBusinessTypes')}
            allowClear
            placeholder={t('approvals.allBusinessTypes')}
            style={{ width: 200 }}
            options={businessTypeOptions.map((option) => ({ ...option, label: t(option.label) }))}
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
