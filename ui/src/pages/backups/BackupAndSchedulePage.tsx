// Backup & Schedule (feature spec §3.2): the tabs "Backups" and "Backup Schedules" (URL :view =
// backups | schedules) and the "Create Backup" menu.
import { useState } from 'react';
import { Tabs } from 'antd';
import { Navigate, useNavigate, useParams } from 'react-router-dom';
import { useAuth } from '../../auth/AuthContext';
import { PageHeader } from '../../components/PageHeader';
import { paths } from '../../routes';
import { CreateBackupMenu } from './create/CreateBackupMenu';
import { BackupsTable } from './list/BackupsTable';
import { SchedulesTable } from './list/SchedulesTable';

export default function BackupAndSchedulePage() {
  const { view } = useParams();
  const navigate = useNavigate();
  const { canWrite } = useAuth();
  const [scheduleVersion, setScheduleVersion] = useState(0);

  if (view !== 'backups' && view !== 'schedules') return <Navigate to={paths.backups} replace />;

  return (
    <>
      <PageHeader
        title="Backup & Schedule"
        subtitle="Back up clusters now or on a schedule, and manage the backups they produce."
        trail={[{ label: 'Data Protection Management', to: paths.overview }, { label: 'Backup & Schedule' }]}
        actions={
          canWrite && (
            <CreateBackupMenu
              onScheduleCreated={() => {
                setScheduleVersion((v) => v + 1);
                navigate(paths.schedules);
              }}
            />
          )
        }
      />
      <Tabs
        activeKey={view}
        onChange={(key) => navigate(key === 'schedules' ? paths.schedules : paths.backups)}
        destroyOnHidden
        items={[
          { key: 'backups', label: 'Backups', children: <BackupsTable /> },
          { key: 'schedules', label: 'Backup Schedules', children: <SchedulesTable version={scheduleVersion} /> },
        ]}
      />
    </>
  );
}
