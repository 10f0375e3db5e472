import { DownloadOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App as AntdApp, Button, Card, DatePicker, Descriptions, Flex, Form, Input, Modal, Select, Skeleton, Space, Tag, Timeline, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useParams } from 'react-router-dom';
import { api } from '../../app/api-client';
import type { MessageKey } from '../../app/i18n/dictionary';
import { useT } from '../../app/i18n/LocaleProvider';
import { formatDateTime } from '../../ui/format';
import { applyServerFieldErrors } from '../../ui/form-errors';
import { PageContainer } from '../../ui/PageContainer';
import { getIncident, incidentStatusColor, incidentsKey, reportChannels, type Incident } from './incidents-api';
import { PersonPicker } from './PersonPicker';

type Action = 'delay' | 'fix' | 'report' | 'send' | 'ask' | 'answer';
const actionTitle: Record<Action, MessageKey> = { delay: 'incidents.delay', fix: 'incidents.fix', report: 'incidents.report', send: 'incidents.send', ask: 'incidents.ask', answer: 'incidents.answer' };
const reportParts = ['impact', 'cause', 'corrective', 'preventive'] as const;

/** The request each action sends: instants as ISO strings, the report with PUT. */
function request(id: number, action: Action, values: Record<string, unknown>) {
  const iso = (v: unknown) => (v as Dayjs | undefined)?.toISOString();
  switch (action) {
    case 'delay':
      return api.post(`/incidents/${id}/delay`, { ...values, expectedFixAt: iso(values.expectedFixAt), toldAt: iso(values.toldAt) });
    case 'fix':
      return api.post(`/incidents/${id}/fix`, { ...values, fixedAt: iso(values.fixedAt) });
    case 'report':
      return api.put(`/incidents/${id}/report`, values);
    case 'send':
      return api.post(`/incidents/${id}/report/send`, values);
    case 'ask':
      return api.post(`/incidents/${id}/instructions`, values);
    case 'answer':
      return api.post(`/incidents/${id}/instructions/answer`, values);
  }
}

