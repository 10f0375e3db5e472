import { lazy, Suspense } from 'react';
import { Route, Routes } from 'react-router-dom';
import { AppLayout } from './AppLayout';
import { ErrorBoundary } from './ErrorBoundary';
import { NotFoundPage } from './ErrorPages';
import { changePasswordPath, FullPageSpin, RequireAuth, RequirePermission } from './route-guards';

// Every page is its own chunk so the first load stays small.
const LoginPage = lazy(() => import('../features/auth/LoginPage').then((module) => ({ default: module.LoginPage })));
const ChangePasswordPage = lazy(() =>
  import('../features/auth/ChangePasswordPage').then((module) => ({ default: module.ChangePasswordPage })),
);
const HomePage = lazy(() => import('../features/home/HomePage').then((module) => ({ default: module.HomePage })));
const OrgUnitsPage = lazy(() => import('../features/org/OrgUnitsPage').then((module) => ({ default: module.OrgUnitsPage })));
const UsersPage = lazy(() => import('../features/users/UsersPage').then((module) => ({ default: module.UsersPage })));
const RolesPage = lazy(() => import('../features/roles/RolesPage').then((module) => ({ default: module.RolesPage })));
const AuditPage = lazy(() => import('../features/audit/AuditPage').then((module) => ({ default: module.AuditPage })));

export function App() {
  return (
    <ErrorBoundary>
      <Suspense fallback={<FullPageSpin />}>
        <Routes>
          <Route path="/login" element={<LoginPage />} />
          <Route element={<RequireAuth />}>
            <Route path={changePasswordPath} element={<ChangePasswordPage />} />
            <Route element={<AppLayout />}>
              <Route index element={<HomePage />} />
              <Route
                path="system/org-units"
                element={
                  <RequirePermission permission="org:read">
                    <OrgUnitsPage />
                  </RequirePermission>
                }
              />
              <Route
                path="system/users"
                element={
                  <RequirePermission permission="user:read">
                    <UsersPage />
                  </RequirePermission>
                }
              />
              <Route
                path="system/roles"
                element={
                  <RequirePermission permission="role:read">
                    <RolesPage />
                  </RequirePermission>
                }
              />
              <Route
                path="system/audit"
                element={
                  <RequirePermission permission="audit:read">
                    <AuditPage />
                  </RequirePermission>
                }
              />
              <Route path="*" element={<NotFoundPage />} />
            </Route>
          </Route>
        </Routes>
      </Suspense>
    </ErrorBoundary>
  );
}
