import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App as AntdApp, Button, Card, Checkbox, DatePicker, Descriptions, Flex, Form, Input, Modal, Radio, Skeleton, Space, Tag, Timeline, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useParams } from 'react-router-dom';
import { api } from '../../app/api-client';
import type { MessageKey } from '../../app/i18n/dictionary';
import { useT } from '../../app/i18n/LocaleProvider';
import { formatDateTime } from '../../ui/format';
import { applyServerFieldErrors } from '../../ui/form-errors';
import { PageContainer } from '../../ui/PageContainer';
import { AttachmentList } from '../attachments/AttachmentList';
import { OrgUnitTreeSelect } from '../org/OrgUnitTreeSelect';
import { complaintStatusColor, complaintsKey, getComplaint, listCriteria, type ComplaintDetail } from './complaints-api';
import { ClockTag } from './ComplaintsPage';
import { PersonPicker } from './PersonPicker';

type ActionKind = 'assign' | 'plan' | 'pause' | 'findings' | 'classify' | 'meeting' | 'reply' | 'satisfaction' | 'accountability' | 'hand-over';

/** 投诉详情: the record, both clocks, investigation, classification, meeting, reply, satisfaction and the handling record. */
export function ComplaintDetailPage() {
  const t = useT();
  const id = Number(useParams().id);
  const { message } = AntdApp.useApp();
  const queryClient = useQueryClient();
  const key = [...complaintsKey, id];
  const complaint = useQuery({ queryKey: key, queryFn: () => getComplaint(id), retry: false });
  const criteria = useQuery({ queryKey: ['complaint-criteria'], queryFn: listCriteria, staleTime: Infinity });
  const [action, setAction] = useState<ActionKind>();
  const [handedOver, setHandedOver] = useState(false);
  const [form] = Form.useForm();
  const submit = useMutation({
    mutationFn: (values: Record<string, unknown>) => {
      const body = action === 'meeting' ? { ...values, meetingAt: (values.meetingAt as Dayjs).toISOString(), notifyAuthorities: Boolean(values.notifyAuthorities) } : values;
      return api.post(`/complaints/${id}/${action}`, action === 'satisfaction' ? { ...body, satisfied: values.satisfied === 'yes' } : body);
    },
    onSuccess: async () => {
      message.success(t('common.saved'));
      if (action === 'hand-over') setHandedOver(true);
      setAction(undefined);
      form.resetFields();
      await queryClient.invalidateQueries({ queryKey: complaintsKey });
    },
    onError: (error: Error) => {
      if (!applyServerFieldErrors(form, error)) message.error(error.message);
    },
  });
  const resume = useMutation({
    mutationFn: () => api.post(`/complaints/${id}/resume`),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: complaintsKey }),
    onError: (error: Error) => message.error(error.message),
  });
  if (handedOver) return <PageContainer title={t('complaints.title')}><Alert type="success" showIcon message={t('complaints.gone')} /></PageContainer>;
  if (complaint.isLoading) return <Skeleton active />;
  if (complaint.error || !complaint.data) return <Alert type="error" showIcon message={(complaint.error as Error)?.message ?? ''} />;
  const c: ComplaintDetail = complaint.data;
  const open = (kind: ActionKind, values: Record<string, unknown> = {}) => {
    form.resetFields();
    form.setFieldsValue(values);
    setAction(kind);
  };
  const formal = c.kind === 'complaint';
  const h = c.canHandle;
  const buttons = formal && (
    <Space wrap>
      {(h || c.canManage) && <Button onClick={() => open('assign')}>{t('complaints.assign')}</Button>}
      {h && c.status !== 'replied' && <Button onClick={() => open('plan', { plan: c.planText })}>{t('complaints.plan')}</Button>}
      {h && c.status === 'handling' && <Button onClick={() => open('pause')}>{t('complaints.pause')}</Button>}
      {h && c.status === 'waiting' && <Button loading={resume.isPending} onClick={() => resume.mutate()}>{t('complaints.resume')}</Button>}
      {h && c.status !== 'replied' && <Button onClick={() => open('findings', { findings: c.findings })}>{t('complaints.findings')}</Button>}
      {h && c.status !== 'replied' && c.findings && <Button onClick={() => open('classify', { criterion: c.criterion ?? c.proposedCriterion ?? undefined })}>{t('complaints.classification')}</Button>}
      {c.canManage && <Button onClick={() => open('meeting')}>{t('complaints.meeting')}</Button>}
      {h && c.status === 'handling' && <Button type="primary" disabled={!c.criterion} onClick={() => open('reply')}>{t('complaints.reply')}</Button>}
      {h && c.status === 'replied' && <Button type="primary" onClick={() => open('satisfaction', { satisfied: 'yes' })}>{t('complaints.satisfaction')}</Button>}
      {(h || c.canManage) && c.validity === 'valid' && <Button onClick={() => open('accountability')}>{t('complaints.accountability')}</Button>}
      {c.canManage && c.resolve?.breached && c.status !== 'replied' && <Button danger onClick={() => open('hand-over')}>{t('complaints.handOver')}</Button>}
    </Space>
  );
  const validityTag = c.validity ? <Tag color={c.validity === 'valid' ? 'red' : 'default'}>{`${t(`complaints.validity.${c.validity}`)}·${t(`complaints.severity.${c.severity!}`)}`}</Tag> : null;
  return (
    <PageContainer title={`${c.number} · ${c.customerName}`} subtitle={c.kind === 'grievance' ? t('complaints.kind.grievance') : `${t(`complaints.family.${c.family}`)}·${c.subtypeName}`} extra={<Tag color={complaintStatusColor[c.status]}>{t(`complaints.status.${c.status}`)}</Tag>}>
      <Flex vertical gap={12}>
        {buttons}
        {c.proposedCriterion && <Alert type="info" showIcon message={t('complaints.proposed', { name: criteria.data?.find((item) => item.code === c.proposedCriterion)?.name ?? c.proposedCriterion })} />}
        {formal && (
          <Card size="small" title={t('complaints.clocks')} extra={<Typography.Text type="secondary">{t('complaints.clockNote')}</Typography.Text>}>
            <Flex gap={24} wrap>
              <span>{t('complaints.planClock')}：<ClockTag clock={c.plan} /></span>
              <span>{t('complaints.resolveClock')}：<ClockTag clock={c.resolve} /></span>
              {c.reopenCount > 0 && <Tag color="orange">{t('complaints.reopened', { n: c.reopenCount })}</Tag>}
              {c.handedOverToName && <Tag color="purple">{t('complaints.handedOver', { name: c.handedOverToName })}</Tag>}
            </Flex>
          </Card>
        )}
        <Card size="small">
          <Descriptions size="small" column={{ xs: 1, md: 2 }}>
            <Descriptions.Item label={t('complaints.complainant')}>{c.complainantName}{c.contactPhone ? ` · ${c.contactPhone}` : ''}</Descriptions.Item>
            <Descriptions.Item label={t('complaints.source')}>{t(`complaints.source.${c.source}`)}{c.forwardedBy ? `（${c.forwardedBy}）` : ''}</Descriptions.Item>
            <Descriptions.Item label={t('complaints.channel')}>{t(`tickets.channel.${c.channel}`)}</Descriptions.Item>
            <Descriptions.Item label={t('complaints.eventAt')}>{formatDateTime(c.eventAt)}</Descriptions.Item>
            <Descriptions.Item label={t('complaints.receivedAt')}>{formatDateTime(c.receivedAt)} · {c.takenByName}</Descriptions.Item>
            <Descriptions.Item label={t('complaints.target')}>{[c.targetName, c.targetUnitName].filter(Boolean).join(' · ') || '—'}</Descriptions.Item>
            <Descriptions.Item label={t('complaints.handler')}>{c.handlerName}</Descriptions.Item>
            <Descriptions.Item label={t('complaints.investigator')}>{c.investigatorName ?? '—'}</Descriptions.Item>
            <Descriptions.Item label={t('complaints.facts')} span={2}>
              <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: 0 }}>{c.facts}</Typography.Paragraph>
            </Descriptions.Item>
            <Descriptions.Item label={t('complaints.plan')} span={2}>{c.planText ?? '—'}</Descriptions.Item>
            <Descriptions.Item label={t('complaints.findings')} span={2}>{c.findings ?? '—'}</Descriptions.Item>
            <Descriptions.Item label={t('complaints.classification')} span={2}>
              {validityTag ?? '—'} {c.criterionName}
              {c.classificationNote ? `（${c.classificationNote}）` : ''}
            </Descriptions.Item>
            {c.meeting && (
              <Descriptions.Item label={t('complaints.meeting')} span={2}>
                {formatDateTime(c.meeting.meetingAt)} · {c.meeting.attendees}：{c.meeting.decision}
                {c.meeting.notifyAuthorities && <Tag color="red" style={{ marginInlineStart: 6 }}>{t('complaints.notifyAuthorities')}</Tag>}
              </Descriptions.Item>
            )}
            <Descriptions.Item label={t('complaints.reply')} span={2}>{c.reply ?? '—'}</Descriptions.Item>
            <Descriptions.Item label={t('complaints.satisfaction')}>{c.satisfaction ? t(`complaints.satisfaction.${c.satisfaction}`) : '—'}</Descriptions.Item>
            <Descriptions.Item label={t('complaints.accountability')}>
              {c.accountability ? `${[c.accountability.userName, c.accountability.unitName].filter(Boolean).join(' · ')}：${c.accountability.measure}` : '—'}
            </Descriptions.Item>
          </Descriptions>
        </Card>
        {c.pauses.length > 0 && (
          <Card size="small" title={t('complaints.pauses')}>
            {c.pauses.map((pause) => (
              <div key={pause.startedAt}>
                {formatDateTime(pause.startedAt)} – {pause.endedAt ? formatDateTime(pause.endedAt) : t('complaints.clock.paused')}：{pause.reason}
              </div>
            ))}
          </Card>
        )}
        <Card size="small" title={t('complaints.log')}>
          <Timeline items={c.log.map((entry) => ({ children: <span><strong>{entry.action}</strong> · {formatDateTime(entry.createdAt)}{entry.byName ? ` · ${entry.byName}` : ''}{entry.note ? <div>{entry.note}</div> : null}</span> }))} />
        </Card>
        <Card size="small" title={t('complaints.evidence')}>
          <AttachmentList recordType="service_complaint" recordId={c.id} canUpload={c.status !== 'closed' && (h || c.canManage)} />
        </Card>
      </Flex>
      <Modal open={Boolean(action)} title={action ? t(actionTitle[action]) : ''} okButtonProps={{ loading: submit.isPending }} onOk={() => form.validateFields().then((values) => submit.mutate(values))} onCancel={() => setAction(undefined)} destroyOnHidden>
        <Form form={form} layout="vertical">
          {action === 'assign' && (
            <>
              <Form.Item name="handlerId" label={t('complaints.handler')}><PersonPicker label={t('complaints.handler')} allowClear /></Form.Item>
              <Form.Item name="investigatorId" label={t('complaints.investigator')}><PersonPicker label={t('complaints.investigator')} allowClear /></Form.Item>
            </>
          )}
          {action && textField[action] && (
            <Form.Item name={textField[action]![0]} label={t(textField[action]![1])} rules={[{ required: true, message: t('common.required', { label: t(textField[action]![1]) }) }]} extra={action === 'reply' ? t('complaints.replyHint') : undefined}>
              <Input.TextArea rows={4} maxLength={4000} />
            </Form.Item>
          )}
          {action === 'classify' && (
            <>
              <Form.Item name="criterion" label={t('complaints.criterion')} rules={[{ required: true, message: t('common.selectRequired', { label: t('complaints.criterion') }) }]}>
                <Radio.Group>
                  <Flex vertical gap={4}>
                    {(criteria.data ?? []).map((item) => (
                      <Radio key={item.code} value={item.code}>
                        <Tag color={item.validity === 'valid' ? 'red' : 'default'}>{`${t(`complaints.validity.${item.validity}`)}·${t(`complaints.severity.${item.severity}`)}`}</Tag>
                        {item.name}
                      </Radio>
                    ))}
                  </Flex>
                </Radio.Group>
              </Form.Item>
              <Form.Item name="note" label={t('complaints.note')}><Input maxLength={1000} /></Form.Item>
            </>
          )}
          {action === 'meeting' && (
            <>
              <Form.Item name="meetingAt" label={t('complaints.meetingAt')} rules={[{ required: true, message: t('common.selectRequired', { label: t('complaints.meetingAt') }) }]}>
                <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" aria-label={t('complaints.meetingAt')} />
              </Form.Item>
              <Form.Item name="attendees" label={t('complaints.attendees')} rules={[{ required: true, message: t('common.required', { label: t('complaints.attendees') }) }]}><Input maxLength={500} /></Form.Item>
              <Form.Item name="decision" label={t('complaints.decision')} rules={[{ required: true, message: t('common.required', { label: t('complaints.decision') }) }]}><Input.TextArea rows={3} maxLength={2000} /></Form.Item>
              <Form.Item name="notifyAuthorities" valuePropName="checked"><Checkbox>{t('complaints.notifyAuthorities')}</Checkbox></Form.Item>
            </>
          )}
          {action === 'satisfaction' && (
            <>
              <Form.Item name="satisfied"><Radio.Group options={[{ value: 'yes', label: t('complaints.satisfied') }, { value: 'no', label: t('complaints.dissatisfied') }]} /></Form.Item>
              <Form.Item name="note" label={t('complaints.note')}><Input maxLength={1000} /></Form.Item>
            </>
          )}
          {action === 'accountability' && (
            <>
              <Form.Item name="accountableUserId" label={t('complaints.accountableUser')}><PersonPicker label={t('complaints.accountableUser')} allowClear /></Form.Item>
              <Form.Item name="accountableUnitId" label={t('complaints.accountableUnit')}><OrgUnitTreeSelect aria-label={t('complaints.accountableUnit')} allowClear /></Form.Item>
              <Form.Item name="measure" label={t('complaints.measure')} rules={[{ required: true, message: t('common.required', { label: t('complaints.measure') }) }]}><Input.TextArea rows={3} maxLength={1000} /></Form.Item>
            </>
          )}
          {action === 'hand-over' && (
            <>
              <Form.Item name="toUserId" label={t('complaints.handOverTo')} rules={[{ required: true, message: t('common.selectRequired', { label: t('complaints.handOverTo') }) }]}><PersonPicker label={t('complaints.handOverTo')} /></Form.Item>
              <Form.Item name="reason" label={t('complaints.handOverReason')} rules={[{ required: true, message: t('common.required', { label: t('complaints.handOverReason') }) }]}><Input.TextArea rows={3} maxLength={500} /></Form.Item>
            </>
          )}
        </Form>
      </Modal>
    </PageContainer>
  );
}

const actionTitle: Record<ActionKind, MessageKey> = {
  assign: 'complaints.assign',
  plan: 'complaints.plan',
  pause: 'complaints.pause',
  findings: 'complaints.findings',
  classify: 'complaints.classification',
  meeting: 'complaints.meeting',
  reply: 'complaints.reply',
  satisfaction: 'complaints.satisfaction',
  accountability: 'complaints.accountability',
  'hand-over': 'complaints.handOver',
};
/** The actions that are one text field: [body field, label key]. */
const textField: Partial<Record<ActionKind, [string, MessageKey]>> = {
  plan: ['plan', 'complaints.plan'],
  pause: ['reason', 'complaints.pauseReason'],
  findings: ['findings', 'complaints.findings'],
  reply: ['reply', 'complaints.reply'],
};
