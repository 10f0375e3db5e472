import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App as AntdApp, Button, Card, Col, Descriptions, Flex, Form, Input, Modal, Radio, Result, Row, Skeleton, Tag, Typography } from 'antd';
import { useState, type ReactNode } from 'react';
import { Link, useParams } from 'react-router-dom';
import { applyServerFieldErrors } from '../../../ui/form-errors';
import { formatDate, formatDateTime } from '../../../ui/format';
import { PageContainer } from '../../../ui/PageContainer';
import { BudgetPanel, ExpensesPanel, ProgressPanel } from './ProjectActivity';
import { ProjectFormModal } from './ProjectForm';
import { ProjectFlags } from './ProjectsPage';
import {
  closeProject,
  formatMoney,
  getProject,
  projectKey,
  projectsPrefix,
  projectStatusLabels,
  reviewProject,
  submitProject,
  submitReport,
  type ProjectDetail,
} from './projects-api';

type Dialog = 'edit' | 'close' | 'report' | 'review' | null;

/** A small form dialog whose submit calls `run` and refreshes the project. */
function ActionDialog<T extends object>(props: {
  project: ProjectDetail;
  title: string;
  okText: string;
  success: string;
  danger?: boolean;
  run: (values: T) => Promise<ProjectDetail>;
  onClose: () => void;
  children: ReactNode;
}) {
  const { message } = AntdApp.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<T>();
  const mutation = useMutation({
    mutationFn: props.run,
    onSuccess: async (next) => {
      message.success(props.success);
      queryClient.setQueryData(projectKey(props.project.id), next);
      await queryClient.invalidateQueries({ queryKey: projectsPrefix });
      props.onClose();
    },
    onError: (error) => applyServerFieldErrors(form, error),
  });
  return (
    <Modal open title={props.title} okText={props.okText} okButtonProps={{ danger: props.danger }} confirmLoading={mutation.isPending} onOk={() => form.submit()} onCancel={props.onClose} destroyOnHidden>
      <Form<T> form={form} layout="vertical" onFinish={(values) => mutation.mutate(values)} style={{ marginTop: 12 }}>
        {props.children}
      </Form>
    </Modal>
  );
}

