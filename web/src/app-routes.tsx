import { Spin } from 'antd';
import { lazy, type ReactNode, Suspense } from 'react';
import { Link, Navigate, Route, Routes, useLocation } from 'react-router-dom';
import { AppLayout } from './components/app-layout';
import { ROLE_ZH } from './lib/labels';
import { rolesOf } from './lib/pages';
import { homeOf, useSession } from './lib/session';

// One chunk per page: a rep on a phone never downloads the lexicon editor or the team charts.
const MyCallsPage = lazy(() => import('./pages/my-calls.page'));
const CallDetailPage = lazy(() => import('./pages/call-detail.page'));
const ReviewsPage = lazy(() => import('./pages/reviews.page'));
const LexiconsPage = lazy(() => import('./pages/lexicons.page'));
const ModelsPage = lazy(() => import('./pages/models.page'));
const TeamPage = lazy(() => import('./pages/team.page'));
const FeedbackPackPage = lazy(() => import('./pages/feedback-pack.page'));
const GrowthPage = lazy(() => import('./pages/growth.page'));
const SettingsPage = lazy(() => import('./pages/settings.page'));
// Sign-in too: a visit with a token (a call opened from a link) never needs its form.
const SignInPage = lazy(() => import('./pages/sign-in.page').then((m) => ({ default: m.SignInPage })));
// antd's Result carries its 403/404 illustrations: only a wrong address or role downloads them.
const Result = lazy(() => import('antd/es/result'));

const spinner = (
  <div style={{ padding: 64, textAlign: 'center' }}>
    <Spin size="large" />
  </div>
);

/**
 * A page offered only to some roles: anyone else gets a Chinese 无权限 page with the way home,
 * never the page's buttons failing one by one.
 */
function ForRoles({ page, children }: { page: string; children: ReactNode }) {
  const { me, has } = useSession();
  const roles = rolesOf(page);
  if (has(...roles)) return children;
  return (
    <Result
      status="403"
      title="无权限"
      subTitle={`这个页面只对${roles.map((r) => ROLE_ZH[r]).join('、')}开放。`}
      extra={<Link to={me ? homeOf(me) : '/'}>返回首页</Link>}
      data-testid="forbidden"
    />
  );
}

export function AppRoutes() {
  const { me, loading } = useSession();
  const location = useLocation();
  if (loading) return spinner;
  if (!me) {
    if (location.pathname === '/signin')
      return (
        <Suspense fallback={spinner}>
          <SignInPage />
        </Suspense>
      );
    return (
      <Navigate to={`/signin?next=${encodeURIComponent(location.pathname + location.search)}`} replace />
    );
  }
  return (
    <AppLayout>
      <Suspense fallback={spinner}>
        <Routes>
          <Route path="/" element={<Navigate to={homeOf(me)} replace />} />
          <Route path="/signin" element={<Navigate to={homeOf(me)} replace />} />
          <Route path="/calls" element={<MyCallsPage />} />
          <Route path="/calls/:id" element={<CallDetailPage />} />
          <Route
            path="/growth"
            element={
              <ForRoles page="/growth">
                <GrowthPage />
              </ForRoles>
            }
          />
          <Route
            path="/reviews"
            element={
              <ForRoles page="/reviews">
                <ReviewsPage />
              </ForRoles>
            }
          />
          <Route
            path="/lexicons"
            element={
              <ForRoles page="/lexicons">
                <LexiconsPage />
              </ForRoles>
            }
          />
          <Route
            path="/models"
            element={
              <ForRoles page="/models">
                <ModelsPage />
              </ForRoles>
            }
          />
          <Route
            path="/team"
            element={
              <ForRoles page="/team">
                <TeamPage />
              </ForRoles>
            }
          />
          <Route
            path="/settings"
            element={
              <ForRoles page="/settings">
                <SettingsPage />
              </ForRoles>
            }
          />
          <Route path="/team/packs/:id" element={<FeedbackPackPage />} />
          <Route
            path="*"
            element={<Result status="404" title="页面不存在" subTitle="请从上方菜单进入。" />}
          />
        </Routes>
      </Suspense>
    </AppLayout>
  );
}
