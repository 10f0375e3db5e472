import { Card, Flex, Typography } from 'antd';
import type { ReactNode } from 'react';
import { LanguageSwitch } from '../../app/i18n/LanguageSwitch';
import { useT } from '../../app/i18n/LocaleProvider';

/** Full-page backdrop with a centred card, used by sign-in and the forced password change. */
export function AuthScreen({ title, children }: { title: ReactNode; children: ReactNode }) {
  const t = useT();
  return (
    <Flex
      vertical
      align="center"
      justify="center"
      style={{
        minHeight: '100vh',
        padding: 24,
        background:
          'radial-gradient(circle at 15% 20%, rgba(47,107,216,0.18), transparent 45%), radial-gradient(circle at 85% 80%, rgba(47,107,216,0.14), transparent 40%), linear-gradient(160deg, #eef3fb 0%, #f7f9fc 60%, #eef2f8 100%)',
      }}
    >
      <div style={{ position: 'absolute', top: 16, right: 20 }}>
        <LanguageSwitch />
      </div>
      <Flex vertical align="center" gap={6} style={{ marginBottom: 24 }}>
        <Flex align="center" gap={12}>
          <img src="/favicon.svg" alt="" width={40} height={40} />
          <Typography.Title level={2} style={{ margin: 0, letterSpacing: 1 }}>
            {t('app.name')}
          </Typography.Title>
        </Flex>
        <Typography.Text type="secondary">{t('app.tagline')}</Typography.Text>
      </Flex>
      <Card
        title={title}
        style={{ width: '100%', maxWidth: 400, boxShadow: '0 8px 28px rgba(15,28,46,0.08)' }}
        styles={{ header: { textAlign: 'center', fontSize: 16 } }}
      >
        {children}
      </Card>
    </Flex>
  );
}
