import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App as AntdApp, Descriptions, Form, Modal, Skeleton } from 'antd';
import { api } from '../../app/api-client';
import { applyServerFieldErrors } from '../../ui/form-errors';
import { UserSelect } from './UserSelect';
import { usersQueryKey, type User } from './users-api';
import { useT } from '../../app/i18n/LocaleProvider';

// 离职交接 (R-PLT-05): the user is disabled and their customers, open tasks and pending approvals
// (and whatever other modules registered) go to one successor, in one operation.

interface StepCount {
  key: string;
  label: string;
  count: number | null;
}

const previewHandOver = (id: number) => api.get<{ userName: string; status: string; steps: StepCount[] }>(`/users/${id}/hand-over-preview`);
const handOver = (id: number, successorId: number) => api.post<{ successorName: string; steps: StepCount[] }>(`/users/${id}/hand-over`, { successorId });

export function HandOverModal({ user, onClose }: { user: User; onClose: () => void }) {
  const t = useT();
  const { message } = AntdApp.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<{ successorId: number }>();
  const preview = useQuery({ queryKey: ['users', user.id, 'hand-over-preview'], queryFn: () => previewHandOver(user.id) });
  const submit = useMutation({
    mutationFn: (values: { successorId: number }) => handOver(user.id, values.successorId),
    meta: { silent: true },
    onSuccess: async (result) => {
      const moved = result.steps.map((s) => `${s.label} ${s.count ?? 0}`).join(t('common.listSeparator'));
      message.success(t('users.disabledHandedTo', { displayName: user.displayName, successorName: result.successorName, moved }));
      await queryClient.invalidateQueries({ queryKey: usersQueryKey });
      await queryClient.invalidateQueries({ queryKey: ['development'] });
      onClose();
    },
    onError: (error) => {
      if (!applyServerFieldErrors(form, error)) message.error(error instanceof Error ? error.message : String(error));
    },
  });

  return (
    <Modal
      open
      title={t('users.departureHandOver', { displayName: user.displayName })}
      okText={t('users.disableAndHandOver')}
      okButtonProps={{ danger: true }}
      onOk={() => form.submit()}
      confirmLoading={submit.isPending}
      onCancel={onClose}
      destroyOnHidden
    >
      <Alert type="warning" showIcon style={{ marginBottom: 16 }} title={t('users.onSubmitTheAccountIs')} />
      {preview.isLoading ? (
        <Skeleton active paragraph={{ rows: 2 }} />
      ) : (
        <Descriptions size="small" column={2} bordered style={{ marginBottom: 16 }}>
          {(preview.data?.steps ?? []).map((step) => (
            <Descriptions.Item key={step.key} label={step.label}>
              {step.count ?? '—'}
            </Descriptions.Item>
          ))}
        </Descriptions>
      )}
      <Form form={form} layout="vertical" onFinish={(values) => submit.mutate(values)}>
        <Form.Item name="successorId" label={t('users.successor')} rules={[{ required: true, message: t('users.pleaseChooseASuccessor') }]}>
          <UserSelect />
        </Form.Item>
      </Form>
    </Modal>
  );
}
