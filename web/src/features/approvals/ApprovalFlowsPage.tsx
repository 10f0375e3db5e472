import { PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App as AntdApp, Button, Card, Flex, Popconfirm, Table, Tag, Tooltip, Typography, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { formatDateTime } from '../../ui/format';
import { PageContainer } from '../../ui/PageContainer';
import { approverTypeLabel } from './approval-labels';
import { approvalFlowsQueryKey, deleteFlow, listFlows, type ApprovalFlow } from './approvals-api';
import { ApprovalFlowEditor } from './ApprovalFlowEditor';

type EditorState = { flow: ApprovalFlow | null } | null;

/** 审批流程 — admins edit the ordered steps of every business type's flow (R-PLT-21). */
export function ApprovalFlowsPage() {
  const { message } = AntdApp.useApp();
  const queryClient = useQueryClient();
  const [editor, setEditor] = useState<EditorState>(null);
  const flows = useQuery({ queryKey: approvalFlowsQueryKey, queryFn: listFlows });
  const remove = useMutation({
    mutationFn: (id: number) => deleteFlow(id),
    onSuccess: async () => {
      message.success('审批流程已删除');
      await queryClient.invalidateQueries({ queryKey: approvalFlowsQueryKey });
    },
  });

  const columns: TableColumnsType<ApprovalFlow> = [
    {
      title: '业务类型',
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
    { title: '流程名称', dataIndex: 'name', key: 'name', width: 180 },
    {
      title: '审批步骤',
      key: 'steps',
      render: (_, flow) => (
        <Flex wrap gap={4} align="center">
          {flow.steps.map((step, index) => (
            <Tooltip key={index} title={`${approverTypeLabel[step.approverType] ?? step.approverType}${step.roleCode ? `：${step.roleCode}` : ''}${step.userId ? `：用户 #${step.userId}` : ''}${step.condition ? `；条件 ${step.condition}` : ''}`}>
              <Tag color={step.condition ? 'gold' : 'blue'}>
                {index + 1}. {step.name}
                {step.condition ? `（${step.condition}）` : ''}
              </Tag>
            </Tooltip>
          ))}
        </Flex>
      ),
    },
    {
      title: '状态',
      dataIndex: 'enabled',
      key: 'enabled',
      width: 90,
      render: (enabled: boolean) => (enabled ? <Tag color="success">启用</Tag> : <Tag>停用</Tag>),
    },
    { title: '更新时间', dataIndex: 'updatedAt', key: 'updatedAt', width: 160, render: (at: string) => formatDateTime(at) },
    {
      title: '操作',
      key: 'actions',
      width: 140,
      render: (_, flow) => (
        <Flex gap={0}>
          <Button type="link" size="small" onClick={() => setEditor({ flow })} data-testid={`approval-flow-edit-${flow.businessType}`}>
            编辑
          </Button>
          <Popconfirm title="删除这个审批流程？已有审批记录的流程不能删除，可改为停用。" okText="删除" cancelText="取消" onConfirm={() => remove.mutate(flow.id)}>
            <Button type="link" size="small" danger>
              删除
            </Button>
          </Popconfirm>
        </Flex>
      ),
    },
  ];

  return (
    <PageContainer
      title="审批流程"
      subtitle="每种业务一个流程，按顺序逐步审批；带条件的步骤只在条件成立时出现。修改只影响之后提交的申请。"
      extra={
        <>
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditor({ flow: null })} disabled={!flows.data}>
            新建流程
          </Button>
          <Tooltip title="刷新">
            <Button icon={<ReloadOutlined />} onClick={() => void flows.refetch()} aria-label="刷新" />
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
