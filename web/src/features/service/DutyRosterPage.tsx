import { PlusOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App as AntdApp, Button, Card, Checkbox, DatePicker, Flex, Form, Input, Modal, Table, Tag, type TableColumnsType } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { api } from '../../app/api-client';
import { useAuth } from '../../app/auth-context';
import { useT } from '../../app/i18n/LocaleProvider';
import { applyServerFieldErrors } from '../../ui/form-errors';
import { PageContainer } from '../../ui/PageContainer';
import { OrgUnitTreeSelect } from '../org/OrgUnitTreeSelect';
import { getServiceSettings, listDuty, type DutyEntry } from './complaints-api';
import { PersonPicker } from './PersonPicker';
import { businessToday } from '../../ui/business-date';

/** 节假日值班表 (R-SVC-06) and the complaint setting of 回避 (R-SVC-13). */
export function DutyRosterPage() {
  const t = useT();
  const { message } = AntdApp.useApp();
  const { hasPermission } = useAuth();
  const queryClient = useQueryClient();
  const [month, setMonth] = useState(businessToday().startOf('month'));
  const from = month.format('YYYY-MM-DD');
  const to = month.endOf('month').format('YYYY-MM-DD');
  const roster = useQuery({ queryKey: ['duty-roster', from], queryFn: () => listDuty(from, to) });
  const settings = useQuery({ queryKey: ['service-settings'], queryFn: getServiceSettings });
  const [adding, setAdding] = useState(false);
  const [form] = Form.useForm<{ day: Dayjs; userId: number; note?: string }>();
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['duty-roster'] });
  const add = useMutation({
    mutationFn: (values: { day: Dayjs; userId: number; note?: string }) => api.post('/service/duty-roster', { ...values, day: values.day.format('YYYY-MM-DD') }),
    onSuccess: async () => {
      message.success(t('common.saved'));
      setAdding(false);
      form.resetFields();
      await refresh();
    },
    onError: (error: Error) => {
      if (!applyServerFieldErrors(form, error)) message.error(error.message);
    },
  });
  const remove = useMutation({ mutationFn: (id: number) => api.delete(`/service/duty-roster/${id}`), onSuccess: refresh, onError: (error: Error) => message.error(error.message) });
  const saveSettings = useMutation({
    mutationFn: (change: { avoidManagerChain?: boolean; returnVisitUnitId?: number | null }) =>
      api.put('/service/settings', { avoidManagerChain: settings.data?.avoidManagerChain ?? true, returnVisitUnitId: settings.data?.returnVisitUnitId ?? null, ...change }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['service-settings'] }),
    onError: (error: Error) => message.error(error.message),
  });
  const columns: TableColumnsType<DutyEntry> = [
    { title: t('duty.day'), key: 'day', width: 180, render: (_, row) => <Flex gap={6}>{row.day}<Tag color={row.workday ? 'default' : 'orange'}>{row.workday ? t('duty.workday') : t('duty.dayOff')}</Tag></Flex> },
    { title: t('duty.user'), dataIndex: 'userName', width: 140 },
    { title: t('duty.note'), dataIndex: 'note', render: (note: string | null) => note ?? '' },
    { title: '', key: 'remove', width: 80, render: (_, row) => <Button size="small" type="link" danger onClick={() => remove.mutate(row.id)}>{t('duty.remove')}</Button> },
  ];
  return (
    <PageContainer
      title={t('duty.title')}
      subtitle={t('duty.subtitle')}
      extra={
        <Flex gap={8}>
          <DatePicker picker="month" allowClear={false} aria-label={t('duty.day')} value={month} onChange={(value) => value && setMonth(value.startOf('month'))} />
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setAdding(true)}>{t('duty.add')}</Button>
        </Flex>
      }
    >
      <Flex vertical gap={12}>
        <Card size="small">
          <Table<DutyEntry> rowKey="id" size="small" loading={roster.isLoading} dataSource={roster.data ?? []} columns={columns} pagination={false} />
        </Card>
        <Card size="small" title={t('duty.settings')}>
          <Checkbox checked={settings.data?.avoidManagerChain ?? true} disabled={!hasPermission('system:manage') || saveSettings.isPending} onChange={(event) => saveSettings.mutate({ avoidManagerChain: event.target.checked })}>
            {t('duty.avoidChain')}
          </Checkbox>
          <Flex gap={8} align="center" style={{ marginTop: 12 }}>
            <span>{t('duty.visitUnit')}</span>
            <OrgUnitTreeSelect aria-label={t('duty.visitUnit')} allowClear placeholder={t('duty.visitUnitNone')} style={{ width: 260 }} disabled={!hasPermission('system:manage') || saveSettings.isPending} value={settings.data?.returnVisitUnitId ?? undefined} onChange={(unitId) => saveSettings.mutate({ returnVisitUnitId: unitId ?? null })} />
          </Flex>
        </Card>
      </Flex>
      <Modal open={adding} title={t('duty.add')} okButtonProps={{ loading: add.isPending }} onOk={() => form.validateFields().then((values) => add.mutate(values))} onCancel={() => setAdding(false)} destroyOnHidden>
        <Form form={form} layout="vertical">
          <Form.Item name="day" label={t('duty.day')} rules={[{ required: true, message: t('common.selectRequired', { label: t('duty.day') }) }]}>
            <DatePicker aria-label={t('duty.day')} />
          </Form.Item>
          <Form.Item name="userId" label={t('duty.user')} rules={[{ required: true, message: t('common.selectRequired', { label: t('duty.user') }) }]}>
            <PersonPicker label={t('duty.user')} />
          </Form.Item>
          <Form.Item name="note" label={t('duty.note')}>
            <Input maxLength={200} />
          </Form.Item>
        </Form>
      </Modal>
    </PageContainer>
  );
}
