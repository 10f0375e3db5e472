import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App as AntdApp, Button, Card, Form, InputNumber, Modal, Table } from 'antd';
import { useState } from 'react';
import { apiRequest, api } from '../../app/api-client';
import { useAuth } from '../../app/auth-context';
import { useT } from '../../app/i18n/LocaleProvider';
import { applyServerFieldErrors } from '../../ui/form-errors';
import { PageContainer } from '../../ui/PageContainer';
import { OrgUnitTreeSelect } from '../org/OrgUnitTreeSelect';
import type { CategoryRule } from './service-api';

type Values = { unitId: number | null; deadlineHours: number; keyAccountDeadlineHours: number };

/** 派单矩阵 (R-SVC-04): category → department → deadline; administrators edit it. */
export function CategoryRulesPage() {
  const t = useT();
  const { message } = AntdApp.useApp();
  const { hasPermission } = useAuth();
  const queryClient = useQueryClient();
  const rules = useQuery({ queryKey: ['ticket-rules'], queryFn: () => api.get<CategoryRule[]>('/service/category-rules') });
  const [editing, setEditing] = useState<CategoryRule>();
  const [form] = Form.useForm<Values>();
  const save = useMutation({
    mutationFn: (values: Values) => apiRequest<CategoryRule[]>(`/service/category-rules/${editing!.category}`, { method: 'PUT', body: { ...values, unitId: values.unitId ?? null } }),
    onSuccess: async () => {
      message.success(t('common.saved'));
      setEditing(undefined);
      await queryClient.invalidateQueries({ queryKey: ['ticket-rules'] });
    },
    onError: (error: Error) => {
      if (!applyServerFieldErrors(form, error)) message.error(error.message);
    },
  });
  return (
    <PageContainer title={t('ticketRules.title')} subtitle={t('ticketRules.subtitle')}>
      <Card size="small">
        <Table<CategoryRule>
          rowKey="category"
          size="small"
          loading={rules.isLoading}
          dataSource={rules.data ?? []}
          pagination={false}
          columns={[
            { title: t('tickets.category'), dataIndex: 'categoryName' },
            { title: t('ticketRules.unit'), key: 'unit', render: (_, row) => row.unitName ?? '—' },
            { title: t('ticketRules.hours'), dataIndex: 'deadlineHours', align: 'right' },
            { title: t('ticketRules.keyHours'), dataIndex: 'keyAccountDeadlineHours', align: 'right' },
            ...(hasPermission('system:manage')
              ? [{ title: '', key: 'edit', width: 80, render: (_: unknown, row: CategoryRule) => <Button size="small" onClick={() => { form.setFieldsValue({ unitId: row.unitId, deadlineHours: row.deadlineHours, keyAccountDeadlineHours: row.keyAccountDeadlineHours }); setEditing(row); }}>{t('common.edit')}</Button> }]
              : []),
          ]}
        />
      </Card>
      <Modal open={Boolean(editing)} title={editing ? t('ticketRules.edit', { category: editing.categoryName }) : ''} okButtonProps={{ loading: save.isPending }} onOk={() => form.validateFields().then((values) => save.mutate(values))} onCancel={() => setEditing(undefined)} destroyOnHidden>
        <Form<Values> form={form} layout="vertical">
          <Form.Item name="unitId" label={t('ticketRules.unit')}>
            <OrgUnitTreeSelect allowClear aria-label={t('ticketRules.unit')} />
          </Form.Item>
          <Form.Item name="deadlineHours" label={t('ticketRules.hours')} rules={[{ required: true, message: t('common.required', { label: t('ticketRules.hours') }) }]}>
            <InputNumber min={1} max={2160} precision={0} aria-label={t('ticketRules.hours')} />
          </Form.Item>
          <Form.Item name="keyAccountDeadlineHours" label={t('ticketRules.keyHours')} rules={[{ required: true, message: t('common.required', { label: t('ticketRules.keyHours') }) }]}>
            <InputNumber min={1} max={2160} precision={0} aria-label={t('ticketRules.keyHours')} />
          </Form.Item>
        </Form>
      </Modal>
    </PageContainer>
  );
}
