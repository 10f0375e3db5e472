import { App as AntdApp, Alert, Button } from 'antd';
import { useNavigate, useSearchParams } from 'react-router-dom';
import { useAuth, useMe } from '../../app/auth-context';
import { useT } from '../../app/i18n/LocaleProvider';
import { safeRedirectTarget } from '../../app/route-guards';
import { AuthScreen } from './AuthScreen';
import { ChangePasswordForm } from './ChangePasswordForm';

/** Standalone page; a user with mustChangePassword is sent here before anything else. */
export function ChangePasswordPage() {
  const t = useT();
  const me = useMe();
  const { refreshMe, signOut } = useAuth();
  const navigate = useNavigate();
  const { message } = AntdApp.useApp();
  const [searchParams] = useSearchParams();
  const target = safeRedirectTarget(searchParams.get('redirect'));
  const forced = me.mustChangePassword;

  const handleDone = async () => {
    message.success(t('password.changed'));
    await refreshMe();
    navigate(target, { replace: true });
  };

  return (
    <AuthScreen title={forced ? t('password.forcedTitle') : t('password.title')}>
      {forced && <Alert type="info" showIcon title={t('password.forcedHint')} style={{ marginBottom: 20 }} />}
      <ChangePasswordForm onDone={() => void handleDone()} onCancel={forced ? undefined : () => navigate(target)} />
      {forced && (
        <Button
          type="link"
          block
          style={{ marginTop: 8 }}
          onClick={() => void signOut().finally(() => navigate('/login', { replace: true }))}
        >
          {t('layout.logout')}
        </Button>
      )}
    </AuthScreen>
  );
}
