import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App as AntdApp, Form, Input, Modal } from 'antd';
import { useT } from '../../app/i18n/LocaleProvider';
import { applyServerFieldErrors } from '../../ui/form-errors';
import { createRole, rolesQueryKey, type DataScope, type Role, type ScopedResource } from './roles-api';

interface RoleFormValues {
  code: string;
  name: string;
  description?: string;
}

interface RoleFormModalProps {
  resources: ScopedResource[];
  onCreated: (role: Role) => void;
  onClose: () => void;
}

/** 新建角色: starts with no permissions and the narrowest scope; the matrix is filled in next. */
export function RoleFormModal({ resources, onCreated, onClose }: RoleFormModalProps) {
  const t = useT();
  const { message } = AntdApp.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<RoleFormValues>();

  const mutation = useMutation({
    mutationFn: (values: RoleFormValues) =>
      createRole({
        code: values.code.trim(),
        name: values.name.trim(),
        description: values.description?.trim() || undefined,
        permissions: [],
        dataScopes: Object.fromEntries(resources.map((resource) => [resource.code, 'self' satisfies DataScope])),
      }),
    onSuccess: async (role) => {
      message.success(t('common.created'));
      await queryClient.invalidateQueries({ queryKey: rolesQueryKey });
      onCreated(role);
      onClose();
    },
    onError: (error) => applyServerFieldErrors(form, error),
  });

  return (
    <Modal
      open
      title={t('roles.createTitle')}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={mutation.isPending}
      destroyOnHidden
    >
      <Form<RoleFormValues> form={form} layout="vertical" onFinish={(values) => mutation.mutate(values)} style={{ marginTop: 16 }}>
        <Form.Item
          name="code"
          label={t('roles.code')}
          extra={t('roles.codeRule')}
          rules={[
            { required: true, message: t('common.required', { label: t('roles.code') }) },
            { pattern: /^[a-z][a-z0-9_-]{1,31}$/, message: t('roles.codeRule') },
          ]}
        >
          <Input maxLength={32} autoFocus />
        </Form.Item>
        <Form.Item name="name" label={t('roles.name')} rules={[{ required: true, whitespace: true, message: t('common.required', { label: t('roles.name') }) }, { max: 50 }]}>
          <Input maxLength={50} />
        </Form.Item>
        <Form.Item name="description" label={t('roles.description')} rules={[{ max: 200 }]}>
          <Input.TextArea maxLength={200} rows={3} showCount />
        </Form.Item>
      </Form>
    </Modal>
  );
}
