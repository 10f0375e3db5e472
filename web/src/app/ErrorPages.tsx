import { Button, Result } from 'antd';
import { useNavigate } from 'react-router-dom';
import { useT } from './i18n/LocaleProvider';

function BackHomeButton() {
  const t = useT();
  const navigate = useNavigate();
  return (
    <Button type="primary" onClick={() => navigate('/')} data-testid="back-home">
      {t('common.backHome')}
    </Button>
  );
}

export function ForbiddenPage() {
  const t = useT();
  return (
    <Result
      status="403"
      title={t('error.forbidden.title')}
      subTitle={t('error.forbidden.subtitle')}
      extra={<BackHomeButton />}
      data-testid="page-403"
    />
  );
}

export function NotFoundPage() {
  const t = useT();
  return (
    <Result
      status="404"
      title={t('error.notFound.title')}
      subTitle={t('error.notFound.subtitle')}
      extra={<BackHomeButton />}
      data-testid="page-404"
    />
  );
}
