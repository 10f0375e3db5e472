import { useMutation } from '@tanstack/react-query';
import { Button, Form, Input } from 'antd';
import { useT } from '../../app/i18n/LocaleProvider';
import { applyServerFieldErrors } from '../../ui/form-errors';
import { changePassword } from './auth-api';

interface ChangePasswordValues {
  currentPassword: string;
  newPassword: string;
  confirmPassword: string;
}

interface ChangePasswordFormProps {
  onDone: () => void;
  onCancel?: () => void;
}

/** 修改密码 form; the server enforces 8–128 characters and rejects common passwords. */
export function ChangePasswordForm({ onDone, onCancel }: ChangePasswordFormProps) {
  const t = useT();
  const [form] = Form.useForm<ChangePasswordValues>();
  const mutation = useMutation({
    mutationFn: (values: ChangePasswordValues) =>
      changePassword({ currentPassword: values.currentPassword, newPassword: values.newPassword }),
    onSuccess: onDone,
    onError: (error) => applyServerFieldErrors(form, error),
  });

  return (
    <Form<ChangePasswordValues> form={form} layout="vertical" requiredMark={false} onFinish={(values) => mutation.mutate(values)}>
      <Form.Item name="currentPassword" label={t('password.current')} rules={[{ required: true, message: t('common.required', { label: t('password.current') }) }]}>
        <Input.Password autoComplete="current-password" maxLength={128} autoFocus />
      </Form.Item>
      <Form.Item
        name="newPassword"
        label={t('password.new')}
        extra={t('password.rule')}
        dependencies={['currentPassword']}
        rules={[
          { required: true, message: t('common.required', { label: t('password.new') }) },
          { min: 8, message: t('password.tooShort') },
          { max: 128, message: t('password.tooLong') },
          ({ getFieldValue }) => ({
            validator: (_rule, value: string | undefined) =>
              value && value === getFieldValue('currentPassword')
                ? Promise.reject(new Error(t('password.sameAsCurrent')))
                : Promise.resolve(),
          }),
        ]}
      >
        <Input.Password autoComplete="new-password" maxLength={128} />
      </Form.Item>
      <Form.Item
        name="confirmPassword"
        label={t('password.confirm')}
        dependencies={['newPassword']}
        rules={[
          { required: true, message: t('common.required', { label: t('password.confirm') }) },
          ({ getFieldValue }) => ({
            validator: (_rule, value: string | undefined) =>
              !value || value === getFieldValue('newPassword')
                ? Promise.resolve()
                : Promise.reject(new Error(t('password.mismatch'))),
          }),
        ]}
      >
        <Input.Password autoComplete="new-password" maxLength={128} />
      </Form.Item>
      <Form.Item style={{ marginBottom: 0 }}>
        <div style={{ display: 'flex', gap: 8, justifyContent: 'flex-end' }}>
          {onCancel && <Button onClick={onCancel}>{t('common.cancel')}</Button>}
          <Button type="primary" htmlType="submit" loading={mutation.isPending} block={!onCancel} data-testid="change-password-submit">
            {t('password.submit')}
          </Button>
        </div>
      </Form.Item>
    </Form>
  );
}