/** 开发立项详情 (R-DEV-50): status and flags, budget vs spent, expenses, progress, close/report. */
export function ProjectDetailPage() {
  const id = Number(useParams().id);
  const { message, modal } = AntdApp.useApp();
  const queryClient = useQueryClient();
  const [dialog, setDialog] = useState<Dialog>(null);
  const query = useQuery({ queryKey: projectKey(id), queryFn: () => getProject(id), enabled: Number.isInteger(id) && id > 0 });
  const submit = useMutation({
    mutationFn: () => submitProject(id),
    onSuccess: async (next) => {
      message.success('已提交立项审批（部门负责人 → 评审小组）');
      queryClient.setQueryData(projectKey(id), next);
      await queryClient.invalidateQueries({ queryKey: projectsPrefix });
    },
  });

  if (query.isPending) return <Skeleton active />;
  if (query.isError || !query.data) return <Result status="404" title="开发立项不存在或无权查看" extra={<Link to="/development/projects">返回立项列表</Link>} />;
  const project = query.data;
  const status = projectStatusLabels[project.status];
  const latestApproval = project.approvals.at(-1);

  return (
    <PageContainer
      title={
        <Flex gap={8} align="center" wrap>
          <span>{project.name}</span>
          <Tag color={status.color}>{status.label}</Tag>
          <ProjectFlags project={project} />
        </Flex>
      }
      subtitle={`${project.number} · 客户 ${project.customerName} · 负责人 ${project.ownerName ?? ''}${project.unitName ? `（${project.unitName}）` : ''}`}
      extra={
        <>
          {project.can.edit && <Button onClick={() => setDialog('edit')}>修改申请</Button>}
          {project.can.submit && (
            <Button
              type="primary"
              loading={submit.isPending}
              onClick={() => modal.confirm({ title: '提交立项审批？', content: '提交后由部门负责人初审、评审小组审批；审批期间不能修改。', onOk: () => submit.mutateAsync() })}
            >
              提交审批
            </Button>
          )}
          {project.can.report && (
            <Button type="primary" danger onClick={() => setDialog('report')}>
              提交书面报告
            </Button>
          )}
          {project.can.review && <Button onClick={() => setDialog('review')}>记录评审意见</Button>}
          {project.can.close && <Button onClick={() => setDialog('close')}>结项</Button>}
        </>
      }
    >
      {project.reportRequired && (
        <Alert type="error" showIcon title="立项已满 12 个月仍未达成目标，请负责人提交书面报告（原因、现状与下一步计划）。" />
      )}
      {project.reviewRequired && <Alert type="warning" showIcon title="已 6 个月没有进展，需由部门负责人组织评审：继续开发请记录评审意见，否则结项终止。" />}
      <Card size="small">
        <Descriptions size="small" column={{ xs: 1, sm: 2, lg: 3 }}>
          <Descriptions.Item label="客户">
            <Link to={`/customers/${project.customerId}`}>{project.customerName}</Link>
          </Descriptions.Item>
          <Descriptions.Item label="预计年业务量">{formatMoney(project.expectedAnnualVolume)} 元</Descriptions.Item>
          <Descriptions.Item label="开发目标">{project.target ?? '—'}</Descriptions.Item>
          <Descriptions.Item label="批准时间">{formatDateTime(project.approvedAt)}</Descriptions.Item>
          <Descriptions.Item label="最近进展">{formatDateTime(project.lastProgressAt)}</Descriptions.Item>
          <Descriptions.Item label="审批">
            {latestApproval ? <Link to={`/approvals/mine?id=${latestApproval.id}`}>#{latestApproval.id}</Link> : '未提交'}
          </Descriptions.Item>
          {project.closedAt && (
            <Descriptions.Item label="结项" span={3}>
              {formatDate(project.closedAt)}（{status.label}）：{project.closeReason}
            </Descriptions.Item>
          )}
          <Descriptions.Item label="立项背景" span={3}>
            <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginBottom: 0 }}>{project.background}</Typography.Paragraph>
          </Descriptions.Item>
          {project.reportText && (
            <Descriptions.Item label={`书面报告（${formatDate(project.reportSubmittedAt)}）`} span={3}>
              <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginBottom: 0 }}>{project.reportText}</Typography.Paragraph>
            </Descriptions.Item>
          )}
        </Descriptions>
      </Card>
      <BudgetPanel project={project} />
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={14}>
          <ExpensesPanel project={project} />
        </Col>
        <Col xs={24} xl={10}>
          <ProgressPanel project={project} />
        </Col>
      </Row>

      {dialog === 'edit' && <ProjectFormModal project={project} onClose={() => setDialog(null)} onSaved={() => setDialog(null)} />}
      {dialog === 'close' && (
        <ActionDialog<{ result: 'won' | 'terminated'; reason: string }>
          project={project}
          title={`结项：${project.name}`}
          okText="确认结项"
          danger
          success="已结项"
          run={(values) => closeProject(project.id, { result: values.result, reason: values.reason.trim() })}
          onClose={() => setDialog(null)}
        >
          <Form.Item name="result" label="结果" initialValue={project.status === 'active' ? 'won' : 'terminated'} rules={[{ required: true }]}>
            <Radio.Group
              options={[
                { value: 'won', label: '赢单（已签约）', disabled: project.status !== 'active' },
                { value: 'terminated', label: '终止' },
              ]}
            />
          </Form.Item>
          <Form.Item name="reason" label="说明" rules={[{ required: true, whitespace: true, message: '请填写结项说明' }, { max: 1000 }]}>
            <Input.TextArea rows={3} maxLength={1000} placeholder="签约情况或终止原因" />
          </Form.Item>
          <Typography.Text type="secondary">结项后不能再记录费用和进展。</Typography.Text>
        </ActionDialog>
      )}
      {dialog === 'report' && (
        <ActionDialog<{ text: string }>
          project={project}
          title="提交书面报告"
          okText="提交"
          success="书面报告已提交"
          run={(values) => submitReport(project.id, values.text.trim())}
          onClose={() => setDialog(null)}
        >
          <Form.Item name="text" label="报告内容" rules={[{ required: true, whitespace: true, message: '请填写报告内容' }, { min: 10, message: '至少 10 个字' }, { max: 8000 }]}>
            <Input.TextArea rows={8} maxLength={8000} placeholder="未达成目标的原因、目前进展、费用使用情况、下一步计划或终止建议" />
          </Form.Item>
        </ActionDialog>
      )}
      {dialog === 'review' && (
        <ActionDialog<{ comment: string }>
          project={project}
          title="记录评审意见（继续开发）"
          okText="保存"
          success="评审意见已记录"
          run={(values) => reviewProject(project.id, values.comment.trim())}
          onClose={() => setDialog(null)}
        >
          <Form.Item name="comment" label="评审意见" rules={[{ required: true, whitespace: true, message: '请填写评审意见' }, { max: 1000 }]}>
            <Input.TextArea rows={4} maxLength={1000} />
          </Form.Item>
          <Typography.Text type="secondary">决定不再继续时，请使用「结项」并选择终止。</Typography.Text>
        </ActionDialog>
      )}
    </PageContainer>
  );
}
