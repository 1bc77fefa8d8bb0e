import { Navigate, Route, Routes, useLocation } from 'react-router-dom';
import { lazy, type ReactNode } from 'react';
import { useAuth } from './auth/AuthContext';
import { AppLayout } from './layout/AppLayout';
import { Loading } from './components/ErrorState';
import LoginPage from './pages/LoginPage';
import { paths } from './routes';

// Each page is its own chunk, loaded when first visited.
const OverviewPage = lazy(() => import('./pages/overview/OverviewPage'));
const BackupAndSchedulePage = lazy(() => import('./pages/backups/BackupAndSchedulePage'));
const BackupDetailPage = lazy(() => import('./pages/backups/BackupDetailPage'));
const ScheduleDetailPage = lazy(() => import('./pages/schedules/ScheduleDetailPage'));
const RestoresPage = lazy(() => import('./pages/restores/RestoresPage'));
const RestoreDetailPage = lazy(() => import('./pages/restores/RestoreDetailPage'));
const BackupLocationsPage = lazy(() => import('./pages/locations/BackupLocationsPage'));
const ClustersPage = lazy(() => import('./pages/clusters/ClustersPage'));

function RequireLogin({ children }: { children: ReactNode }) {
  const { user, checking } = useAuth();
  const location = useLocation();
  if (checking) return <Loading label="Signing in…" />;
  if (!user) return <Navigate to={paths.login} replace state={{ from: location.pathname + location.search }} />;
  return <>{children}</>;
}

export default function App() {
  const { user } = useAuth();
  return (
    <Routes>
      <Route path={paths.login} element={user ? <Navigate to={paths.overview} replace /> : <LoginPage />} />
      <Route
        element={
          <RequireLogin>
            <AppLayout />
          </RequireLogin>
        }
      >
        <Route path="/data-protection-management/overview" element={<OverviewPage />} />
        <Route path="/data-protection-management/backup-and-schedule/:view" element={<BackupAndSchedulePage />} />
        <Route path="/data-protection-management/backup-and-schedule/backups/detail/:name" element={<BackupDetailPage />} />
        <Route path="/data-protection-management/backup-and-schedule/schedules/detail/:name" element={<ScheduleDetailPage />} />
        <Route path="/data-protection-management/restores" element={<RestoresPage />} />
        <Route path="/data-protection-management/restores/:name" element={<RestoreDetailPage />} />
        <Route path="/data-protection-management/backup-locations/:type" element={<BackupLocationsPage />} />
        <Route path="/data-protection-management/backup-locations/:type/:name" element={<BackupLocationsPage />} />
        <Route path={paths.clusters} element={<ClustersPage />} />
        <Route path="*" element={<Navigate to={paths.overview} replace />} />
      </Route>
    </Routes>
  );
}
