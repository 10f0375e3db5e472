import { PlusOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App as AntdApp, Badge, Button, Checkbox, DatePicker, Descriptions, Flex, Form, Input, InputNumber, Modal, Space, Tag, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { api } from '../../app/api-client';
import { useAuth } from '../../app/auth-context';
import type { MessageKey } from '../../app/i18n/dictionary';
import { useT } from '../../app/i18n/LocaleProvider';
import { formatDateTime } from '../../ui/format';
import { applyServerFieldErrors } from '../../ui/form-errors';
import { MonthCalendar } from '../../ui/MonthCalendar';
import { PageContainer } from '../../ui/PageContainer';
import { CallerPicker } from './CallerPicker';
import { careKey, listCare, type CareAction, type CareKind, type CareStatus } from './incidents-api';
import { businessToday } from '../../ui/business-date';

const kindColor: Record<CareKind, string> = { birthday: 'magenta', festival: 'red', december: 'gold', new_business: 'blue' };
const statusBadge: Record<CareStatus, 'processing' | 'success' | 'default'> = { planned: 'processing', done: 'success', skipped: 'default' };
type Mode = 'gift' | 'done' | 'skip' | 'new-business';
const modeTitle: Record<Mode, MessageKey> = { gift: 'care.requestGift', done: 'care.done', skip: 'care.skip', 'new-business': 'care.newBusiness' };

/** The request of each form: amounts as strings, the notice date as YYYY-MM-DD. */
function request(mode: Mode, id: number | undefined, values: Record<string, unknown>) {
  if (mode === 'new-business') return api.post<CareAction>('/care-actions/new-business', { ...values, notifiedOn: (values.notifiedOn as Dayjs).format('YYYY-MM-DD') });
  const body = mode === 'done' ? { ...values, actualCost: values.actualCost ?? null } : values;
  return api.post<CareAction>(`/care-actions/${id}/${mode}`, body);
}

/** 关怀日历 (R-SVC-23): the month's care for key accounts; gifts on an approved budget. */
export function CarePage() {
  const t = useT();
  const { message } = AntdApp.useApp();
  const { hasPermission } = useAuth();
  const queryClient = useQueryClient();
  const [month, setMonth] = useState(businessToday().startOf('month'));
  const [mine, setMine] = useState(false);
  const [open, setOpen] = useState<CareAction>();
  const [mode, setMode] = useState<Mode>();
  const [form] = Form.useForm();
  const from = month.startOf('month').format('YYYY-MM-DD');
  const to = month.endOf('month').format('YYYY-MM-DD');
  const actions = useQuery({ queryKey: [...careKey, from, mine], queryFn: () => listCare(from, to, mine) });
  const submit = useMutation({
    mutationFn: (values: Record<string, unknown>) => request(mode!, open?.id, values),
    onSuccess: async (action) => {
      message.success(t('common.saved'));
      setMode(undefined);
      setOpen(action);
      await queryClient.invalidateQueries({ queryKey: careKey });
    },
    onError: (error: Error) => {
      if (!applyServerFieldErrors(form, error)) message.error(error.message);
    },
  });
  const start = (next: Mode, values: Record<string, unknown> = {}) => {
    form.resetFields();
    form.setFieldsValue(values);
    setMode(next);
  };
  const required = (label: MessageKey) => [{ required: true, message: t('common.required', { label: t(label) }) }];
  const canWrite = hasPermission('service:write');
  return (
    <PageContainer
      title={t('care.title')}
      subtitle={t('care.subtitle')}
      extra={
        <Flex gap={12} align="center" wrap>
          <Checkbox checked={mine} onChange={(event) => setMine(event.target.checked)}>{t('care.mine')}</Checkbox>
          <DatePicker picker="month" allowClear={false} aria-label={t('care.month')} value={month} onChange={(value) => value && setMonth(value.startOf('month'))} />
          {canWrite && <Button icon={<PlusOutlined />} onClick={() => { setOpen(undefined); start('new-business', { notifiedOn: businessToday() }); }}>{t('care.newBusiness')}</Button>}
        </Flex>
      }
    >
      <MonthCalendar<CareAction> month={month} onMonthChange={setMonth} items={actions.data ?? []} dateOf={(a) => a.occasionDate} labelOf={(a) => `${a.title} · ${a.customerName}`} badgeOf={(a) => statusBadge[a.status]} onOpen={(a) => { setMode(undefined); setOpen(a); }} />
      {actions.data?.length === 0 && <Typography.Text type="secondary">{t('care.none')}</Typography.Text>}
      <Modal width={640} open={Boolean(open) || mode === 'new-business'} title={mode ? t(modeTitle[mode]) : open ? `${open.customerName} · ${open.occasionDate}` : ''} footer={null} onCancel={() => { setOpen(undefined); setMode(undefined); }} destroyOnHidden>
        {open && !mode && (
          <Flex vertical gap={12}>
            <Descriptions size="small" column={2}>
              <Descriptions.Item label={t('care.customer')} span={2}><Link to={`/customers/${open.customerId}`}>{open.customerName}</Link></Descriptions.Item>
              <Descriptions.Item label={t('care.date')} span={2}><Tag color={kindColor[open.kind]}>{t(`care.kind.${open.kind}`)}</Tag>{open.title} · {open.occasionDate}</Descriptions.Item>
              <Descriptions.Item label={t('care.owner')}>{open.ownerName ?? '—'}</Descriptions.Item>
              <Descriptions.Item label={t('care.status')}><Badge status={statusBadge[open.status]} text={t(`care.status.${open.status}`)} /></Descriptions.Item>
              {open.gift && <Descriptions.Item label={t('care.gift')}>{`${open.gift} · ${open.budget}`}</Descriptions.Item>}
              {open.gift && <Descriptions.Item label={t('care.budgetStatus')}>{open.approvalId ? <Link to={`/approvals/mine?id=${open.approvalId}`}>{t(`care.budget.${open.budgetStatus}`)}</Link> : t(`care.budget.${open.budgetStatus}`)}</Descriptions.Item>}
              {open.outcome && <Descriptions.Item label={t('care.outcome')} span={2}>{open.outcome}</Descriptions.Item>}
              {open.actualCost && <Descriptions.Item label={t('care.actualCost')}>{open.actualCost}</Descriptions.Item>}
              {open.needs && <Descriptions.Item label={t('care.needs')} span={2}>{open.needs}</Descriptions.Item>}
              {open.doneAt && <Descriptions.Item label={t('care.doneBy')} span={2}>{`${open.doneByName ?? ''} · ${formatDateTime(open.doneAt)}`}</Descriptions.Item>}
            </Descriptions>
            {open.status === 'planned' && canWrite && (
              <Space wrap>
                {(open.budgetStatus === 'none' || open.budgetStatus === 'rejected') && <Button onClick={() => start('gift')}>{t('care.requestGift')}</Button>}
                <Button type="primary" onClick={() => start('done')}>{t('care.done')}</Button>
                <Button onClick={() => start('skip')}>{t('care.skip')}</Button>
              </Space>
            )}
          </Flex>
        )}
        {mode && (
          <Form form={form} layout="vertical" onFinish={(values) => submit.mutate(values)}>
            {mode === 'gift' && (
              <>
                <Form.Item name="gift" label={t('care.gift')} rules={required('care.gift')}><Input maxLength={200} /></Form.Item>
                <Form.Item name="budget" label={t('care.budget')} rules={required('care.budget')}><InputNumber<string> stringMode min="0.01" precision={2} aria-label={t('care.budget')} style={{ width: 200 }} /></Form.Item>
                <Form.Item name="reason" label={t('care.reason')} rules={required('care.reason')}><Input.TextArea rows={2} maxLength={500} /></Form.Item>
              </>
            )}
            {mode === 'done' && (
              <>
                <Form.Item name="outcome" label={t('care.outcome')} rules={required('care.outcome')}><Input.TextArea rows={3} maxLength={2000} /></Form.Item>
                {open?.budgetStatus === 'approved' && (
                  <Form.Item name="actualCost" label={t('care.actualCost')} extra={t('care.actualCostHint')}><InputNumber<string> stringMode min="0" max={open.budget ?? undefined} precision={2} aria-label={t('care.actualCost')} style={{ width: 200 }} /></Form.Item>
                )}
                {open?.kind === 'december' && <Form.Item name="needs" label={t('care.needs')} rules={required('care.needs')}><Input.TextArea rows={3} maxLength={4000} /></Form.Item>}
              </>
            )}
            {mode === 'skip' && <Form.Item name="reason" label={t('care.skipReason')} rules={required('care.skipReason')}><Input maxLength={500} /></Form.Item>}
            {mode === 'new-business' && (
              <>
                <Form.Item name="customerId" label={t('care.customer')} rules={required('care.customer')}><CallerPicker /></Form.Item>
                <Flex gap={12}>
                  <Form.Item name="title" label={t('care.newBusiness.title')} rules={required('care.newBusiness.title')} style={{ flex: 1 }}><Input maxLength={100} /></Form.Item>
                  <Form.Item name="notifiedOn" label={t('care.notifiedOn')} rules={required('care.notifiedOn')}><DatePicker aria-label={t('care.notifiedOn')} /></Form.Item>
                </Flex>
                <Form.Item name="outcome" label={t('care.newBusiness.outcome')} rules={required('care.newBusiness.outcome')}><Input.TextArea rows={3} maxLength={2000} /></Form.Item>
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
