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
import { useT } from '../../app/i18n/LocaleProvider';
import type { Translate } from '../../app/i18n/dictionary';
import { cronInWords, outputInWords } from './job-words';

const RUNNING_POLL_MS = 2_000;

function RunProgress({ run }: { run: JobRun }) {
  const t = useT();
  const percent = run.total ? Math.min(100, Math.round((run.progress / run.total) * 100)) : run.status === 'running' ? 0 : 100;
  const status = run.status === 'failed' ? 'exception' : run.status === 'running' ? 'active' : 'success';
  return (
    <Tooltip title={run.total ? `${run.progress}/${run.total}` : undefined}>
      <Progress aria-label={t('jobs.progress')} percent={percent} status={status} size="small" style={{ minWidth: 120, margin: 0 }} />
    </Tooltip>
  );
}

function outputText(run: JobRun, t: Translate): string {
  if (run.status === 'failed') return run.message;
  if (run.status === 'running') return run.message;
  if (!run.output || Object.keys(run.output).length === 0) return run.message || '—';
  return outputInWords(run.output, t);
}

function CronEditor({ job, onClose }: { job: Job | null; onClose: () => void }) {
  const t = useT();
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
      message.success(t('jobs.scheduleSaved'));
      await queryClient.invalidateQueries({ queryKey: jobsQueryKey });
      onClose();
    },
    onError: (error) => {
      if (!applyServerFieldErrors(form, error)) message.error(error instanceof Error ? error.message : String(error));
    },
  });
  return (
    <Modal
      title={job ? t('jobs.changeSchedule2', { name: job.name }) : ''}
      open={job !== null}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={save.isPending}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" onFinish={(values) => save.mutate(values.cron.trim())}>
        <Form.Item
          name="cron"
          label={t('jobs.scheduleCron')}
          extra={t('jobs.fiveFieldsMinuteHourDay', { v0: job?.defaultCron ?? '' })}
          rules={[{ required: true, whitespace: true, message: t('jobs.pleaseEnterASchedule') }]}
        >
          <Input placeholder="0 2 * * *" style={{ fontFamily: 'monospace' }} maxLength={100} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** 定时任务 (R-PLT-32, R-QLT-06): schedules, 立即执行, and run history with live progress. */
export function JobsPage() {
  const t = useT();
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
      message.success(t('jobs.started2', { jobName: run.jobName }));
      await queryClient.invalidateQueries({ queryKey: jobsQueryKey });
    },
  });
  const toggle = useMutation({
    mutationFn: (job: Job) => updateJob(job.key, { enabled: !job.enabled }),
    onSuccess: async (job) => {
      message.success(job.enabled ? t('jobs.enabled', { name: job.name }) : t('jobs.disabled', { name: job.name }));
      await queryClient.invalidateQueries({ queryKey: jobsQueryKey });
    },
  });

  const jobColumns: TableColumnsType<Job> = [
    {
      title: t('jobs.job'),
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
      title: t('jobs.schedule'),
      dataIndex: 'cron',
      key: 'cron',
      width: 180,
      render: (cron: string, job) => (
        <Flex gap={4} align="center">
          <Tooltip title={cron}>
            <Typography.Text>{cronInWords(cron, t)}</Typography.Text>
          </Tooltip>
          <Button size="small" type="text" icon={<EditOutlined />} aria-label={t('jobs.changeSchedule')} onClick={() => setEditing(job)} />
        </Flex>
      ),
    },
    {
      title: t('users.enable'),
      dataIndex: 'enabled',
      key: 'enabled',
      width: 80,
      render: (enabled: boolean, job) => (
        <Switch aria-label={t('jobs.enableSwitch', { name: job.name })} size="small" checked={enabled} loading={toggle.isPending && toggle.variables?.key === job.key} onChange={() => toggle.mutate(job)} />
      ),
    },
    { title: t('jobs.nextRun'), dataIndex: 'nextRunAt', key: 'nextRunAt', width: 150, render: (value: string | null) => formatDateTime(value) },
    {
      title: t('jobs.lastRun'),
      key: 'lastRun',
      width: 230,
      render: (_, job) =>
        job.lastRun ? (
          <Flex vertical gap={2}>
            <Flex gap={6} align="center">
              <Tag color={runStatusColor[job.lastRun.status]}>{t(runStatusLabel[job.lastRun.status])}</Tag>
              <Typography.Text type="secondary">{formatDateTime(job.lastRun.startedAt)}</Typography.Text>
            </Flex>
            {job.lastRun.status === 'running' && <RunProgress run={job.lastRun} />}
          </Flex>
        ) : (
          <Typography.Text type="secondary">{t('jobs.neverRun')}</Typography.Text>
        ),
    },
    {
      title: t('common.actions'),
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
          {t('jobs.runNow')}
                  </Button>
      ),
    },
  ];

  const runColumns: TableColumnsType<JobRun> = [
    { title: '#', dataIndex: 'id', key: 'id', width: 70 },
    { title: t('jobs.job'), dataIndex: 'jobName', key: 'jobName', width: 150 },
    {
      title: t('jobs.trigger'),
      key: 'trigger',
      width: 150,
      render: (_, run) => (run.manual ? <Tag color="purple">{t('jobs.manual')}{' '}{run.triggeredByName ?? t('jobs.administrator')}</Tag> : <Tag>{t('jobs.scheduled')}</Tag>),
    },
    {
      title: t('users.status'),
      dataIndex: 'status',
      key: 'status',
      width: 90,
      render: (status: JobRunStatus) => <Tag color={runStatusColor[status]}>{t(runStatusLabel[status])}</Tag>,
    },
    { title: t('jobs.progress'), key: 'progress', width: 160, render: (_, run) => <RunProgress run={run} /> },
    {
      title: t('jobs.result'),
      key: 'output',
      render: (_, run) => (
        <Typography.Text type={run.status === 'failed' ? 'danger' : undefined} ellipsis={{ tooltip: outputText(run, t) }} style={{ maxWidth: 360 }}>
          {outputText(run, t)}
        </Typography.Text>
      ),
    },
    { title: t('jobs.started'), dataIndex: 'startedAt', key: 'startedAt', width: 160, render: (value: string) => formatDateTime(value, true) },
    { title: t('jobs.finished'), dataIndex: 'finishedAt', key: 'finishedAt', width: 160, render: (value: string | null) => formatDateTime(value, true) },
  ];

  return (
    <PageContainer
      title={t('menu.jobs')}
      subtitle={t('jobs.runOnScheduleBeijingTime')}
      extra={
        <Button icon={<ReloadOutlined />} onClick={() => void queryClient.invalidateQueries({ queryKey: jobsQueryKey })}>
          {t('common.refresh')}
                  </Button>
      }
    >
      <Card variant="borderless">
        <Table<Job> rowKey="key" columns={jobColumns} dataSource={jobs.data?.items ?? []} loading={jobs.isLoading} pagination={false} size="middle" />
      </Card>
      <Card
        variant="borderless"
        title={t('jobs.runs')}
        extra={
          <Flex gap={8}>
            <Select<string> aria-label={t('jobs.allJobs')}
              allowClear
              placeholder={t('jobs.allJobs')}
              style={{ width: 180 }}
              value={runs.filters.jobKey}
              onChange={(jobKey) => runs.setFilters({ ...runs.filters, jobKey })}
              options={(jobs.data?.items ?? []).map((job) => ({ value: job.key, label: job.name }))}
            />
            <Select<JobRunStatus> aria-label={t('jobs.allStatuses')}
              allowClear
              placeholder={t('jobs.allStatuses')}
              style={{ width: 120 }}
              value={runs.filters.status}
              onChange={(status) => runs.setFilters({ ...runs.filters, status })}
              options={(['running', 'succeeded', 'failed'] as const).map((status) => ({ value: status, label: t(runStatusLabel[status]) }))}
            />
          </Flex>
        }
      >
        <Table<JobRun> {...runs.tableProps} columns={runColumns} size="middle" locale={{ emptyText: t('jobs.noRunsYet') }} />
      </Card>
      <CronEditor job={editing} onClose={() => setEditing(null)} />
    </PageContainer>
  );
}
