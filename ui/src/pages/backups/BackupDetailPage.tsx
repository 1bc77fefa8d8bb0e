// A backup's detail (feature spec §3.7): status and actions (Restore, Download, Cancel, Delete),
// live progress while it runs, its timing, scope, locations and result, and tabs with its
// contents (browsable item by item), its log and its manifest.
import { useState } from 'react';
import { App, Button, Tabs, Tooltip, Typography } from 'antd';
import { DeleteOutlined, DownloadOutlined, RollbackOutlined } from '@ant-design/icons';
import { useNavigate, useParams, useSearchParams } from 'react-router-dom';
import { backupsApi, type Backup } from '../../api/backups';
import { useAuth } from '../../auth/AuthContext';
import { CancelRunButton } from '../../components/CancelRunButton';
import { ConfirmDelete } from '../../components/ConfirmDelete';
import { ErrorState, Loading } from '../../components/ErrorState';
import { PageHeader } from '../../components/PageHeader';
import { StatusTag } from '../../components/StatusTag';
import { backupStatus, isRunningPhase } from '../../components/status';
import { useLoad } from '../../lib/usePolling';
import { paths } from '../../routes';
import NewRestoreModal from '../restores/NewRestoreModal';
import { BackupContentsTab } from './detail/BackupContents';
import { BackupProgress, BackupSections } from './detail/BackupSummary';
import { CodeBlock } from './detail/CodeBlock';
import { LogPanel } from './detail/LogPanel';
import { stringify } from 'yaml';

const RESTORABLE = ['Completed', 'PartiallyFailed'];

// The Velero Backup custom resource this record corresponds to.
export function backupManifest(b: Backup): string {
  const metadata: Record<string, unknown> = { name: b.name };
  if (b.labels && Object.keys(b.labels).length) metadata.labels = b.labels;
  const status = (b as unknown as { status?: unknown }).status;
  return stringify(
    { apiVersion: 'velero.io/v1', kind: 'Backup', metadata, spec: b.spec ?? {}, ...(status ? { status } : {}) },
    { lineWidth: 0 },
  );
}

export default function BackupDetailPage() {
  const { name = '' } = useParams();
  const navigate = useNavigate();
  const { canWrite } = useAuth();
  const { message } = App.useApp();
  const [params, setParams] = useSearchParams();
  const [restoreOpen, setRestoreOpen] = useState(false);
  const [deleteOpen, setDeleteOpen] = useState(false);
  const [running, setRunning] = useState(false);

  const loaded = useLoad(
    async () => {
      const b = await backupsApi.get(name);
      setRunning(isRunningPhase(b.phase));
      return b;
    },
    [name],
    1500,
    running,
  );
  const backup = loaded.data;
  const trail = [{ label: 'Backup & Schedule', to: paths.backups }, { label: name }];

  if (loaded.loading) return <Loading label="Loading the backup…" />;
  if (!backup) return <ErrorState error={loaded.error} onRetry={() => void loaded.reload()} />;

  const status = backupStatus(backup.phase);
  const restorable = RESTORABLE.includes(backup.phase);
  const tab = params.get('tab') ?? 'contents';

  const actions = (
    <>
      {canWrite && (
        <Tooltip title={restorable ? undefined : 'Only Completed or Partially Failed backups can be restored'}>
          <Button type="primary" icon={<RollbackOutlined />} disabled={!restorable} onClick={() => setRestoreOpen(true)}>
            Restore
          </Button>
        </Tooltip>
      )}
      <Tooltip title={restorable ? undefined : 'The tarball is stored when the backup completes'}>
        <Button
          icon={<DownloadOutlined />}
          disabled={!restorable}
          onClick={async () => {
            try {
              await backupsApi.download(backup.name);
            } catch (e) {
              message.error(`Could not download: ${(e as Error).message}`);
            }
          }}
        >
          Download
        </Button>
      </Tooltip>
      {canWrite && running && (
        <CancelRunButton
          what="backup"
          name={backup.name}
          description="It stops within a second and ends Failed; nothing is kept in the bucket."
          cancel={backupsApi.cancel}
          onDone={loaded.reload}
        />
      )}
      {canWrite && (
        <Tooltip title={running ? 'A running backup can be deleted once it has finished' : undefined}>
          <Button danger icon={<DeleteOutlined />} disabled={running || backup.phase === 'Deleting'} onClick={() => setDeleteOpen(true)}>
            Delete
          </Button>
        </Tooltip>
      )}
    </>
  );

  return (
    <div>
      <PageHeader
        trail={trail}
        title={
          <span style={{ display: 'inline-flex', gap: 12, alignItems: 'center', flexWrap: 'wrap' }}>
            {backup.name}
            <span style={{ fontSize: 14, fontWeight: 'normal' }} data-testid="backup-status">
              <StatusTag status={status} title={backup.phase} />
            </span>
          </span>
        }
        subtitle={
          <>
            Backup of cluster <Typography.Text strong>{backup.cluster}</Typography.Text> into{' '}
            <Typography.Text strong>{backup.location}</Typography.Text>
          </>
        }
        actions={actions}
      />
      {loaded.error ? (
        <Typography.Paragraph type="warning" role="status">
          Live updates paused: {(loaded.error as Error).message}
        </Typography.Paragraph>
      ) : null}

      <BackupProgress backup={backup} />
      <BackupSections backup={backup} />

      <Tabs
        activeKey={tab}
        onChange={(key) => setParams((p) => {
          const next = new URLSearchParams(p);
          next.set('tab', key);
          return next;
        }, { replace: true })}
        items={[
          {
            key: 'contents',
            label: 'Contents',
            children: restorable ? (
              <BackupContentsTab backup={backup.name} />
            ) : (
              <Typography.Paragraph type="secondary" style={{ padding: 24 }}>
                {running
                  ? 'The contents can be browsed once the backup has completed.'
                  : `This backup is ${status.label}; it has no contents to browse.`}
              </Typography.Paragraph>
            ),
          },
          {
            key: 'logs',
            label: 'Logs',
            children: <LogPanel load={() => backupsApi.logs(backup.name)} name={backup.name} what="backup" running={running} />,
          },
          {
            key: 'manifest',
            label: 'Manifest',
            children: <CodeBlock text={backupManifest(backup)} label={`Manifest of backup ${backup.name}`} filename={`${backup.name}.yaml`} />,
          },
        ]}
      />

      <NewRestoreModal open={restoreOpen} backup={backup.name} onClose={() => setRestoreOpen(false)} />
      <ConfirmDelete
        open={deleteOpen}
        title={`Delete backup ${backup.name}?`}
        typeToConfirm={backup.name}
        onClose={() => setDeleteOpen(false)}
        onConfirm={async () => {
          await backupsApi.remove(backup.name);
          message.success(`Deleting backup ${backup.name}`);
          navigate(paths.backups);
        }}
      >
        <Typography.Paragraph>
          The backup&apos;s tarball, log and metadata are removed from storage location{' '}
          <Typography.Text strong>{backup.location}</Typography.Text>. This cannot be undone.
        </Typography.Paragraph>
      </ConfirmDelete>
    </div>
  );
}
