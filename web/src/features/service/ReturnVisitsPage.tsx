import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App as AntdApp, Badge, Button, Checkbox, DatePicker, Descriptions, Flex, Form, Input, InputNumber, Modal, Rate, Select, Space, Tag, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { api } from '../../app/api-client';
import { useAuth } from '../../app/auth-context';
import { useT } from '../../app/i18n/LocaleProvider';
import { applyServerFieldErrors } from '../../ui/form-errors';
import { MonthCalendar } from '../../ui/MonthCalendar';
import { PageContainer } from '../../ui/PageContainer';
import { listReturnVisits, visitAspects, type ReturnVisit, type VisitStatus } from './complaints-api';
import { PersonPicker } from './PersonPicker';
import { businessToday } from '../../ui/business-date';

const statusBadge: Record<VisitStatus, 'processing' | 'warning' | 'success' | 'default'> = { planned: 'processing', recorded: 'warning', reviewed: 'success', cancelled: 'default' };
type Mode = 'assign' | 'record' | 'review';

/** 回访计划 (R-SVC-20, 21): the month's visits on a calendar; assign, record and review. */
export function ReturnVisitsPage() {
  const t = useT();
  const { message } = AntdApp.useApp();
  const { hasPermission } = useAuth();
  const queryClient = useQueryClient();
  const [month, setMonth] = useState(businessToday().startOf('month'));
  const [mine, setMine] = useState(false);
  const [open, setOpen] = useState<ReturnVisit>();
  const [mode, setMode] = useState<Mode>();
  const [form] = Form.useForm();
  const from = month.startOf('month').format('YYYY-MM-DD');
  const to = month.endOf('month').format('YYYY-MM-DD');
  const visits = useQuery({ queryKey: ['return-visits', from, mine], queryFn: () => listReturnVisits(from, to, mine) });
  const submit = useMutation({
    mutationFn: (values: Record<string, unknown>) => {
      const body = mode === 'record' ? { ...values, visitedOn: (values.visitedOn as Dayjs).format('YYYY-MM-DD'), expenses: values.expenses ?? '0.00', followUps: values.followUps ?? [] } : values;
      return api.post<ReturnVisit>(`/return-visits/${open!.id}/${mode}`, body);
    },
    onSuccess: async (visit) => {
      message.success(t('common.saved'));
      setMode(undefined);
      setOpen(visit);
      await queryClient.invalidateQueries({ queryKey: ['return-visits'] });
    },
    onError: (error: Error) => {
      if (!applyServerFieldErrors(form, error)) message.error(error.message);
    },
  });
  const start = (next: Mode) => {
    form.resetFields();
    if (next === 'record') form.setFieldsValue({ visitedOn: businessToday(), method: 'visit', scores: Object.fromEntries(visitAspects.map((a) => [a, 4])) });
    setMode(next);
  };
  return (
    <PageContainer
      title={t('visits.title')}
      subtitle={t('visits.subtitle')}
      extra={
        <Flex gap={12} align="center">
          <Checkbox checked={mine} onChange={(event) => setMine(event.target.checked)}>{t('visits.mine')}</Checkbox>
          <DatePicker picker="month" allowClear={false} aria-label={t('visits.dueDate')} value={month} onChange={(value) => value && setMonth(value.startOf('month'))} />
        </Flex>
      }
    >
      <MonthCalendar<ReturnVisit> month={month} onMonthChange={setMonth} items={visits.data ?? []} dateOf={(v) => v.dueDate} labelOf={(v) => v.customerName} badgeOf={(v) => statusBadge[v.status]} onOpen={setOpen} />
      {visits.data?.length === 0 && <Typography.Text type="secondary">{t('visits.none')}</Typography.Text>}
      <Modal width={720} open={Boolean(open)} title={open ? `${open.customerName} · ${open.dueDate}` : ''} footer={null} onCancel={() => { setOpen(undefined); setMode(undefined); }} destroyOnHidden>
        {open && !mode && (
          <Flex vertical gap={12}>
            <Descriptions size="small" column={2}>
              <Descriptions.Item label={t('visits.purpose')} span={2}>
                <Tag>{t(`visits.kind.${open.kind}`)}</Tag>
                {open.purpose}
              </Descriptions.Item>
              <Descriptions.Item label={t('visits.customer')}><Link to={`/customers/${open.customerId}`}>{open.customerName}</Link></Descriptions.Item>
              <Descriptions.Item label={t('visits.visitor')}>{open.visitorName ?? '—'}</Descriptions.Item>
              <Descriptions.Item label={t('complaints.status')}><Badge status={statusBadge[open.status]} text={t(`visits.status.${open.status}`)} /></Descriptions.Item>
              {open.reportDueOn && (
                <Descriptions.Item label={t('visits.visitedOn')}>
                  {open.visitedOn} {open.method && t(`visits.method.${open.method}`)} · {t('visits.reportDue', { date: open.reportDueOn })}
                  {open.recordedLate && <Tag color="red" style={{ marginInlineStart: 6 }}>{t('visits.late')}</Tag>}
                </Descriptions.Item>
              )}
              {open.scores && (
                <Descriptions.Item label={t('visits.scores')} span={2}>
                  <Space wrap>{visitAspects.map((a) => <span key={a}>{t(`visits.aspect.${a}`)} {open.scores![a]}</span>)}</Space>
                </Descriptions.Item>
              )}
              {open.people && <Descriptions.Item label={t('visits.people')}>{open.people}</Descriptions.Item>}
              {open.expenses && <Descriptions.Item label={t('visits.expenses')}>{open.expenses}</Descriptions.Item>}
              {open.businessSituation && <Descriptions.Item label={t('visits.business')} span={2}>{open.businessSituation}</Descriptions.Item>}
              {open.opinions && <Descriptions.Item label={t('visits.opinions')} span={2}>{open.opinions}</Descriptions.Item>}
              {open.followUps && open.followUps.length > 0 && (
                <Descriptions.Item label={t('visits.followUps')} span={2}>
                  <Flex vertical>
                    {open.followUps.map((f) => (
                      <span key={`${f.as}${f.ref}`}>
                        {f.as === 'ticket' ? <Link to={`/service/tickets/${f.ref}`}>{t('visits.followUp.ticket')}</Link> : t('visits.followUp.task')}：{f.action}
                      </span>
                    ))}
                  </Flex>
                </Descriptions.Item>
              )}
              {open.reviewedByName && <Descriptions.Item label={t('visits.review')} span={2}>{open.reviewedByName}{open.reviewNote ? `：${open.reviewNote}` : ''}</Descriptions.Item>}
            </Descriptions>
            <Space>
              {open.status === 'planned' && hasPermission('service:write') && <Button onClick={() => start('assign')}>{t('visits.assign')}</Button>}
              {open.canRecord && <Button type="primary" onClick={() => start('record')}>{t('visits.record')}</Button>}
              {open.canReview && <Button type="primary" onClick={() => start('review')}>{t('visits.review')}</Button>}
            </Space>
          </Flex>
        )}
        {open && mode && (
          <Form form={form} layout="vertical" onFinish={(values) => submit.mutate(values)}>
            {mode === 'assign' && (
              <>
                <Form.Item name="visitorId" label={t('visits.visitor')} rules={[{ required: true, message: t('common.selectRequired', { label: t('visits.visitor') }) }]}><PersonPicker label={t('visits.visitor')} /></Form.Item>
                <Form.Item name="allowOwner" valuePropName="checked"><Checkbox>{t('visits.allowOwner')}</Checkbox></Form.Item>
              </>
            )}
            {mode === 'review' && <Form.Item name="note" label={t('visits.reviewNote')}><Input.TextArea rows={3} maxLength={1000} /></Form.Item>}
            {mode === 'record' && (
              <>
                <Flex gap={12}>
                  <Form.Item name="visitedOn" label={t('visits.visitedOn')} rules={[{ required: true, message: t('common.selectRequired', { label: t('visits.visitedOn') }) }]}><DatePicker aria-label={t('visits.visitedOn')} /></Form.Item>
                  <Form.Item name="method" label={t('visits.method')} style={{ minWidth: 120 }}>
                    <Select aria-label={t('visits.method')} options={(['visit', 'phone', 'video', 'other'] as const).map((value) => ({ value, label: t(`visits.method.${value}`) }))} />
                  </Form.Item>
                  <Form.Item name="people" label={t('visits.people')} rules={[{ required: true, message: t('common.required', { label: t('visits.people') }) }]} style={{ flex: 1 }}><Input maxLength={200} /></Form.Item>
                </Flex>
                <Form.Item label={t('visits.scores')} required>
                  <Flex gap={16} wrap>
                    {visitAspects.map((a) => (
                      <Form.Item key={a} name={['scores', a]} label={t(`visits.aspect.${a}`)} style={{ marginBottom: 0 }}>
                        <Rate aria-label={t(`visits.aspect.${a}`)} allowClear={false} />
                      </Form.Item>
                    ))}
                  </Flex>
                </Form.Item>
                <Form.Item name="businessSituation" label={t('visits.business')}><Input.TextArea rows={2} maxLength={2000} /></Form.Item>
                <Form.Item name="opinions" label={t('visits.opinions')}><Input.TextArea rows={2} maxLength={4000} /></Form.Item>
                <Form.Item name="expenses" label={t('visits.expenses')}><InputNumber<string> stringMode min="0" max="2000" precision={2} aria-label={t('visits.expenses')} style={{ width: 160 }} /></Form.Item>
                <Form.List name="followUps">
                  {(fields, { add, remove }) => (
                    <Flex vertical gap={4}>
                      <Typography.Text strong>{t('visits.followUps')}</Typography.Text>
                      {fields.map((field) => (
                        <Flex key={field.key} gap={8} align="start">
                          <Form.Item name={[field.name, 'as']} initialValue="task" style={{ width: 120, marginBottom: 0 }}>
                            <Select aria-label={t('visits.followUp.as')} options={[{ value: 'task', label: t('visits.followUp.task') }, { value: 'ticket', label: t('visits.followUp.ticket') }]} />
                          </Form.Item>
                          <Form.Item name={[field.name, 'action']} rules={[{ required: true, message: t('common.required', { label: t('visits.followUp.action') }) }]} style={{ flex: 1, marginBottom: 0 }}>
                            <Input aria-label={t('visits.followUp.action')} maxLength={500} placeholder={t('visits.followUp.action')} />
                          </Form.Item>
                          <Button type="text" aria-label={t('common.delete')} icon={<MinusCircleOutlined />} onClick={() => remove(field.name)} />
                        </Flex>
                      ))}
                      <Button type="dashed" icon={<PlusOutlined />} onClick={() => add()} style={{ width: 200 }}>{t('visits.followUp.add')}</Button>
                    </Flex>
                  )}
                </Form.List>
              </>
            )}
            <Flex justify="end" gap={8} style={{ marginTop: 16 }}>
              <Button onClick={() => setMode(undefined)}>{t('common.cancel')}</Button>
              <Button type="primary" htmlType="submit" loading={submit.isPending}>{t('common.save')}</Button>
            </Flex>
          </Form>
        )}
      </Modal>
    </PageContainer>
  );
}
