// A restore's detail, "Inspecting Restore" (feature spec §3.12): a left panel with its status,
// source, target, timing, progress and result (Cancel while it runs), and tabs with its
// Namespace Mapping, its Manifest (the Velero Restore it corresponds to) and its Logs.
import { useState, type ReactNode } from 'react';
import { Card, Col, Descriptions, Progress, Row, Space, Table, Tabs, Tag, Typography } from 'antd';
import { Link, useParams, useSearchParams } from 'react-router-dom';
import { stringify } from 'yaml';
import { backupsApi } from '../../api/backups';
import { restoresApi, type Restore } from '../../api/restores';
import { useAuth } from '../../auth/AuthContext';
import { CancelRunButton } from '../../components/CancelRunButton';
import { ErrorState, Loading } from '../../components/ErrorState';
import { PageHeader } from '../../components/PageHeader';
import { StatusTag } from '../../components/StatusTag';
import { isRunningPhase, restoreStatus } from '../../components/status';
import { elapsed, formatTime } from '../../lib/format';
import { useLoad } from '../../lib/usePolling';
import { paths } from '../../routes';
import { clusterResourcesText, selectorText } from '../backups/detail/BackupSummary';
import { CodeBlock } from '../backups/detail/CodeBlock';
import { LogPanel } from '../backups/detail/LogPanel';

// The velero.io/v1 Restore this record corresponds to (status included once there is one).
export function restoreManifest(r: Restore): string {
  const doc: Record<string, unknown> = {
    apiVersion: 'velero.io/v1',
    kind: 'Restore',
    metadata: { name: r.name },
    spec: r.spec ?? {},
  };
  if (r.status && Object.keys(r.status).length) doc.status = r.status;
  return stringify(doc, { lineWidth: 0 });
}

const none = <Typography.Text type="secondary">—</Typography.Text>;

function tags(values: string[] | undefined, empty: ReactNode = none): ReactNode {
  if (!values?.length) return empty;
  return (
    <Space size={[4, 4]} wrap>
      {values.map((v) => (
        <Tag key={v} style={{ marginInlineEnd: 0 }}>
          {v}
        </Tag>
      ))}
    </Space>
  );
}

export function RestoreProgress({ restore }: { restore: Restore }) {
  const { itemsRestored, totalItems } = restore.progress ?? { itemsRestored: 0, totalItems: 0 };
  const running = isRunningPhase(restore.phase);
  const percent = totalItems > 0 ? Math.floor((itemsRestored / totalItems) * 100) : restore.phase === 'Completed' ? 100 : 0;
  return (
    <Progress
      percent={percent}
      size="small"
      aria-label="Items restored"
      status={running ? 'active' : restore.phase === 'Completed' ? 'success' : restore.phase.includes('Failed') ? 'exception' : 'normal'}
      format={() => `${itemsRestored} / ${totalItems || (running ? '?' : 0)}`}
    />
  );
}

