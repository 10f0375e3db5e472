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
import { useT } from '../../../app/i18n/LocaleProvider';

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
  const t = useT();
  const id = Number(useParams().id);
  const { message, modal } = AntdApp.useApp();
  const queryClient = useQueryClient();
  const [dialog, setDialog] = useState<Dialog>(null);
  const query = useQuery({ queryKey: projectKey(id), queryFn: () => getProject(id), enabled: Number.isInteger(id) && id > 0 });
  const submit = useMutation({
    mutationFn: () => submitProject(id),
    onSuccess: async (next) => {
      message.success(t('development.projects.submittedForApprovalUnitManager'));
      queryClient.setQueryData(projectKey(id), next);
      await queryClient.invalidateQueries({ queryKey: projectsPrefix });
    },
  });

  if (query.isPending) return <Skeleton active />;
  if (query.isError || !query.data) return <Result status="404" title={t('development.projects.theProjectDoesNotExist')} extra={<Link to="/development/projects">{t('development.projects.backToProjects')}</Link>} />;
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
      subtitle={t('development.projects.customerOwner', { number: project.number, customerName: project.customerName, v2: project.ownerName ?? '', v3: project.unitName ? `（${project.unitName}）` : '' })}
      extra={
        <>
          {project.can.edit && <Button onClick={() => setDialog('edit')}>{t('development.projects.editApplication')}</Button>}
          {project.can.submit && (
            <Button
              type="primary"
              loading={submit.isPending}
              onClick={() => modal.confirm({ title: t('development.projects.submitTheProjectForApproval'), content: t('development.projects.theUnitManagerReviewsIt'), onOk: () => submit.mutateAsync() })}
            >
              {t('development.projects.submitForApproval')}
                          </Button>
          )}
          {project.can.report && (
            <Button type="primary" danger onClick={() => setDialog('report')}>
              {t('development.projects.submitWrittenReport')}
                          </Button>
          )}
          {project.can.review && <Button onClick={() => setDialog('review')}>{t('development.projects.recordReview')}</Button>}
          {project.can.close && <Button onClick={() => setDialog('close')}>{t('development.projects.closeProject')}</Button>}
        </>
      }
    >
      {project.reportRequired && (
        <Alert type="error" showIcon title={t('development.projects.12MonthsHavePassedWithout')} />
      )}
      {project.reviewRequired && <Alert type="warning" showIcon title={t('development.projects.noProgressFor6Months')} />}
      <Card size="small">
        <Descriptions size="small" column={{ xs: 1, sm: 2, lg: 3 }}>
          <Descriptions.Item label={t('audit.entity.customer')}>
            <Link to={`/customers/${project.customerId}`}>{project.customerName}</Link>
          </Descriptions.Item>
          <Descriptions.Item label={t('development.projects.expectedAnnualVolume')}>{formatMoney(project.expectedAnnualVolume)} {t('development.projects.cny')}</Descriptions.Item>
          <Descriptions.Item label={t('development.projects.target')}>{project.target ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('development.projects.approved')}>{formatDateTime(project.approvedAt)}</Descriptions.Item>
          <Descriptions.Item label={t('development.projects.lastProgress')}>{formatDateTime(project.lastProgressAt)}</Descriptions.Item>
          <Descriptions.Item label={t('menu.approvals')}>
            {latestApproval ? <Link to={`/approvals/mine?id=${latestApproval.id}`}>#{latestApproval.id}</Link> : t('development.projects.notSubmitted')}
          </Descriptions.Item>
          {project.closedAt && (
            <Descriptions.Item label={t('development.projects.closeProject')} span={3}>
              {formatDate(project.closedAt)}（{status.label}）：{project.closeReason}
            </Descriptions.Item>
          )}
          <Descriptions.Item label={t('development.projects.background')} span={3}>
            <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginBottom: 0 }}>{project.background}</Typography.Paragraph>
          </Descriptions.Item>
          {project.reportText && (
            <Descriptions.Item label={t('development.projects.writtenReport', { v0: formatDate(project.reportSubmittedAt) })} span={3}>
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
          title={t('development.projects.close', { name: project.name })}
          okText={t('development.projects.confirmClosing')}
          danger
          success={t('development.projects.closed')}
          run={(values) => closeProject(project.id, { result: values.result, reason: values.reason.trim() })}
          onClose={() => setDialog(null)}
        >
          <Form.Item name="result" label={t('development.projects.result')} initialValue={project.status === 'active' ? 'won' : 'terminated'} rules={[{ required: true }]}>
            <Radio.Group
              options={[
                { value: 'won', label: t('development.projects.wonSigned'), disabled: project.status !== 'active' },
                { value: 'terminated', label: t('development.projects.terminated') },
              ]}
            />
          </Form.Item>
          <Form.Item name="reason" label={t('roles.description')} rules={[{ required: true, whitespace: true, message: t('development.projects.pleaseDescribeHowItEnded') }, { max: 1000 }]}>
            <Input.TextArea rows={3} maxLength={1000} placeholder={t('development.projects.whatWasSignedOrWhy')} />
          </Form.Item>
          <Typography.Text type="secondary">{t('development.projects.noExpensesOrProgressCan')}</Typography.Text>
        </ActionDialog>
      )}
      {dialog === 'report' && (
        <ActionDialog<{ text: string }>
          project={project}
          title={t('development.projects.submitWrittenReport')}
          okText={t('development.projects.submit')}
          success={t('development.projects.writtenReportSubmitted')}
          run={(values) => submitReport(project.id, values.text.trim())}
          onClose={() => setDialog(null)}
        >
          <Form.Item name="text" label={t('development.projects.report')} rules={[{ required: true, whitespace: true, message: t('development.projects.pleaseWriteTheReport') }, { min: 10, message: t('development.projects.atLeast10Characters') }, { max: 8000 }]}>
            <Input.TextArea rows={8} maxLength={8000} placeholder={t('development.projects.whyTheTargetWasMissed')} />
          </Form.Item>
        </ActionDialog>
      )}
      {dialog === 'review' && (
        <ActionDialog<{ comment: string }>
          project={project}
          title={t('development.projects.recordReviewContinue')}
          okText={t('common.save')}
          success={t('development.projects.reviewRecorded')}
          run={(values) => reviewProject(project.id, values.comment.trim())}
          onClose={() => setDialog(null)}
        >
          <Form.Item name="comment" label={t('development.projects.review')} rules={[{ required: true, whitespace: true, message: t('development.projects.pleaseWriteTheReview') }, { max: 1000 }]}>
            <Input.TextArea rows={4} maxLength={1000} />
          </Form.Item>
          <Typography.Text type="secondary">{t('development.projects.toStopUseCloseProject')}</Typography.Text>
        </ActionDialog>
      )}
    </PageContainer>
  );
}
