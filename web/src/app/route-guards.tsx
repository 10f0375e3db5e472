import { Flex, Spin } from 'antd';
import type { ReactNode } from 'react';
import { Navigate, Outlet, useLocation } from 'react-router-dom';
import { useAuth } from './auth-context';
import { ForbiddenPage } from './ErrorPages';

export const changePasswordPath = '/change-password';

export function FullPageSpin() {
  return (
    <Flex align="center" justify="center" style={{ minHeight: '100vh' }}>
      <Spin size="large" />
    </Flex>
  );
}

export function PageSpin() {
  return (
    <Flex align="center" justify="center" style={{ minHeight: 320 }}>
      <Spin />
    </Flex>
  );
}

/** Only same-site paths are accepted as a post-login target (no open redirect). */
export function safeRedirectTarget(raw: string | null): string {
  if (!raw || !raw.startsWith('/') || raw.startsWith('//') || raw.startsWith('/login')) return '/';
  return raw;
}

/** Signed-in users only; a pending password change comes before anything else. */
export function RequireAuth() {
  const { me, loading } = useAuth();
  const location = useLocation();
  const here = `${location.pathname}${location.search}`;

  if (loading) return <FullPageSpin />;
  if (!me) return <Navigate to={`/login?redirect=${encodeURIComponent(here)}`} replace />;
  if (me.mustChangePassword && location.pathname !== changePasswordPath) {
    return <Navigate to={`${changePasswordPath}?redirect=${encodeURIComponent(here)}`} replace />;
  }
  return <Outlet />;
}

export function RequirePermission({ permission, children }: { permission: string; children: ReactNode }) {
  const { hasPermission } = useAuth();
  return hasPermission(permission) ? <>{children}</> : <ForbiddenPage />;
}
