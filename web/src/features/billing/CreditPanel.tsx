import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App as AntdApp, Button, Card, DatePicker, Descriptions, Flex, Form, Input, Modal, Select, Table, Tag } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { api, apiRequest } from '../../app/api-client';
import { useAuth } from '../../app/auth-context';
import { useT } from '../../app/i18n/LocaleProvider';
import { applyServerFieldErrors } from '../../ui/form-errors';
import { businessToday } from '../../ui/business-date';

interface CreditFile {
  behaviour: { since: string; billsDue: number; paidOnTime: number; onTimeRate: number | null; averageDaysLate: number | null; maxDaysOverdueNow: number };
  profile: { attitude: string; attitudeName: string; moneyController: string | null; bankRelationships: string | null; note: string | null } | null;
  investigations: { id: number; channelName: string; investigatedOn: string; source: string; findings: string; assessment: string; assessmentName: string; createdByName: string | null }[];
}
const assessmentColor: Record<string, string> = { good: 'green', fair: 'gold', poor: 'red' };

/** 信用 on the customer's account tab: payment behaviour, payment profile, investigations (R-CRD-03, 06). */
export function CreditPanel({ customerId }: { customerId: number }) {
  const t = useT();
  const { message } = AntdApp.useApp();
  const { hasPermission } = useAuth();
  const queryClient = useQueryClient();
  const key = ['customer-credit', customerId];
  const credit = useQuery({ queryKey: key, queryFn: () => api.get<CreditFile>(`/customers/${customerId}/credit`) });
  const [editing, setEditing] = useState<'profile' | 'investigation'>();
  const [form] = Form.useForm();
  const save = useMutation({
    mutationFn: (values: Record<string, unknown>) =>
      editing === 'profile'
        ? apiRequest<CreditFile>(`/customers/${customerId}/payment-profile`, { method: 'PUT', body: values })
        : api.post<CreditFile>(`/customers/${customerId}/credit-investigations`, { ...values, investigatedOn: (values.investigatedOn as dayjs.Dayjs).format('YYYY-MM-DD') }),
    onSuccess: async () => {
      message.success(t('common.saved'));
      setEditing(undefined);
      form.resetFields();
      await queryClient.invalidateQueries({ queryKey: key });
    },
    onError: (error: Error) => {
      if (!applyServerFieldErrors(form, error)) message.error(error.message);
    },
  });
  const c = credit.data;
  if (!c) return null;
  const b = c.behaviour;
  const manage = hasPermission('credit:manage');
  return (
    <Card
      size="small"
      title={t('credit.title')}
      extra={
        manage && (
          <Flex gap={8}>
            <Button size="small" onClick={() => { form.setFieldsValue(c.profile ?? { attitude: 'prompt' }); setEditing('profile'); }}>
              {t('credit.editProfile')}
            </Button>
            <Button size="small" onClick={() => { form.setFieldsValue({ investigatedOn: businessToday(), assessment: 'good' }); setEditing('investigation'); }}>
              {t('credit.addInvestigation')}
            </Button>
          </Flex>
        )
      }
    >
      <Descriptions size="small" column={{ xs: 1, md: 3 }}>
        <Descriptions.Item label={t('credit.billsDue')}>{b.billsDue}</Descriptions.Item>
        <Descriptions.Item label={t('credit.onTimeRate')}>{b.onTimeRate === null ? '—' : t('credit.percent', { value: Math.round(b.onTimeRate * 1000) / 10 })}</Descriptions.Item>
        <Descriptions.Item label={t('credit.averageDaysLate')}>{b.averageDaysLate ?? '—'}</Descriptions.Item>
        <Descriptions.Item label={t('credit.maxDaysOverdueNow')}>{b.maxDaysOverdueNow}</Descriptions.Item>
        <Descriptions.Item label={t('credit.attitude')}>{c.profile?.attitudeName ?? '—'}</Descriptions.Item>
        <Descriptions.Item label={t('credit.moneyController')}>{c.profile?.moneyController ?? '—'}</Descriptions.Item>
        <Descriptions.Item label={t('credit.bankRelationships')} span={3}>
          {c.profile?.bankRelationships ?? '—'}
        </Descriptions.Item>
      </Descriptions>
      {c.investigations.length > 0 && (
        <Table
          rowKey="id"
          size="small"
          pagination={false}
          dataSource={c.investigations}
          columns={[
            { title: t('credit.investigatedOn'), dataIndex: 'investigatedOn', width: 110 },
            { title: t('credit.channel'), dataIndex: 'channelName', width: 100 },
            { title: t('credit.source'), dataIndex: 'source', width: 160 },
            { title: t('credit.findings'), dataIndex: 'findings' },
            { title: t('credit.assessment'), key: 'assessment', width: 80, render: (_, row) => <Tag color={assessmentColor[row.assessment]}>{row.assessmentName}</Tag> },
          ]}
        />
      )}
      <Modal open={Boolean(editing)} title={editing === 'profile' ? t('credit.editProfile') : t('credit.addInvestigation')} okButtonProps={{ loading: save.isPending }} onOk={() => form.validateFields().then((values) => save.mutate(values))} onCancel={() => setEditing(undefined)} destroyOnHidden>
        <Form form={form} layout="vertical">
          {editing === 'profile' ? (
            <>
              <Form.Item name="attitude" label={t('credit.attitude')}>
                <Select aria-label={t('credit.attitude')} options={(['prompt', 'delays', 'difficult'] as const).map((value) => ({ value, label: t(`credit.attitude.${value}`) }))} />
              </Form.Item>
              <Form.Item name="moneyController" label={t('credit.moneyController')}>
                <Input maxLength={100} />
              </Form.Item>
              <Form.Item name="bankRelationships" label={t('credit.bankRelationships')}>
                <Input.TextArea rows={2} maxLength={500} />
              </Form.Item>
              <Form.Item name="note" label={t('receipts.note')}>
                <Input.TextArea rows={2} maxLength={1000} />
              </Form.Item>
            </>
          ) : (
            <>
              <Flex gap={12}>
                <Form.Item name="channel" label={t('credit.channel')} rules={[{ required: true, message: t('common.selectRequired', { label: t('credit.channel') }) }]} style={{ flex: 1 }}>
                  <Select aria-label={t('credit.channel')} options={(['bank', 'registry', 'industry', 'internal', 'site_visit'] as const).map((value) => ({ value, label: t(`credit.channel.${value}`) }))} />
                </Form.Item>
                <Form.Item name="investigatedOn" label={t('credit.investigatedOn')}>
                  <DatePicker allowClear={false} aria-label={t('credit.investigatedOn')} />
                </Form.Item>
              </Flex>
              <Form.Item name="source" label={t('credit.source')} rules={[{ required: true, message: t('common.required', { label: t('credit.source') }) }]}>
                <Input maxLength={200} />
              </Form.Item>
              <Form.Item name="findings" label={t('credit.findings')} rules={[{ required: true, message: t('common.required', { label: t('credit.findings') }) }]}>
                <Input.TextArea rows={4} maxLength={4000} />
              </Form.Item>
              <Form.Item name="assessment" label={t('credit.assessment')}>
                <Select aria-label={t('credit.assessment')} options={(['good', 'fair', 'poor'] as const).map((value) => ({ value, label: t(`credit.assessment.${value}`) }))} />
              </Form.Item>
            </>
          )}
        </Form>
      </Modal>
    </Card>
  );
}
