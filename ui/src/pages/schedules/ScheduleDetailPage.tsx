// A schedule's page (feature spec §3.8 "Schedule detail/edit"): its status, timing and scope, the
// actions Pause/Resume, Skip Upcoming Backup, Back up now, Edit and Delete, and the backups it made.
import { useState } from 'react';
import { Button, Card, Descriptions, Space, Tag, Typography } from 'antd';
import {
  DeleteOutlined,
  EditOutlined,
  FastForwardOutlined,
  PauseCircleOutlined,
  PlayCircleOutlined,
  ThunderboltOutlined,
} from '@ant-design/icons';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { schedulesApi, type Schedule } from '../../api/schedules';
import { useAuth } from '../../auth/AuthContext';
import { ErrorState, InlineError, Loading } from '../../components/ErrorState';
import { PageHeader } from '../../components/PageHeader';
import { StatusTag } from '../../components/StatusTag';
import { scheduleStatus } from '../../components/status';
import { formatTime, relativeTime } from '../../lib/format';
import { useLoad } from '../../lib/usePolling';
import { paths } from '../../routes';
import ScheduleFormModal from '../backups/create/ScheduleFormModal';
import { BackupsTable } from '../backups/list/BackupsTable';
import { shortTtl } from '../backups/list/SchedulesTable';
import { clusterResourcesSummary, namespacesSummary, resourcesSummary } from '../backups/list/scope';
import { formatSelector, type LabelSelector } from '../backups/create/backupFormModel';
import { DeleteScheduleModal, useScheduleActions } from './scheduleActions';

function volumeSummary(s: Schedule): string {
  const t = s.template ?? {};
  const parts: string[] = [];
  if (t.snapshotVolumes === true) {
    const vsl = Array.isArray(t.volumeSnapshotLocations) ? t.volumeSnapshotLocations.join(', ') : '';
    parts.push(`Take Snapshot${vsl ? ` (${vsl})` : ''}`);
    if (t.snapshotMoveData) parts.push(`move data${t.datamover ? ` with ${t.datamover}` : ''}`);
  } else parts.push('Skip Volume Snapshot');
  if (t.defaultVolumesToFsBackup) parts.push('file-system backup of all volumes');
  const uploader = t.uploaderConfig as { parallelFilesUpload?: number } | undefined;
  if (uploader?.parallelFilesUpload) parts.push(`${uploader.parallelFilesUpload} parallel uploads`);
  return parts.join('; ');
}

function selectorSummary(s: Schedule): string {
  const t = s.template ?? {};
  const groups: LabelSelector[] = [];
  if (t.labelSelector) groups.push(t.labelSelector as LabelSelector);
  if (Array.isArray(t.orLabelSelectors)) groups.push(...(t.orLabelSelectors as LabelSelector[]));
  return groups.length ? groups.map(formatSelector).join('  OR  ') : 'None';
}