/** 重大故障详情: who was told, the fix time and its delays, 请示与批示, the analysis report. */
export function IncidentDetailPage() {
  const t = useT();
  const id = Number(useParams().id);
  const { message } = AntdApp.useApp();
  const queryClient = useQueryClient();
  const incident = useQuery({ queryKey: [...incidentsKey, id], queryFn: () => getIncident(id), retry: false });
  const [action, setAction] = useState<Action>();
  const [form] = Form.useForm();
  const submit = useMutation({
    mutationFn: (values: Record<string, unknown>) => request(id, action!, values),
    onSuccess: async () => {
      message.success(t('common.saved'));
      setAction(undefined);
      await queryClient.invalidateQueries({ queryKey: incidentsKey });
    },
    onError: (error: Error) => {
      if (!applyServerFieldErrors(form, error)) message.error(error.message);
    },
  });
  if (incident.isLoading) return <Skeleton active />;
  if (incident.error || !incident.data) return <Alert type="error" showIcon message={(incident.error as Error)?.message ?? ''} />;
  const i: Incident = incident.data;
  const open = (kind: Action, values: Record<string, unknown> = {}) => {
    form.resetFields();
    form.setFieldsValue(values);
    setAction(kind);
  };
  const required = (label: MessageKey) => [{ required: true, message: t('common.required', { label: t(label) }) }];
  const when = (name: string, label: MessageKey) => (
    <Form.Item name={name} label={t(label)} rules={required(label)}>
      <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" aria-label={t(label)} />
    </Form.Item>
  );
  const channelField = (
    <Form.Item name="channel" label={t('incidents.channel')} rules={required('incidents.channel')}>
      <Select aria-label={t('incidents.channel')} style={{ width: 200 }} options={reportChannels.map((value) => ({ value, label: t(`incidents.channel.${value}`) }))} />
    </Form.Item>
  );
  return (
    <PageContainer title={`${i.number} · ${i.title}`} subtitle={`${i.unitName} · ${i.managerName}`} extra={<Tag color={incidentStatusColor[i.status]}>{t(`incidents.status.${i.status}`)}</Tag>}>
      <Flex vertical gap={12}>
        <Space wrap>
          {i.canHandle && i.status === 'open' && <Button onClick={() => open('delay', { channel: 'email' })}>{t('incidents.delay')}</Button>}
          {i.canHandle && i.status === 'open' && <Button type="primary" onClick={() => open('fix')}>{t('incidents.fix')}</Button>}
          {i.canHandle && <Button onClick={() => open('report', { ...i.report })}>{t('incidents.report')}</Button>}
          {i.canHandle && i.status === 'fixed' && <Button type="primary" disabled={!i.report} onClick={() => open('send', { channel: 'email' })}>{t('incidents.send')}</Button>}
          {i.canHandle && <Button onClick={() => open('ask')}>{t('incidents.ask')}</Button>}
          {i.pendingInstructionIds.length > 0 && <Button type="primary" onClick={() => open('answer', { entryId: i.pendingInstructionIds[0] })}>{t('incidents.answer')}</Button>}
          {i.report && <Button icon={<DownloadOutlined />} href={`/api/v1/incidents/${i.id}/report.docx`}>{t('incidents.report.download')}</Button>}
        </Space>
        {i.late && <Alert type="error" showIcon message={`${t('incidents.late')}（${formatDateTime(i.expectedFixAt)}）`} description={t('incidents.delayHint')} />}
        <Card size="small">
          <Descriptions size="small" column={{ xs: 1, md: 2 }}>
            <Descriptions.Item label={t('incidents.occurredAt')}>{formatDateTime(i.occurredAt)}</Descriptions.Item>
            <Descriptions.Item label={t('incidents.expectedFixAt')}>{formatDateTime(i.expectedFixAt)}</Descriptions.Item>
            <Descriptions.Item label={t('incidents.fixedAt')}>{i.fixedAt ? formatDateTime(i.fixedAt) : '—'}</Descriptions.Item>
            <Descriptions.Item label={t('incidents.sentAt')}>{i.reportSentAt ? `${formatDateTime(i.reportSentAt)} · ${t(`incidents.channel.${i.reportChannel!}`)}` : '—'}</Descriptions.Item>
            <Descriptions.Item label={t('incidents.description')} span={2}>
              <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: 0 }}>{i.description}</Typography.Paragraph>
            </Descriptions.Item>
            <Descriptions.Item label={t('incidents.fixSummary')} span={2}>{i.fixSummary ?? '—'}</Descriptions.Item>
            <Descriptions.Item label={t('incidents.customers')} span={2}>{i.customers.map((c) => (c.ownerName ? t('common.nameWithNote', { name: c.name, note: c.ownerName }) : c.name)).join(t('common.listSeparator'))}</Descriptions.Item>
            <Descriptions.Item label={t('incidents.notified')} span={2}>{i.notified.map((n) => n.name).join(t('common.listSeparator'))}</Descriptions.Item>
          </Descriptions>
        </Card>
        {i.report && (
          <Card size="small" title={t('incidents.report')}>
            <Descriptions size="small" column={1}>
              {reportParts.map((part) => (
                <Descriptions.Item key={part} label={t(`incidents.report.${part}`)}>
                  <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: 0 }}>{i.report![part]}</Typography.Paragraph>
                </Descriptions.Item>
              ))}
            </Descriptions>
          </Card>
        )}
        <Card size="small" title={t('incidents.log')}>
          <Timeline
            items={i.log.map((entry) => ({
              color: entry.kind === 'delay' ? 'orange' : entry.kind === 'instruction' ? 'purple' : 'blue',
              children: (
                <span>
                  <strong>{t(`incidents.log.${entry.kind}`)}</strong> · {formatDateTime(entry.createdAt)}
                  {entry.byName ? ` · ${entry.byName}` : ''}
                  <div>{entry.note}</div>
                  {entry.kind === 'delay' && entry.expectedFixAt && <div>{`${t('incidents.newExpectedFixAt')}：${formatDateTime(entry.expectedFixAt)}；${t('incidents.toldAt')}：${formatDateTime(entry.toldAt!)} · ${t(`incidents.channel.${entry.channel!}`)}`}</div>}
                  {entry.kind === 'instruction' && (
                    <div>
                      {entry.executiveName} · {entry.answer ? <Typography.Text strong>{`${t('incidents.answer')}：${entry.answer}`}</Typography.Text> : <Tag color="purple">{t('incidents.waiting')}</Tag>}
                    </div>
                  )}
                </span>
              ),
            }))}
          />
        </Card>
      </Flex>
      <Modal open={Boolean(action)} title={action ? t(actionTitle[action]) : ''} okButtonProps={{ loading: submit.isPending }} onOk={() => form.validateFields().then((values) => submit.mutate(values))} onCancel={() => setAction(undefined)} destroyOnHidden>
        <Form form={form} layout="vertical">
          {action === 'delay' && (
            <>
              <Alert type="info" showIcon message={t('incidents.delayHint')} style={{ marginBottom: 12 }} />
              {when('expectedFixAt', 'incidents.newExpectedFixAt')}
              <Form.Item name="reason" label={t('incidents.reason')} rules={required('incidents.reason')}><Input.TextArea rows={3} maxLength={1000} /></Form.Item>
              <Flex gap={12} wrap>
                {when('toldAt', 'incidents.toldAt')}
                {channelField}
              </Flex>
            </>
          )}
          {action === 'fix' && (
            <>
              {when('fixedAt', 'incidents.fixedAt')}
              <Form.Item name="summary" label={t('incidents.fixSummary')} rules={required('incidents.fixSummary')}><Input.TextArea rows={3} maxLength={2000} /></Form.Item>
            </>
          )}
          {action === 'report' &&
            reportParts.map((part) => (
              <Form.Item key={part} name={part} label={t(`incidents.report.${part}`)} rules={required(`incidents.report.${part}`)}>
                <Input.TextArea rows={3} maxLength={4000} />
              </Form.Item>
            ))}
          {action === 'send' && channelField}
          {action === 'ask' && (
            <>
              <Form.Item name="executiveId" label={t('incidents.executive')} rules={required('incidents.executive')}><PersonPicker label={t('incidents.executive')} /></Form.Item>
              <Form.Item name="question" label={t('incidents.question')} rules={required('incidents.question')}><Input.TextArea rows={3} maxLength={2000} /></Form.Item>
            </>
          )}
          {action === 'answer' && (
            <>
              <Form.Item name="entryId" hidden><Input /></Form.Item>
              <Typography.Paragraph>{i.log.find((entry) => entry.id === form.getFieldValue('entryId'))?.note}</Typography.Paragraph>
              <Form.Item name="answer" label={t('incidents.instruction')} rules={required('incidents.instruction')}><Input.TextArea rows={3} maxLength={2000} /></Form.Item>
            </>
          )}
        </Form>
      </Modal>
    </PageContainer>
  );
}
