import { DownloadOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App as AntdApp, Button, Card, Col, DatePicker, Descriptions, Empty, Flex, Form, Input, List, Row, Segmented, Select, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { api } from '../../app/api-client';
import { useT } from '../../app/i18n/LocaleProvider';
import { formatDateTime } from '../../ui/format';
import { applyServerFieldErrors } from '../../ui/form-errors';
import { PageContainer } from '../../ui/PageContainer';
import { getServiceReport, listServiceReports, serviceReportsKey, type ReportKind, type ServiceReport } from './incidents-api';

/** 服务报告 (R-SVC-06): the weekly and monthly reports, one open beside the list; comments and export. */
export function ServiceReportsPage() {
  const t = useT();
  const { message } = AntdApp.useApp();
  const queryClient = useQueryClient();
  const [params, setParams] = useSearchParams();
  const [kind, setKind] = useState<ReportKind | 'all'>('all');
  const reports = useQuery({ queryKey: [...serviceReportsKey, kind], queryFn: () => listServiceReports(kind === 'all' ? undefined : kind), retry: false });
  // The latest report opens by default.
  const selected = Number(params.get('id')) || reports.data?.[0]?.id;
  const report = useQuery({ queryKey: [...serviceReportsKey, 'one', selected], queryFn: () => getServiceReport(selected!), enabled: Boolean(selected), retry: false });
  const [generate] = Form.useForm<{ kind: ReportKind; date: Dayjs }>();
  const [comments] = Form.useForm<{ comments: string }>();
  const onError = (form: Parameters<typeof applyServerFieldErrors>[0]) => (error: Error) => {
    if (!applyServerFieldErrors(form, error)) message.error(error.message);
  };
  const write = useMutation({
    mutationFn: (values: { kind: ReportKind; date: Dayjs }) => api.post<ServiceReport>('/service-reports', { kind: values.kind, date: values.date.format('YYYY-MM-DD') }),
    onSuccess: async (written) => {
      message.success(t('common.saved'));
      await queryClient.invalidateQueries({ queryKey: serviceReportsKey });
      setParams({ id: String(written.id) });
    },
    onError: onError(generate),
  });
  const comment = useMutation({
    mutationFn: (values: { comments: string }) => api.put<ServiceReport>(`/service-reports/${selected}/comments`, values),
    onSuccess: async () => {
      message.success(t('common.saved'));
      await queryClient.invalidateQueries({ queryKey: serviceReportsKey });
    },
    onError: onError(comments),
  });
  if (reports.error) return <PageContainer title={t('reports.title')}><Alert type="warning" showIcon message={(reports.error as Error).message} /></PageContainer>;
  const r = report.data;
  return (
    <PageContainer title={t('reports.title')} subtitle={t('reports.subtitle')}>
      <Row gutter={12}>
        <Col xs={24} md={8}>
          <Card size="small">
            <Segmented<ReportKind | 'all'> block value={kind} onChange={setKind} options={[{ value: 'all', label: t('common.all') }, { value: 'weekly', label: t('reports.short.weekly') }, { value: 'monthly', label: t('reports.short.monthly') }]} />
            <List
              size="small"
              loading={reports.isLoading}
              dataSource={reports.data ?? []}
              renderItem={(item) => (
                <List.Item style={{ cursor: 'pointer', background: item.id === selected ? 'var(--ant-color-primary-bg)' : undefined }} onClick={() => setParams({ id: String(item.id) })}>
                  <List.Item.Meta title={<a href={`?id=${item.id}`} onClick={(event) => event.preventDefault()}>{item.kindName}</a>} description={`${item.periodStart} ~ ${item.periodEnd}`} />
                </List.Item>
              )}
            />
            <Form form={generate} layout="inline" initialValues={{ kind: 'weekly' }} onFinish={(values) => write.mutate(values)} style={{ marginTop: 12, rowGap: 8 }}>
              <Form.Item name="kind"><Select aria-label={t('reports.kind')} style={{ width: 150 }} options={(['weekly', 'monthly'] as const).map((value) => ({ value, label: t(`reports.kind.${value}`) }))} /></Form.Item>
              <Form.Item name="date" rules={[{ required: true, message: t('common.selectRequired', { label: t('reports.date') }) }]}><DatePicker aria-label={t('reports.date')} placeholder={t('reports.date')} /></Form.Item>
              <Button htmlType="submit" loading={write.isPending}>{t('reports.generate')}</Button>
            </Form>
          </Card>
        </Col>
        <Col xs={24} md={16}>
          {!r ? (
            <Card size="small"><Empty description={t('reports.empty')} /></Card>
          ) : (
            <Card
              size="small"
              title={`${r.kindName} · ${r.periodStart} ~ ${r.periodEnd}`}
              extra={<Button icon={<DownloadOutlined />} href={`/api/v1/service-reports/${r.id}/xlsx`}>{t('reports.export')}</Button>}
            >
              <Typography.Text type="secondary">{`${t('reports.generatedAt')}：${formatDateTime(r.generatedAt)} · ${r.generatedByName ?? t('reports.byJob')}`}</Typography.Text>
              <Flex vertical gap={12} style={{ marginTop: 12 }}>
                {r.sections.map((section) => (
                  <Descriptions key={section.title} title={section.title} size="small" bordered column={{ xs: 1, md: 2 }}>
                    {section.rows.map((row) => (
                      <Descriptions.Item key={row.label} label={row.label}>{row.value ?? '—'}</Descriptions.Item>
                    ))}
                  </Descriptions>
                ))}
                <Form key={r.id} form={comments} layout="vertical" initialValues={{ comments: r.comments ?? '' }} onFinish={(values) => comment.mutate(values)}>
                  <Form.Item name="comments" label={t('reports.comments')} rules={[{ required: true, message: t('common.required', { label: t('reports.comments') }) }]}>
                    <Input.TextArea rows={3} maxLength={4000} />
                  </Form.Item>
                  <Button htmlType="submit" type="primary" loading={comment.isPending}>{t('common.save')}</Button>
                </Form>
              </Flex>
            </Card>
          )}
        </Col>
      </Row>
    </PageContainer>
  );
}
