import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { useMutation } from '@tanstack/react-query';
import { Alert, Button, Form, Input, Typography } from 'antd';
import { Navigate, useNavigate, useSearchParams } from 'react-router-dom';
import { isApiError } from '../../app/api-client';
import { useAuth } from '../../app/auth-context';
import { useT } from '../../app/i18n/LocaleProvider';
import { changePasswordPath, FullPageSpin, safeRedirectTarget } from '../../app/route-guards';
import type { LoginBody } from './auth-api';
import { AuthScreen } from './AuthScreen';

export function LoginPage() {
  const t = useT();
  const { me, loading, signIn } = useAuth();
  const navigate = useNavigate();
  const [searchParams] = useSearchParams();
  const target = safeRedirectTarget(searchParams.get('redirect'));

  const mutation = useMutation({
    mutationFn: signIn,
    meta: { silent: true },
    onSuccess: (user) => {
      if (user.mustChangePassword) {
        navigate(`${changePasswordPath}?redirect=${encodeURIComponent(target)}`, { replace: true });
      } else {
        navigate(target, { replace: true });
      }
    },
  });

  if (loading) return <FullPageSpin />;
  if (me && !mutation.isPending && !mutation.isSuccess) return <Navigate to={target} replace />;

  const error = mutation.error;
  const errorText = error ? (isApiError(error) ? error.detail : error.message) : null;

  return (
    <AuthScreen title={t('login.title')}>
      {errorText && (
        <Alert
          type={isApiError(error) && error.code === 'AUTH_LOCKED' ? 'warning' : 'error'}
          title={errorText}
          showIcon
          style={{ marginBottom: 20 }}
          data-testid="login-error"
        />
      )}
      <Form<LoginBody> layout="vertical" size="large" requiredMark={false} onFinish={(values) => mutation.mutate(values)}>
        <Form.Item name="username" label={t('login.username')} rules={[{ required: true, whitespace: true, message: t('login.usernameRequired') }]}>
          <Input prefix={<UserOutlined />} autoComplete="username" autoFocus maxLength={64} />
        </Form.Item>
        <Form.Item name="password" label={t('login.password')} rules={[{ required: true, message: t('login.passwordRequired') }]}>
          <Input.Password prefix={<LockOutlined />} autoComplete="current-password" maxLength={128} />
        </Form.Item>
        <Form.Item style={{ marginBottom: 12 }}>
          <Button type="primary" htmlType="submit" block loading={mutation.isPending}>
            {t('login.submit')}
          </Button>
        </Form.Item>
      </Form>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {t('login.hint')}
      </Typography.Text>
    </AuthScreen>
  );
}
