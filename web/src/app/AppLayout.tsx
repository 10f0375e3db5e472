import { HomeOutlined, MenuFoldOutlined, MenuUnfoldOutlined } from '@ant-design/icons';
import { Breadcrumb, Button, Flex, Layout, Tooltip, Typography } from 'antd';
import { Suspense, useState } from 'react';
import { Link, Outlet, useLocation } from 'react-router-dom';
import { ErrorBoundary } from './ErrorBoundary';
import { LanguageSwitch } from './i18n/LanguageSwitch';
import { useT } from './i18n/LocaleProvider';
import { findNavigationEntry, navigationGroups } from './navigation';
import { PageSpin } from './route-guards';
import { SideMenu } from './SideMenu';
import { UserMenu } from './UserMenu';
import { NotificationBell } from '../features/notifications/NotificationBell';
import { GlobalSearch } from '../features/customers/search/GlobalSearch';
import { useAuth } from './auth-context';

const collapsedStorageKey = 'zs_sider_collapsed';
const siderWidth = 220;
const collapsedWidth = 64;

function readCollapsed(): boolean {
  try {
    return window.localStorage.getItem(collapsedStorageKey) === '1';
  } catch {
    return false;
  }
}

function Logo({ collapsed }: { collapsed: boolean }) {
  const t = useT();
  return (
    <Link to="/" style={{ display: 'flex', alignItems: 'center', gap: 10, height: 56, padding: collapsed ? '0 18px' : '0 20px', overflow: 'hidden' }}>
      <img src="/favicon.svg" alt="" width={28} height={28} style={{ flex: 'none' }} />
      {!collapsed && (
        <span style={{ color: '#fff', fontSize: 15, fontWeight: 600, whiteSpace: 'nowrap', letterSpacing: 0.5 }}>
          {t('app.name')}
        </span>
      )}
    </Link>
  );
}

function HeaderBreadcrumb() {
  const t = useT();
  const location = useLocation();
  const entry = findNavigationEntry(location.pathname);
  const group = entry?.group ? navigationGroups.find((candidate) => candidate.key === entry.group) : undefined;
  const items = [{ title: <Link to="/"><HomeOutlined /></Link> }];
  if (group) items.push({ title: <span>{t(group.labelKey)}</span> });
  if (entry && entry.path !== '/') items.push({ title: <span>{t(entry.labelKey)}</span> });
  if (entry?.path === '/') items.push({ title: <span>{t('menu.home')}</span> });
  return <Breadcrumb items={items} />;
}

/** The signed-in shell: dark collapsible sidebar, header with breadcrumb, language and user menu. */
export function AppLayout() {
  const t = useT();
  const location = useLocation();
  const canSearchCustomers = useAuth().hasPermission('customer:read');
  const [collapsed, setCollapsed] = useState(readCollapsed);

  const toggle = (next: boolean) => {
    setCollapsed(next);
    try {
      window.localStorage.setItem(collapsedStorageKey, next ? '1' : '0');
    } catch {
      // ignore: the choice lasts for this tab only
    }
  };

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Sider
        width={siderWidth}
        collapsedWidth={collapsedWidth}
        collapsible
        collapsed={collapsed}
        trigger={null}
        breakpoint="lg"
        onBreakpoint={(broken) => broken && setCollapsed(true)}
        style={{ position: 'sticky', top: 0, height: '100vh', overflow: 'auto', boxShadow: '2px 0 8px rgba(0,21,41,0.25)', zIndex: 10 }}
      >
        <Logo collapsed={collapsed} />
        <SideMenu collapsed={collapsed} />
      </Layout.Sider>
      <Layout>
        <Layout.Header
          style={{ position: 'sticky', top: 0, zIndex: 9, display: 'flex', alignItems: 'center', gap: 12, boxShadow: '0 1px 4px rgba(0,21,41,0.08)' }}
        >
          <Tooltip title={collapsed ? t('layout.expand') : t('layout.collapse')}>
            <Button
              type="text"
              icon={collapsed ? <MenuUnfoldOutlined /> : <MenuFoldOutlined />}
              onClick={() => toggle(!collapsed)}
              aria-label={collapsed ? t('layout.expand') : t('layout.collapse')}
              data-testid="sider-toggle"
            />
          </Tooltip>
          <HeaderBreadcrumb />
          <Flex align="center" gap={4} style={{ marginInlineStart: 'auto' }}>
            {canSearchCustomers && <GlobalSearch />}
            <NotificationBell />
            <LanguageSwitch />
            <UserMenu />
          </Flex>
        </Layout.Header>
        <Layout.Content style={{ padding: 20 }}>
          <ErrorBoundary resetKey={location.pathname}>
            <Suspense fallback={<PageSpin />}>
              <Outlet />
            </Suspense>
          </ErrorBoundary>
        </Layout.Content>
        <Layout.Footer style={{ textAlign: 'center', padding: '12px 20px 16px' }}>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('layout.footer')}
          </Typography.Text>
        </Layout.Footer>
      </Layout>
    </Layout>
  );
}
