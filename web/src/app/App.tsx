import { lazy, Suspense } from 'react';
import { Route, Routes } from 'react-router-dom';
import { AppLayout } from './AppLayout';
import { ErrorBoundary } from './ErrorBoundary';
import { NotFoundPage } from './ErrorPages';
import { pageRoutes } from './pages';
import { changePasswordPath, FullPageSpin, RequireAuth, RequirePermission } from './route-guards';

const LoginPage = lazy(() => import('../features/auth/LoginPage').then((module) => ({ default: module.LoginPage })));
const ChangePasswordPage = lazy(() =>
  import('../features/auth/ChangePasswordPage').then((module) => ({ default: module.ChangePasswordPage })),
);
const PublicSurveyPage = lazy(() => import('../features/service/PublicSurveyPage').then((module) => ({ default: module.PublicSurveyPage })));
const HomePage = lazy(() => import('../features/home/HomePage').then((module) => ({ default: module.HomePage })));

export function App() {
  return (
    <ErrorBoundary>
      <Suspense fallback={<FullPageSpin />}>
        <Routes>
          <Route path="/login" element={<LoginPage />} />
          {/* The one-time survey link needs no account (R-SVC-22). */}
          <Route path="/s/:token" element={<PublicSurveyPage />} />
          <Route element={<RequireAuth />}>
            <Route path={changePasswordPath} element={<ChangePasswordPage />} />
            <Route element={<AppLayout />}>
              <Route index element={<HomePage />} />
              {pageRoutes.map(({ path, permission, Component }) => (
                <Route
                  key={path}
                  path={path}
                  element={
                    permission ? (
                      <RequirePermission permission={permission}>
                        <Component />
                      </RequirePermission>
                    ) : (
                      <Component />
                    )
                  }
                />
              ))}
              <Route path="*" element={<NotFoundPage />} />
            </Route>
          </Route>
        </Routes>
      </Suspense>
    </ErrorBoundary>
  );
}
