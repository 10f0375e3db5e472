import { EditOutlined, PlayCircleOutlined, ReloadOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  App as AntdApp,
  Button,
  Card,
  Flex,
  Form,
  Input,
  Modal,
  Progress,
  Select,
  Switch,
  Table,
  Tag,
  Tooltip,
  Typography,
  type TableColumnsType,
} from 'antd';
import { useEffect, useState } from 'react';
import { formatDateTime } from '../../ui/format';
import { applyServerFieldErrors } from '../../ui/form-errors';
import { PageContainer } from '../../ui/PageContainer';
import { useServerTable } from '../../ui/use-server-table';
import { jobsQueryKey, listJobRuns, listJobs, runJob, runStatusColor, runStatusLabel, updateJob, type Job, type JobRun, type JobRunFilters, type JobRunStatus } from './jobs-api';

const RUNNING_POLL_MS = 2_000;

function RunProgress({ run }: { run: JobRun }) {
  const percent = run.total ? Math.min(100, Math.round((run.progress / run.total) * 100)) : run.status === 'running' ? 0 : 100;
  const status = run.status === 'failed' ? 'exception' : run.status === 'running' ? 'active' : 'success';
  return (
    <Tooltip title={run.total ? `${run.progress}/${run.total}` : undefined}>
      <Progress percent={percent} status={status} size="small" style={{ minWidth: 120, margin: 0 }} />
    </Tooltip>
  );
}

function outputText(run: JobRun): string {
  if (run.status === 'failed') return run.message;
  if (run.status === 'running') return run.message;
  if (!run.output || Object.keys(run.output).length === 0) return run.message || '—';
  return Object.entries(run.output)
    .map(([key, value]) => `${key}: ${typeof value === 'object' ? JSON.stringify(value) : String(value)}`)
    .join('，');
}

