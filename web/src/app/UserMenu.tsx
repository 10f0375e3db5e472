import { DownOutlined, KeyOutlined, LogoutOutlined } from '@ant-design/icons';
import { App as AntdApp, Avatar, Dropdown, Flex, Typography } from 'antd';
import { lazy, Suspense, useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { useAuth, useMe } from './auth-context';
import { useT } from './i18n/LocaleProvider';
import { brandColor } from './theme';

const ChangePasswordModal = lazy(() =>
  import('../features/auth/ChangePasswordModal').then((module) => ({ default: module.ChangePasswordModal })),
);

/** Header avatar with the user's name and unit, and the change-password and sign-out actions. */
export function UserMenu() {
  const t = useT();
  const me = useMe();
  const { signOut } = useAuth();
  const navigate = useNavigate();
  const { message } = AntdApp.useApp();
  const [passwordOpen, setPasswordOpen] = useState(false);

  const handleLogout = async () => {
    try {
      await signOut();
      message.success(t('layout.loggedOut'));
    } finally {
      navigate('/login', { replace: true });
    }
  };

  return (
    <>
      <Dropdown
        trigger={['click']}
        placement="bottomRight"
        menu={{
          items: [
            {
              key: 'profile',
              disabled: true,
              label: (
                <Flex vertical style={{ minWidth: 160 }}>
                  <Typography.Text strong>{me.displayName}</Typography.Text>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {me.unitName} · {me.username}
                  </Typography.Text>
                </Flex>
              ),
            },
            { type: 'divider' },
            {
              key: 'password',
              icon: <KeyOutlined />,
              label: <span data-testid="change-password">{t('layout.changePassword')}</span>,
            },
            {
              key: 'logout',
              icon: <LogoutOutlined />,
              danger: true,
              label: <span data-testid="logout">{t('layout.logout')}</span>,
            },
          ],
          onClick: ({ key }) => {
            if (key === 'password') setPasswordOpen(true);
            if (key === 'logout') void handleLogout();
          },
        }}
      >
        <Flex align="center" gap={8} data-testid="user-menu" role="button" tabIndex={0} style={{ cursor: 'pointer', padding: '0 8px' }}>
          <Avatar size="small" style={{ background: brandColor }}>
            {me.displayName.slice(0, 1)}
          </Avatar>
          <Flex vertical style={{ lineHeight: 1.25 }}>
            <Typography.Text style={{ fontSize: 13 }}>{me.displayName}</Typography.Text>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {me.unitName}
            </Typography.Text>
          </Flex>
          <DownOutlined style={{ fontSize: 10, color: '#8c8c8c' }} />
        </Flex>
      </Dropdown>
      {passwordOpen && (
        <Suspense fallback={null}>
          <ChangePasswordModal open onClose={() => setPasswordOpen(false)} />
        </Suspense>
      )}
    </>
  );
}
