import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App as AntdApp, DatePicker, Form, Input, Modal, Select, Space } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useMe } from '../../app/auth-context';
import { applyServerFieldErrors } from '../../ui/form-errors';
import { createTask, listAssignableUsers, tasksQueryKey } from './tasks-api';
import { useT } from '../../app/i18n/LocaleProvider';

interface FormValues {
  title: string;
  description?: string;
  assigneeId?: number;
  dueAt: Dayjs;
  recordType?: string;
  recordId?: string;
}

/** 新建待办: for myself, or — as a unit manager or user admin — for a colleague. */
export function TaskFormModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const t = useT();
  const me = useMe();
  const { message } = AntdApp.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<FormValues>();
  const [search, setSearch] = useState('');
  const assignees = useQuery({
    queryKey: [...tasksQueryKey, 'assignable', search],
    queryFn: () => listAssignableUsers(search || undefined),
    enabled: open,
  });

  const save = useMutation({
    mutationFn: (values: FormValues) =>
      createTask({
        title: values.title.trim(),
        description: values.description?.trim() || undefined,
        assigneeId: values.assigneeId,
        dueAt: values.dueAt.toISOString(),
        recordType: values.recordType?.trim() || undefined,
        recordId: values.recordId?.trim() || undefined,
      }),
    meta: { silent: true },
    onSuccess: async () => {
      message.success(t('tasks.taskCreated'));
      form.resetFields();
      await queryClient.invalidateQueries({ queryKey: tasksQueryKey });
      onClose();
    },
    onError: (error) => {
      if (!applyServerFieldErrors(form, error)) message.error(error instanceof Error ? error.message : String(error));
    },
  });

  return (
    <Modal
      title={t('tasks.newTask')}
      open={open}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('tasks.create')}
      cancelText={t('common.cancel')}
      confirmLoading={save.isPending}
      destroyOnHidden
    >
      <Form<FormValues>
        form={form}
        layout="vertical"
        initialValues={{ assigneeId: me.id, dueAt: dayjs().add(1, 'day').hour(18).minute(0).second(0) }}
        onFinish={(values) => save.mutate(values)}
      >
        <Form.Item name="title" label={t('tasks.title')} rules={[{ required: true, whitespace: true, message: t('tasks.pleaseEnterATitle') }, { max: 200 }]}>
          <Input placeholder={t('tasks.eGCallBackAcme')} maxLength={200} />
        </Form.Item>
        <Form.Item name="description" label={t('roles.description')} rules={[{ max: 2000 }]}>
          <Input.TextArea rows={3} maxLength={2000} />
        </Form.Item>
        <Form.Item name="assigneeId" label={t('tasks.assignee')} rules={[{ required: true, message: t('tasks.pleaseChooseAnAssignee') }]}>
          <Select
            showSearch={{ filterOption: false, onSearch: setSearch }}
            loading={assignees.isFetching}
            options={(assignees.data?.items ?? []).map((user) => ({
              value: user.id,
              label: user.id === me.id ? t('tasks.me2', { displayName: user.displayName }) : `${user.displayName} · ${user.unitName}`,
            }))}
          />
        </Form.Item>
        <Form.Item name="dueAt" label={t('tasks.due')} rules={[{ required: true, message: t('tasks.pleaseChooseADueTime') }]}>
          <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" style={{ width: '100%' }} disabledDate={(d) => d.isBefore(dayjs(), 'day')} />
        </Form.Item>
        <Form.Item label={t('tasks.relatedRecordOptional')} style={{ marginBottom: 0 }}>
          <Space.Compact block>
            <Form.Item name="recordType" noStyle rules={[{ max: 40 }]}>
              <Input aria-label={t('tasks.typeEGContract')} style={{ width: '40%' }} placeholder={t('tasks.typeEGContract')} />
            </Form.Item>
            <Form.Item name="recordId" noStyle rules={[{ max: 64 }]}>
              <Input aria-label={t('tasks.numberEGHt2026')} style={{ width: '60%' }} placeholder={t('tasks.numberEGHt2026')} />
            </Form.Item>
          </Space.Compact>
        </Form.Item>
      </Form>
    </Modal>
  );
}