function CronEditor({ job, onClose }: { job: Job | null; onClose: () => void }) {
  const { message } = AntdApp.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<{ cron: string }>();
  useEffect(() => {
    if (job) form.setFieldsValue({ cron: job.cron });
  }, [job, form]);
  const save = useMutation({
    mutationFn: (cron: string) => updateJob(job!.key, { cron }),
    meta: { silent: true },
    onSuccess: async () => {
      message.success('计划已保存');
      await queryClient.invalidateQueries({ queryKey: jobsQueryKey });
      onClose();
    },
    onError: (error) => {
      if (!applyServerFieldErrors(form, error)) message.error(error instanceof Error ? error.message : String(error));
    },
  });
  return (
    <Modal
      title={job ? `修改计划：${job.name}` : ''}
      open={job !== null}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText="保存"
      cancelText="取消"
      confirmLoading={save.isPending}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" onFinish={(values) => save.mutate(values.cron.trim())}>
        <Form.Item
          name="cron"
          label="定时表达式（cron）"
          extra={`5 段：分 时 日 月 周，按北京时间执行。例如「0 2 * * *」每天 02:00，「*/15 * * * *」每 15 分钟。默认：${job?.defaultCron ?? ''}`}
          rules={[{ required: true, whitespace: true, message: '请填写定时表达式' }]}
        >
          <Input placeholder="0 2 * * *" style={{ fontFamily: 'monospace' }} maxLength={100} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** 定时任务 (R-PLT-32, R-QLT-06): schedules, 立即执行, and run history with live progress. */
export function JobsPage() {
  const { message } = AntdApp.useApp();
  const queryClient = useQueryClient();
  const [editing, setEditing] = useState<Job | null>(null);
  const jobs = useQuery({ queryKey: [...jobsQueryKey, 'list'], queryFn: listJobs });
  const runs = useServerTable<JobRun, JobRunFilters>({
    queryKey: [...jobsQueryKey, 'runs'],
    fetchPage: listJobRuns,
    initialFilters: {},
  });

  // While anything runs, refresh every two seconds so the progress bars move.
  const anyRunning =
    (runs.query.data?.items ?? []).some((run) => run.status === 'running') ||
    (jobs.data?.items ?? []).some((job) => job.lastRun?.status === 'running');
  useEffect(() => {
    if (!anyRunning) return;
    const timer = setInterval(() => void queryClient.invalidateQueries({ queryKey: jobsQueryKey }), RUNNING_POLL_MS);
    return () => clearInterval(timer);
  }, [anyRunning, queryClient]);

  const trigger = useMutation({
    mutationFn: (job: Job) => runJob(job.key),
    onSuccess: async (run) => {
      message.success(`已开始执行「${run.jobName}」`);
      await queryClient.invalidateQueries({ queryKey: jobsQueryKey });
    },
  });
  const toggle = useMutation({
    mutationFn: (job: Job) => updateJob(job.key, { enabled: !job.enabled }),
    onSuccess: async (job) => {
      message.success(job.enabled ? `已启用「${job.name}」` : `已停用「${job.name}」`);
      await queryClient.invalidateQueries({ queryKey: jobsQueryKey });
    },
  });

  const jobColumns: TableColumnsType<Job> = [
    {
      title: '任务',
      dataIndex: 'name',
      key: 'name',
      render: (name: string, job) => (
        <Flex vertical gap={2}>
          <Typography.Text strong>{name}</Typography.Text>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {job.description}
          </Typography.Text>
        </Flex>
      ),
    },
    {
      title: '计划',
      dataIndex: 'cron',
      key: 'cron',
      width: 180,
      render: (cron: string, job) => (
        <Flex gap={4} align="center">
          <Typography.Text code>{cron}</Typography.Text>
          <Button size="small" type="text" icon={<EditOutlined />} aria-label="修改计划" onClick={() => setEditing(job)} />
        </Flex>
      ),
    },
    {
      title: '启用',
      dataIndex: 'enabled',
      key: 'enabled',
      width: 80,
      render: (enabled: boolean, job) => (
        <Switch size="small" checked={enabled} loading={toggle.isPending && toggle.variables?.key === job.key} onChange={() => toggle.mutate(job)} />
      ),
    },
    { title: '下次运行', dataIndex: 'nextRunAt', key: 'nextRunAt', width: 150, render: (value: string | null) => formatDateTime(value) },
    {
      title: '最近一次',
      key: 'lastRun',
      width: 230,
      render: (_, job) =>
        job.lastRun ? (
          <Flex vertical gap={2}>
            <Flex gap={6} align="center">
              <Tag color={runStatusColor[job.lastRun.status]}>{runStatusLabel[job.lastRun.status]}</Tag>
              <Typography.Text type="secondary">{formatDateTime(job.lastRun.startedAt)}</Typography.Text>
            </Flex>
            {job.lastRun.status === 'running' && <RunProgress run={job.lastRun} />}
          </Flex>
        ) : (
          <Typography.Text type="secondary">尚未运行</Typography.Text>
        ),
    },
    {
      title: '操作',
      key: 'actions',
      width: 110,
      render: (_, job) => (
        <Button
          size="small"
          type="primary"
          ghost
          icon={<PlayCircleOutlined />}
          disabled={job.lastRun?.status === 'running'}
          loading={trigger.isPending && trigger.variables?.key === job.key}
          onClick={() => trigger.mutate(job)}
        >
          立即执行
        </Button>
      ),
    },
  ];

  const runColumns: TableColumnsType<JobRun> = [
    { title: '#', dataIndex: 'id', key: 'id', width: 70 },
    { title: '任务', dataIndex: 'jobName', key: 'jobName', width: 150 },
    {
      title: '触发',
      key: 'trigger',
      width: 150,
      render: (_, run) => (run.manual ? <Tag color="purple">手动 · {run.triggeredByName ?? '管理员'}</Tag> : <Tag>定时</Tag>),
    },
    {
      title: '状态',
      dataIndex: 'status',
      key: 'status',
      width: 90,
      render: (status: JobRunStatus) => <Tag color={runStatusColor[status]}>{runStatusLabel[status]}</Tag>,
    },
    { title: '进度', key: 'progress', width: 160, render: (_, run) => <RunProgress run={run} /> },
    {
      title: '结果',
      key: 'output',
      render: (_, run) => (
        <Typography.Text type={run.status === 'failed' ? 'danger' : undefined} ellipsis={{ tooltip: outputText(run) }} style={{ maxWidth: 360 }}>
          {outputText(run)}
        </Typography.Text>
      ),
    },
    { title: '开始', dataIndex: 'startedAt', key: 'startedAt', width: 160, render: (value: string) => formatDateTime(value, true) },
    { title: '结束', dataIndex: 'finishedAt', key: 'finishedAt', width: 160, render: (value: string | null) => formatDateTime(value, true) },
  ];

  return (
    <PageContainer
      title="定时任务"
      subtitle="按计划自动运行（北京时间）；多实例部署时每个周期只运行一次"
      extra={
        <Button icon={<ReloadOutlined />} onClick={() => void queryClient.invalidateQueries({ queryKey: jobsQueryKey })}>
          刷新
        </Button>
      }
    >
      <Card variant="borderless">
        <Table<Job> rowKey="key" columns={jobColumns} dataSource={jobs.data?.items ?? []} loading={jobs.isLoading} pagination={false} size="middle" />
      </Card>
      <Card
        variant="borderless"
        title="运行记录"
        extra={
          <Flex gap={8}>
            <Select<string>
              allowClear
              placeholder="全部任务"
              style={{ width: 180 }}
              value={runs.filters.jobKey}
              onChange={(jobKey) => runs.setFilters({ ...runs.filters, jobKey })}
              options={(jobs.data?.items ?? []).map((job) => ({ value: job.key, label: job.name }))}
            />
            <Select<JobRunStatus>
              allowClear
              placeholder="全部状态"
              style={{ width: 120 }}
              value={runs.filters.status}
              onChange={(status) => runs.setFilters({ ...runs.filters, status })}
              options={(['running', 'succeeded', 'failed'] as const).map((status) => ({ value: status, label: runStatusLabel[status] }))}
            />
          </Flex>
        }
      >
        <Table<JobRun> {...runs.tableProps} columns={runColumns} size="middle" locale={{ emptyText: '暂无运行记录' }} />
      </Card>
      <CronEditor job={editing} onClose={() => setEditing(null)} />
    </PageContainer>
  );
}
