import { lazy, type ReactNode, Suspense } from 'react';
import { Link, Navigate, Route, Routes, useLocation } from 'react-router-dom';
import { AppLayout } from './components/app-layout';
import { lazyWithAntd } from './components/lazy-with-antd';
import { PageSpinner } from './components/ui/spinner';
import { StatusPage } from './components/ui/status-page';
import { ROLE_ZH } from './lib/labels';
import { rolesOf } from './lib/pages';
import { homeOf, useSession } from './lib/session';

// One chunk per page: a rep on a phone never downloads the lexicon editor or the team charts.
// Sign-in, 我的通话 and the call page draw with the app's own components (components/ui); the
// other pages come with antd and its providers, so the first page a rep opens downloads no antd
// at all, and a call opened from a link shows its scores and transcript without antd.
const MyCallsPage = lazy(() => import('./pages/my-calls.page'));
// Sign-in too: a visit with a token (a call opened from a link) never needs its form.
const SignInPage = lazy(() => import('./pages/sign-in.page').then((m) => ({ default: m.SignInPage })));
const CallDetailPage = lazy(() => import('./pages/call-detail.page'));
const ReviewsPage = lazyWithAntd(() => import('./pages/reviews.page').then((m) => m.default));
const LexiconsPage = lazyWithAntd(() => import('./pages/lexicons.page').then((m) => m.default));
const ModelsPage = lazyWithAntd(() => import('./pages/models.page').then((m) => m.default));
const TeamPage = lazyWithAntd(() => import('./pages/team.page').then((m) => m.default));
const FeedbackPackPage = lazyWithAntd(() => import('./pages/feedback-pack.page').then((m) => m.default));
const GrowthPage = lazyWithAntd(() => import('./pages/growth.page').then((m) => m.default));
const SettingsPage = lazyWithAntd(() => import('./pages/settings.page').then((m) => m.default));

/**
 * A page offered only to some roles: anyone else gets a Chinese 无权限 page with the way home,
 * never the page's buttons failing one by one.
 */
function ForRoles({ page, children }: { page: string; children: ReactNode }) {
  const { me, has } = useSession();
  const roles = rolesOf(page);
  if (has(...roles)) return children;
  return (
    <StatusPage
      code="403"
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
  if (loading) return <PageSpinner />;
  if (!me) {
    if (location.pathname === '/signin')
      return (
        <Suspense fallback={<PageSpinner />}>
          <SignInPage />
        </Suspense>
      );
    return (
      <Navigate to={`/signin?next=${encodeURIComponent(location.pathname + location.search)}`} replace />
    );
  }
  return (
    <AppLayout>
      <Suspense fallback={<PageSpinner />}>
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
            element={<StatusPage code="404" title="页面不存在" subTitle="请从上方菜单进入。" />}
          />
        </Routes>
      </Suspense>
    </AppLayout>
  );
}
