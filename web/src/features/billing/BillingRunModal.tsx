import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App as AntdApp, Alert, DatePicker, Form, Modal, Progress, Table, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useEffect, useState } from 'react';
import { useT } from '../../app/i18n/LocaleProvider';
import { applyServerFieldErrors } from '../../ui/form-errors';
import { formatDateTime } from '../../ui/format';
import { billsKey, getBillingRun, listBillingRuns, money, startBillingRun, type BillingRun } from './billing-api';
import { businessToday } from '../../ui/business-date';

const statusColor: Record<BillingRun['status'], string> = { running: 'processing', succeeded: 'green', failed: 'red' };

/** 开账 (R-BIL-04): pick a month, start the run, watch its progress; the last runs below. */
export function BillingRunModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const t = useT();
  const { message } = AntdApp.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<{ period: dayjs.Dayjs }>();
  const [runId, setRunId] = useState<number>();
  const runs = useQuery({ queryKey: ['billing-runs'], queryFn: listBillingRuns, enabled: open });
  const current = useQuery({
    queryKey: ['billing-runs', runId],
    queryFn: () => getBillingRun(runId!),
    enabled: Boolean(runId),
    refetchInterval: (query) => (query.state.data?.status === 'running' ? 500 : false),
  });
  const start = useMutation({
    mutationFn: (period: string) => startBillingRun(period),
    onSuccess: (run) => {
      setRunId(run.id);
      void queryClient.invalidateQueries({ queryKey: ['billing-runs'] });
    },
    onError: (error: Error) => {
      if (!applyServerFieldErrors(form, error)) message.error(error.message);
    },
  });
  const run = current.data;
  const finished = run && run.status !== 'running';
  useEffect(() => {
    if (finished) void queryClient.invalidateQueries({ queryKey: billsKey });
  }, [finished, queryClient]);
  const progress = (r: BillingRun) => t('bills.runProgress', { done: r.customersDone, total: r.customersTotal, bills: r.billsIssued, amount: money(r.amount) });
  return (
    <Modal
      open={open}
      title={t('bills.runTitle')}
      okText={t('bills.runStart')}
      onOk={() => form.validateFields().then((values) => start.mutate(values.period.format('YYYY-MM')))}
      okButtonProps={{ loading: start.isPending || run?.status === 'running', 'data-testid': 'billing-run-start' } as never}
      onCancel={onClose}
      width={720}
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary">{t('bills.runHelp')}</Typography.Paragraph>
      <Form form={form} layout="inline" initialValues={{ period: businessToday() }}>
        <Form.Item name="period" label={t('bills.runPeriod')} rules={[{ required: true, message: t('common.selectRequired', { label: t('bills.runPeriod') }) }]}>
          <DatePicker picker="month" allowClear={false} aria-label={t('bills.runPeriod')} data-testid="billing-run-period" />
        </Form.Item>
      </Form>
      {run && (
        <Alert
          style={{ marginTop: 12 }}
          type={run.status === 'failed' ? 'error' : run.status === 'succeeded' ? 'success' : 'info'}
          data-testid="billing-run-result"
          message={`${run.period} ${t(`bills.runStatus.${run.status}`)}`}
          description={
            <>
              <Progress percent={run.customersTotal ? Math.round((run.customersDone / run.customersTotal) * 100) : run.status === 'succeeded' ? 100 : 0} size="small" />
              {progress(run)}
              {run.error && <div>{run.error}</div>}
            </>
          }
        />
      )}
      <Typography.Title level={2} style={{ fontSize: 15, marginTop: 16 }}>
        {t('bills.runs')}
      </Typography.Title>
      <Table<BillingRun>
        rowKey="id"
        size="small"
        loading={runs.isLoading}
        dataSource={runs.data ?? []}
        pagination={{ pageSize: 5 }}
        columns={[
          { title: t('bills.period'), dataIndex: 'period', width: 90 },
          { title: t('bills.settlement'), key: 'status', width: 90, render: (_, r) => <Tag color={statusColor[r.status]}>{t(`bills.runStatus.${r.status}`)}</Tag> },
          { title: t('bills.runs'), key: 'progress', render: (_, r) => progress(r) },
          { title: t('bills.issueDate'), key: 'startedAt', width: 150, render: (_, r) => `${formatDateTime(r.startedAt)} ${r.startedByName ?? ''}` },
        ]}
      />
    </Modal>
  );
}
