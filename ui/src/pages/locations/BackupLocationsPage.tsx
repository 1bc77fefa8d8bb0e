// Backup Locations (feature spec §3.13): tabs "Volume Snapshot Locations" and "Storage Locations",
// routed at /data-protection-management/backup-locations/:type[/:name].
import { Tabs } from 'antd';
import { Navigate, useNavigate, useParams } from 'react-router-dom';
import { PageHeader } from '../../components/PageHeader';
import { paths } from '../../routes';
import { SnapshotLocationsTab } from './SnapshotLocationsTab';
import { StorageLocationsTab } from './StorageLocationsTab';

type LocationType = 'volume-snapshot' | 'storage';

export default function BackupLocationsPage() {
  const { type, name } = useParams();
  const navigate = useNavigate();
  if (type !== 'volume-snapshot' && type !== 'storage') return <Navigate to={paths.locations()} replace />;

  return (
    <>
      <PageHeader
        title="Backup Locations"
        subtitle="Where backups are stored (object storage) and where volume snapshots are kept"
      />
      <Tabs
        activeKey={type}
        onChange={(key) => navigate(paths.locations(key as LocationType))}
        destroyOnHidden
        items={[
          {
            key: 'volume-snapshot',
            label: 'Volume Snapshot Locations',
            children: <SnapshotLocationsTab />,
          },
          {
            key: 'storage',
            label: 'Storage Locations',
            children: <StorageLocationsTab name={type === 'storage' ? name : undefined} />,
          },
        ]}
      />
    </>
  );
}
