import { PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App as AntdApp, Button, Card, Flex, Popconfirm, Table, Tag, Tooltip, Typography, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { formatDateTime } from '../../ui/format';
import { PageContainer } from '../../ui/PageContainer';
import { approverTypeLabel } from './approval-labels';
import { approvalFlowsQueryKey, deleteFlow, listFlows, type ApprovalFlow } from './approvals-api';
import { ApprovalFlowEditor } from './ApprovalFlowEditor';
import { useT } from '../../app/i18n/LocaleProvider';

type EditorState = { flow: ApprovalFlow | null } | null;

/** 审批流程 — admins edit the ordered steps of every business type's flow (R-PLT-21). */
export function ApprovalFlowsPage() {
  const t = useT();
  const { message } = AntdApp.useApp();
  const queryClient = useQueryClient();
  const [editor, setEditor] = useState<EditorState>(null);
  const flows = useQuery({ queryKey: approvalFlowsQueryKey, queryFn: listFlows });
  const remove = useMutation({
    mutationFn: (id: number) => deleteFlow(id),
    onSuccess: async () => {
      message.success(t('approvals.flowDeleted'));
      await queryClient.invalidateQueries({ queryKey: approvalFlowsQueryKey });
    },
  });

  const columns: TableColumnsType<ApprovalFlow> = [
    {
      title: t('approvals.businessType'),
      key: 'businessType',
      width: 180,
      render: (_, flow) => (
        <Flex vertical>
          <span>{flow.businessTypeName}</span>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {flow.businessType}
          </Typography.Text>
        </Flex>
      ),
    },
    { title: t('approvals.flowName'), dataIndex: 'name', key: 'name', width: 180 },
    {
      title: t('approvals.steps'),
      key: 'steps',
      render: (_, flow) => (
        <Flex wrap gap={4} align="center">
          {flow.steps.map((step, index) => (
            <Tooltip key={index} title={`${approverTypeLabel[step.approverType] ? t(approverTypeLabel[step.approverType]) : step.approverType}${step.roleCode ? `：${step.roleCode}` : ''}${step.userId ? t('approvals.user2', { userId: step.userId }) : ''}${step.condition ? t('approvals.condition2', { condition: step.conditionText ?? step.condition }) : ''}`}>
              <Tag color={step.condition ? 'gold' : 'blue'}>
                {index + 1}. {step.name}
                {step.condition ? `（${step.conditionText ?? step.condition}）` : ''}
              </Tag>
            </Tooltip>
          ))}
        </Flex>
      ),
    },
    {
      title: t('users.status'),
      dataIndex: 'enabled',
      key: 'enabled',
      width: 90,
      render: (enabled: boolean) => (enabled ? <Tag color="success">{t('users.enable')}</Tag> : <Tag>{t('users.disable')}</Tag>),
    },
    { title: t('approvals.updated'), dataIndex: 'updatedAt', key: 'updatedAt', width: 160, render: (at: string) => formatDateTime(at) },
    {
      title: t('common.actions'),
      key: 'actions',
      width: 140,
      render: (_, flow) => (
        <Flex gap={0}>
          <Button type="link" size="small" onClick={() => setEditor({ flow })} data-testid={`approval-flow-edit-${flow.businessType}`}>
            {t('common.edit')}
                      </Button>
          <Popconfirm title={t('approvals.deleteThisFlowAFlow')} okText={t('common.delete')} cancelText={t('common.cancel')} onConfirm={() => remove.mutate(flow.id)}>
            <Button type="link" size="small" danger>
              {t('common.delete')}
                          </Button>
          </Popconfirm>
        </Flex>
      ),
    },
  ];

  return (
    <PageContainer
      title={t('menu.approvalFlows')}
      subtitle={t('approvals.oneFlowPerBusinessType2')}
      extra={
        <>
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditor({ flow: null })} disabled={!flows.data}>
            {t('approvals.newFlow')}
                      </Button>
          <Tooltip title={t('common.refresh')}>
            <Button icon={<ReloadOutlined />} onClick={() => void flows.refetch()} aria-label={t('common.refresh')} />
          </Tooltip>
        </>
      }
    >
      <Card variant="borderless">
        <Table<ApprovalFlow> rowKey="id" dataSource={flows.data?.items ?? []} loading={flows.isFetching} columns={columns} pagination={false} size="middle" scroll={{ x: 1000 }} />
      </Card>
      {editor && flows.data && <ApprovalFlowEditor flow={editor.flow} catalog={flows.data} onClose={() => setEditor(null)} />}
    </PageContainer>
  );
}
