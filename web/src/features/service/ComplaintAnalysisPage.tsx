import { DownloadOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App as AntdApp, Button, Card, Col, DatePicker, Flex, Form, Input, Progress, Row, Skeleton, Statistic, Typography } from 'antd';
import dayjs from 'dayjs';
import { useEffect, useState } from 'react';
import { api } from '../../app/api-client';
import { useT } from '../../app/i18n/LocaleProvider';
import { applyServerFieldErrors } from '../../ui/form-errors';
import { PageContainer } from '../../ui/PageContainer';
import { getAnalysis, type ComplaintAnalysis, type Counted } from './complaints-api';
import { businessToday } from '../../ui/business-date';

/** Counts as horizontal bars, longest first. */
function Bars({ title, items, empty }: { title: string; items: Counted[]; empty: string }) {
  const max = Math.max(1, ...items.map((item) => item.count));
  return (
    <Card size="small" title={title}>
      {items.length === 0 && <Typography.Text type="secondary">{empty}</Typography.Text>}
      {items.map((item) => (
        <Flex key={item.key} gap={8} align="center">
          <span style={{ width: 160, flexShrink: 0 }}>{item.name}</span>
          <Progress percent={(item.count / max) * 100} showInfo={false} style={{ flex: 1, margin: 0 }} aria-label={`${item.name} ${item.count}`} />
          <span style={{ width: 32, textAlign: 'right' }}>{item.count}</span>
        </Flex>
      ))}
    </Card>
  );
}

/** 月度投诉分析 (R-SVC-14). */
export function ComplaintAnalysisPage() {
  const t = useT();
  const { message } = AntdApp.useApp();
  const queryClient = useQueryClient();
  const [month, setMonth] = useState(businessToday().format('YYYY-MM'));
  const analysis = useQuery({ queryKey: ['complaint-analysis', month], queryFn: () => getAnalysis(month) });
  const [form] = Form.useForm<{ causes: string; actions: string }>();
  useEffect(() => form.setFieldsValue({ causes: analysis.data?.causes ?? '', actions: analysis.data?.actions ?? '' }), [analysis.data, form]);
  const save = useMutation({
    mutationFn: (values: { causes: string; actions: string }) => api.put<ComplaintAnalysis>(`/complaint-analysis/${month}`, values),
    onSuccess: async () => {
      message.success(t('common.saved'));
      await queryClient.invalidateQueries({ queryKey: ['complaint-analysis', month] });
    },
    onError: (error: Error) => {
      if (!applyServerFieldErrors(form, error)) message.error(error.message);
    },
  });
  const a = analysis.data;
  const rate = (value: number | null | undefined) => (value === null || value === undefined ? '—' : `${value}%`);
  return (
    <PageContainer
      title={t('analysis.title')}
      subtitle={t('analysis.subtitle')}
      extra={
        <Flex gap={8}>
          <DatePicker picker="month" allowClear={false} aria-label={t('complaints.month')} value={dayjs(`${month}-01`)} onChange={(value) => value && setMonth(value.format('YYYY-MM'))} />
          <Button icon={<DownloadOutlined />} href={`/api/v1/complaint-analysis/${month}/export`}>{t('analysis.export')}</Button>
        </Flex>
      }
    >
      {analysis.isLoading && <Skeleton active />}
      {analysis.error && <Alert type="error" showIcon message={(analysis.error as Error).message} />}
      {a && (
        <Flex vertical gap={12}>
          <Row gutter={[12, 12]}>
            {[
              ['analysis.total', a.total],
              ['analysis.grievances', a.grievances],
              ['analysis.replied', a.replied],
              ['analysis.unclassified', a.unclassified],
              ['analysis.avgHours', a.averageHandlingHours ?? '—'],
              ['analysis.planRate', rate(a.planOnTimeRate)],
              ['analysis.resolveRate', rate(a.resolveOnTimeRate)],
            ].map(([label, value]) => (
              <Col key={label} xs={12} md={6} lg={3}>
                <Card size="small"><Statistic title={t(label as 'analysis.total')} value={value as string | number} /></Card>
              </Col>
            ))}
          </Row>
          <Row gutter={[12, 12]}>
            <Col xs={24} lg={8}><Bars title={t('analysis.byType')} items={a.byType} empty={t('analysis.none')} /></Col>
            <Col xs={24} lg={8}><Bars title={t('analysis.byValidity')} items={a.byValidity} empty={t('analysis.none')} /></Col>
            <Col xs={24} lg={8}><Bars title={t('analysis.byDepartment')} items={a.byDepartment} empty={t('analysis.none')} /></Col>
          </Row>
          <Bars title={t('analysis.repeat')} items={a.repeatComplainants.map((r) => ({ key: String(r.customerId), name: r.customerName, count: r.count }))} empty={t('analysis.none')} />
          <Card size="small" title={`${t('analysis.causes')} / ${t('analysis.actions')}`}>
            <Form form={form} layout="vertical" disabled={!a.canWrite} onFinish={(values) => save.mutate(values)}>
              <Form.Item name="causes" label={t('analysis.causes')} rules={[{ required: true, message: t('common.required', { label: t('analysis.causes') }) }]}>
                <Input.TextArea rows={3} maxLength={4000} />
              </Form.Item>
              <Form.Item name="actions" label={t('analysis.actions')} rules={[{ required: true, message: t('common.required', { label: t('analysis.actions') }) }]}>
                <Input.TextArea rows={3} maxLength={4000} />
              </Form.Item>
              {a.canWrite && <Button type="primary" htmlType="submit" loading={save.isPending}>{t('common.save')}</Button>}
            </Form>
          </Card>
        </Flex>
      )}
    </PageContainer>
  );
}
