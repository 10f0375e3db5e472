import { ReloadOutlined } from '@ant-design/icons';
import { Button, Card, Flex, Select, Table, Tag, Tooltip, Typography, type TableColumnsType } from 'antd';
import { useSearchParams } from 'react-router-dom';
import { formatDateTime } from '../../ui/format';
import { PageContainer } from '../../ui/PageContainer';
import { useServerTable } from '../../ui/use-server-table';
import { businessTypeOptions } from './approval-labels';
import { approvalsQueryKey, listInbox, type ApprovalSummary, type InboxFilters } from './approvals-api';
import { ApprovalDetailDrawer } from './ApprovalDetailDrawer';
import { useT } from '../../app/i18n/LocaleProvider';

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
  const t = useT();
  const [openId, open] = useOpenApproval();
  const { tableProps, filters, setFilters, refetch } = useServerTable<ApprovalSummary, InboxFilters>({
    queryKey: [...approvalsQueryKey, 'inbox'],
    fetchPage: listInbox,
    initialFilters: {},
  });

  const columns: TableColumnsType<ApprovalSummary> = [
    {
      title: t('approvals.title'),
      dataIndex: 'title',
      key: 'title',
      render: (title: string, row) => (
        <Typography.Link onClick={() => open(row.id)} data-testid={`approval-open-${row.id}`}>
          {title}
        </Typography.Link>
      ),
    },
    { title: t('org.kind'), dataIndex: 'businessTypeName', key: 'businessTypeName', width: 140, render: (name: string) => <Tag>{name}</Tag> },
    {
      title: t('approvals.applicant'),
      key: 'applicant',
      width: 180,
      render: (_, row) => `${row.applicant.name}${row.applicantUnitName ? `（${row.applicantUnitName}）` : ''}`,
    },
    {
      title: t('approvals.currentStep'),
      key: 'step',
      width: 200,
      render: (_, row) => t('approvals.step2', { v0: row.currentStep + 1, stepCount: row.stepCount, v2: row.currentStepName ?? '—' }),
    },
    { title: t('approvals.submitted'), dataIndex: 'createdAt', key: 'createdAt', width: 160, render: (at: string) => formatDateTime(at) },
    {
      title: t('common.actions'),
      key: 'actions',
      width: 90,
      render: (_, row) => (
        <Button type="link" size="small" onClick={() => open(row.id)}>
          {t('approvals.handle')}
                  </Button>
      ),
    },
  ];

  return (
    <PageContainer
      title={t('menu.approvalInbox')}
      subtitle={t('approvals.requestsWhoseCurrentStepIs')}
      extra={
        <Tooltip title={t('common.refresh')}>
          <Button icon={<ReloadOutlined />} onClick={() => void refetch()} aria-label={t('common.refresh')} />
        </Tooltip>
      }
    >
      <Card variant="borderless">
        <Flex gap={12} wrap>
          <Select aria-label={t('approvals.allBusinessTypes')}
            allowClear
            placeholder={t('approvals.allBusinessTypes')}
            style={{ width: 200 }}
            options={businessTypeOptions.map((option) => ({ ...option, label: t(option.label) }))}
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