export default function ScheduleDetailPage() {
  const { name = '' } = useParams();
  const navigate = useNavigate();
  const { canWrite } = useAuth();
  const loaded = useLoad(() => schedulesApi.get(name), [name], 10000);
  const [editing, setEditing] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const [backupsVersion, setBackupsVersion] = useState(0);
  const actions = useScheduleActions(() => {
    void loaded.reload();
    setBackupsVersion((v) => v + 1);
  });

  const trail = [
    { label: 'Backup & Schedule', to: paths.backups },
    { label: 'Backup Schedules', to: paths.schedules },
    { label: name },
  ];
  if (loaded.loading) return <Loading label="Loading the schedule…" />;
  if (!loaded.data)
    return (
      <>
        <PageHeader title={name} trail={trail} />
        <ErrorState error={loaded.error} onRetry={() => void loaded.reload()} />
      </>
    );

  const s = loaded.data;
  const labels = ((s.template?.metadata ?? {}) as { labels?: Record<string, string> }).labels ?? {};
  const t = s.template ?? {};
  const policy = t.resourcePolicy as { name?: string } | undefined;

  return (
    <>
      <PageHeader
        title={
          <Space>
            {s.name}
            <StatusTag status={scheduleStatus(s)} />
          </Space>
        }
        subtitle={`${s.description || 'Invalid cron expression'} · cluster ${s.cluster}`}
        trail={trail}
        actions={
          canWrite && (
            <>
              <Button
                icon={s.paused ? <PlayCircleOutlined /> : <PauseCircleOutlined />}
                loading={actions.busy === `${s.paused ? 'resume' : 'pause'}:${s.name}`}
                onClick={() => void actions.pauseOrResume(s)}
              >
                {s.paused ? 'Resume' : 'Pause'}
              </Button>
              <Button icon={<FastForwardOutlined />} disabled={s.paused || s.skipNext} onClick={() => actions.skip(s)}>
                Skip Upcoming Backup
              </Button>
              <Button
                icon={<ThunderboltOutlined />}
                loading={actions.busy === `trigger:${s.name}`}
                onClick={() => void actions.backUpNow(s)}
              >
                Back up now
              </Button>
              <Button icon={<EditOutlined />} onClick={() => setEditing(true)}>
                Edit
              </Button>
              <Button danger icon={<DeleteOutlined />} onClick={() => setDeleting(true)}>
                Delete
              </Button>
            </>
          )
        }
      />
      {loaded.error ? <InlineError error={loaded.error} /> : null}
      <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
        <Card title="Schedule" size="small">
          <Descriptions
            size="small"
            column={{ xs: 1, md: 2, xl: 3 }}
            items={[
              {
                key: 'status',
                label: 'Status',
                children: (
                  <Space>
                    <StatusTag status={scheduleStatus(s)} />
                    {s.skipNext && <Tag>Skipping next run</Tag>}
                  </Space>
                ),
              },
              {
                key: 'cron',
                label: 'Cron',
                children: (
                  <Space orientation="vertical" size={0}>
                    <span>{s.description || 'Invalid expression'}</span>
                    <Typography.Text code>{s.schedule}</Typography.Text>
                  </Space>
                ),
              },
              {
                key: 'next',
                label: 'Next Run',
                children: s.paused ? 'Paused' : s.nextRunAt ? `${formatTime(s.nextRunAt)} (${relativeTime(s.nextRunAt)})` : '—',
              },
              {
                key: 'last',
                label: 'Last Backup',
                children: s.lastBackup ? (
                  <span>
                    <Link to={paths.backupDetail(s.lastBackup)}>{s.lastBackup}</Link> · {formatTime(s.lastBackupAt)}
                  </span>
                ) : (
                  'Never'
                ),
              },
              { key: 'skipped', label: 'Last Skipped', children: s.lastSkippedAt ? formatTime(s.lastSkippedAt) : '—' },
              { key: 'ttl', label: 'Backup TTL', children: shortTtl(s.ttl) },
              { key: 'cluster', label: 'Cluster', children: s.cluster },
              { key: 'location', label: 'Storage Location', children: s.location || 'The default location at each run' },
              { key: 'created', label: 'Created', children: `${formatTime(s.createdAt)} by ${s.createdBy || '—'}` },
            ]}
          />
        </Card>
        <Card title="Backup Scope & Policy" size="small">
          <Descriptions
            size="small"
            column={{ xs: 1, md: 2 }}
            items={[
              { key: 'ns', label: 'Namespaces', children: namespacesSummary(t, s.environments) },
              { key: 'res', label: 'Resources', children: resourcesSummary(t) },
              { key: 'icr', label: 'Include Cluster Resources', children: clusterResourcesSummary(t) },
              { key: 'sel', label: 'Label Selectors', children: selectorSummary(s) },
              { key: 'policy', label: 'Resources Policy', children: policy?.name ? `ConfigMap ${policy.name}` : 'None' },
              {
                key: 'labels',
                label: 'Labels',
                children: Object.keys(labels).length
                  ? Object.entries(labels).map(([k, v]) => <Tag key={k}>{`${k}=${v}`}</Tag>)
                  : 'None',
              },
              { key: 'vol', label: 'Volume Data', children: volumeSummary(s) },
              {
                key: 'timeouts',
                label: 'Timeouts',
                children: `CSI snapshot ${typeof t.csiSnapshotTimeout === 'string' ? t.csiSnapshotTimeout : '10m (default)'} · item operations ${typeof t.itemOperationTimeout === 'string' ? t.itemOperationTimeout : '4h (default)'}`,
              },
            ]}
          />
        </Card>
        <Card title="Backups of this schedule" size="small">
          <BackupsTable fixed={{ schedule: s.name }} version={backupsVersion} />
        </Card>
      </Space>
      <ScheduleFormModal open={editing} schedule={s} onClose={() => setEditing(false)} onSaved={() => void loaded.reload()} />
      <DeleteScheduleModal
        schedule={deleting ? s : null}
        onClose={() => setDeleting(false)}
        onDeleted={() => navigate(paths.schedules)}
      />
    </>
  );
}