export default function RestoreDetailPage() {
  const { name = '' } = useParams();
  const { canWrite } = useAuth();
  const [params, setParams] = useSearchParams();
  const [running, setRunning] = useState(false);
  const loaded = useLoad(
    async () => {
      const r = await restoresApi.get(name);
      setRunning(isRunningPhase(r.phase));
      return r;
    },
    [name],
    1500,
    running,
  );
  const restore = loaded.data;
  // When the source backup was taken ("Backup name + timestamp", §3.12); it may be gone by now.
  const source = useLoad(() => (restore?.backup ? backupsApi.get(restore.backup) : Promise.resolve(undefined)), [restore?.backup]);

  if (loaded.loading) return <Loading label="Loading the restore…" />;
  if (!restore) return <ErrorState error={loaded.error} onRetry={() => void loaded.reload()} />;

  const status = restoreStatus(restore.phase);
  const spec = restore.spec ?? {};
  const mapping = Object.entries(spec.namespaceMapping ?? {});
  const selector = [selectorText(spec.labelSelector), ...(spec.orLabelSelectors ?? []).map(selectorText)].filter(Boolean).join('  OR  ');
  const tab = params.get('tab') ?? 'mapping';

  const cancel = canWrite && running && (
    <CancelRunButton
      what="restore"
      name={restore.name}
      description="It stops between items and ends Failed; what it already restored stays in the cluster."
      cancel={restoresApi.cancel}
      onDone={loaded.reload}
    />
  );

  const items: { label: string; children: ReactNode }[] = [
    { label: 'Status', children: <span data-testid="restore-status"><StatusTag status={status} title={restore.phase} /></span> },
    { label: 'Resources', children: <RestoreProgress restore={restore} /> },
    {
      label: 'Warnings & Errors',
      children: (
        <span>
          <Typography.Text type={restore.warnings ? 'warning' : undefined}>{restore.warnings} warnings</Typography.Text>
          {', '}
          <Typography.Text type={restore.errors ? 'danger' : undefined}>{restore.errors} errors</Typography.Text>
        </span>
      ),
    },
    ...(restore.failureReason
      ? [{ label: 'Failure Reason', children: <Typography.Text type="danger">{restore.failureReason}</Typography.Text> }]
      : []),
    {
      label: 'Restored From Backup',
      children: restore.backup ? (
        <span>
          <Link to={paths.backupDetail(restore.backup)}>{restore.backup}</Link>
          {source.data && (
            <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12 }}>
              {formatTime(source.data.createdAt)} · cluster {source.data.cluster}
            </Typography.Text>
          )}
        </span>
      ) : (
        none
      ),
    },
    { label: 'Target Cluster', children: restore.cluster },
    { label: 'Created By', children: restore.createdBy || none },
    { label: 'Created', children: formatTime(restore.createdAt) },
    { label: 'Started', children: restore.startedAt ? formatTime(restore.startedAt) : running ? 'Queued' : none },
    { label: 'Completed', children: restore.completedAt ? formatTime(restore.completedAt) : running ? 'Running' : none },
    {
      label: 'Duration',
      children: restore.startedAt ? elapsed(restore.startedAt, running ? null : restore.completedAt) : none,
    },
    { label: 'Included Namespaces', children: tags(spec.includedNamespaces, 'All namespaces') },
    ...(spec.excludedNamespaces?.length ? [{ label: 'Excluded Namespaces', children: tags(spec.excludedNamespaces) }] : []),
    { label: 'Included Resources', children: tags(spec.includedResources, 'All resources') },
    { label: 'Excluded Resources', children: tags(spec.excludedResources, 'Nodes, events and Velero objects (always)') },
    { label: 'Cluster Resources', children: clusterResourcesText(spec.includeClusterResources) },
    { label: 'Existing Resource Policy', children: spec.existingResourcePolicy === 'update' ? 'Update Resources' : 'Skip Resources' },
    ...(selector ? [{ label: 'Label Selector', children: <Typography.Text code>{selector}</Typography.Text> }] : []),
    ...(spec.resourceModifier
      ? [{ label: 'Resource Modifiers', children: `ConfigMap ${spec.resourceModifier.namespace ? `${spec.resourceModifier.namespace}/` : ''}${spec.resourceModifier.name}` }]
      : []),
    ...(spec.itemOperationTimeout ? [{ label: 'Item Operation Timeout', children: spec.itemOperationTimeout }] : []),
  ];

  return (
    <div>
      <PageHeader
        trail={[{ label: 'Restores', to: paths.restores }, { label: restore.name }]}
        title={restore.name}
        subtitle={
          <>
            Restore of <Typography.Text strong>{restore.backup}</Typography.Text> into cluster{' '}
            <Typography.Text strong>{restore.cluster}</Typography.Text>
          </>
        }
        actions={cancel || undefined}
      />
      {loaded.error ? (
        <Typography.Paragraph type="warning" role="status">
          Live updates paused: {(loaded.error as Error).message}
        </Typography.Paragraph>
      ) : null}
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={9}>
          <Card size="small" title="Summary" aria-label="Restore summary">
            <Descriptions
              size="small"
              column={1}
              colon={false}
              items={items.map((i) => ({ key: i.label, ...i }))}
              styles={{ label: { width: 150 } }}
            />
          </Card>
        </Col>
        <Col xs={24} lg={15}>
          <Card size="small">
            <Tabs
              activeKey={tab}
              onChange={(key) =>
                setParams(
                  (p) => {
                    const next = new URLSearchParams(p);
                    next.set('tab', key);
                    return next;
                  },
                  { replace: true },
                )
              }
              items={[
                {
                  key: 'mapping',
                  label: 'Namespace Mapping',
                  children: (
                    <Table
                      size="small"
                      rowKey="source"
                      pagination={false}
                      aria-label="Namespace Mapping"
                      dataSource={mapping.map(([s, t]) => ({ source: s, target: t }))}
                      locale={{ emptyText: 'No namespace mapping: each namespace is restored under its own name.' }}
                      columns={[
                        { title: 'Source Namespace', dataIndex: 'source' },
                        { title: '', key: 'arrow', width: 40, render: () => <span aria-hidden="true">→</span> },
                        { title: 'Target Namespace', dataIndex: 'target' },
                      ]}
                    />
                  ),
                },
                {
                  key: 'manifest',
                  label: 'Manifest',
                  children: (
                    <CodeBlock text={restoreManifest(restore)} label={`Manifest of restore ${restore.name}`} filename={`restore-${restore.name}.yaml`} testId="restore-manifest" />
                  ),
                },
                {
                  key: 'logs',
                  label: 'Logs',
                  children: <LogPanel load={() => restoresApi.logs(restore.name)} name={restore.name} what="restore" running={running} />,
                },
              ]}
            />
          </Card>
        </Col>
      </Row>
    </div>
  );
}
