// The backup detail's cards: live progress, Timing, Scope, Locations and Result.
import type { ReactNode } from 'react';
import { Card, Col, Descriptions, Progress, Row, Space, Tag, Tooltip, Typography } from 'antd';
import { Link } from 'react-router-dom';
import type { Backup } from '../../../api/backups';
import { isRunningPhase } from '../../../components/status';
import { elapsed, formatBytes, formatTime, relativeTime } from '../../../lib/format';
import { paths } from '../../../routes';

const none = <Typography.Text type="secondary">—</Typography.Text>;

function list(values: unknown, empty: ReactNode = none): ReactNode {
  const items = Array.isArray(values) ? (values as unknown[]).map(String).filter(Boolean) : [];
  if (!items.length) return empty;
  return (
    <Space size={[4, 4]} wrap>
      {items.map((v) => (
        <Tag key={v} style={{ marginInlineEnd: 0 }}>
          {v}
        </Tag>
      ))}
    </Space>
  );
}

interface Selector {
  matchLabels?: Record<string, string>;
  matchExpressions?: { key: string; operator: string; values?: string[] }[];
}

// {matchLabels, matchExpressions} as kubectl's selector text: "app=web, tier in (db,cache)".
export function selectorText(selector: unknown): string {
  if (!selector || typeof selector !== 'object') return '';
  const s = selector as Selector;
  const parts = Object.entries(s.matchLabels ?? {}).map(([k, v]) => `${k}=${v}`);
  for (const e of s.matchExpressions ?? []) {
    const op = e.operator;
    if (op === 'Exists') parts.push(e.key);
    else if (op === 'DoesNotExist') parts.push(`!${e.key}`);
    else parts.push(`${e.key} ${op === 'NotIn' ? 'notin' : 'in'} (${(e.values ?? []).join(',')})`);
  }
  return parts.join(', ');
}

export function clusterResourcesText(value: unknown): string {
  if (value === true) return 'Include all';
  if (value === false) return 'Exclude all';
  return 'Auto';
}

export function BackupProgress({ backup }: { backup: Backup }) {
  const { itemsBackedUp, totalItems } = backup.progress ?? { itemsBackedUp: 0, totalItems: 0 };
  const running = isRunningPhase(backup.phase);
  const percent = totalItems > 0 ? Math.floor((itemsBackedUp / totalItems) * 100) : backup.phase === 'Completed' ? 100 : 0;
  const status = running ? 'active' : backup.phase === 'Completed' ? 'success' : backup.phase.includes('Failed') ? 'exception' : 'normal';
  return (
    <Card size="small" style={{ marginBottom: 16 }} aria-label="Progress">
      <Row gutter={24} align="middle">
        <Col flex="auto">
          <Typography.Text strong>Items backed up</Typography.Text>
          <Progress
            percent={percent}
            status={status}
            aria-label="Items backed up"
            format={() => `${itemsBackedUp} / ${totalItems || (running ? '?' : 0)}`}
          />
        </Col>
        <Col>
          <Typography.Text type="secondary">{running ? 'Elapsed' : 'Duration'}</Typography.Text>
          <div style={{ fontSize: 18, fontWeight: 600 }} data-testid="backup-elapsed">
            {backup.startedAt ? elapsed(backup.startedAt, running ? null : backup.completedAt) : running ? 'Waiting to start' : '—'}
          </div>
        </Col>
      </Row>
    </Card>
  );
}

function expiry(backup: Backup): ReactNode {
  if (!backup.expiresAt) return none;
  const past = new Date(backup.expiresAt).getTime() <= Date.now();
  return (
    <Tooltip title={formatTime(backup.expiresAt)}>
      <span>
        {past || backup.phase === 'Expired' ? (
          <Tag color="default">Expired {relativeTime(backup.expiresAt)}</Tag>
        ) : (
          <>
            {formatTime(backup.expiresAt)}{' '}
            <Typography.Text type="secondary">({relativeTime(backup.expiresAt)})</Typography.Text>
          </>
        )}
      </span>
    </Tooltip>
  );
}

export function BackupSections({ backup }: { backup: Backup }) {
  const spec = backup.spec ?? {};
  const status = ((backup as unknown as { status?: Record<string, unknown> }).status ?? {}) as Record<string, unknown>;
  const running = isRunningPhase(backup.phase);
  const selector = selectorText(spec.labelSelector);
  const orSelectors = Array.isArray(spec.orLabelSelectors) ? (spec.orLabelSelectors as unknown[]).map(selectorText) : [];
  const validationErrors = Array.isArray(status.validationErrors) ? (status.validationErrors as string[]) : [];
  const namespaceSet = Array.isArray(spec.namespaceSet) ? (spec.namespaceSet as string[]) : [];
  const labels = Object.entries(backup.labels ?? {});

  const card = (title: string, items: { label: string; children: ReactNode }[]) => (
    <Card title={title} size="small" style={{ height: '100%' }}>
      <Descriptions
        size="small"
        column={1}
        colon={false}
        items={items.map((i) => ({ key: i.label, ...i }))}
        styles={{ label: { width: 170 } }}
      />
    </Card>
  );

  return (
    <Row gutter={[16, 16]} style={{ marginBottom: 16 }}>
      <Col xs={24} xl={12}>
        {card('Timing', [
          { label: 'Created', children: formatTime(backup.createdAt) },
          { label: 'Started', children: backup.startedAt ? formatTime(backup.startedAt) : running ? 'Queued' : none },
          { label: 'Completed', children: backup.completedAt ? formatTime(backup.completedAt) : running ? 'Running' : none },
          { label: 'Duration', children: backup.startedAt ? elapsed(backup.startedAt, running ? null : backup.completedAt) : none },
          { label: backup.expiresAt && new Date(backup.expiresAt).getTime() <= Date.now() ? 'Expired' : 'Expires', children: expiry(backup) },
          { label: 'TTL', children: spec.ttl ? String(spec.ttl) : '720h (default)' },
        ])}
      </Col>
      <Col xs={24} xl={12}>
        {card('Scope', [
          { label: 'Cluster', children: backup.cluster || none },
          {
            label: 'Namespaces included',
            children: namespaceSet.length ? list(namespaceSet) : list(spec.includedNamespaces, 'All namespaces'),
          },
          { label: 'Namespaces excluded', children: list(spec.excludedNamespaces) },
          { label: 'Resources included', children: list(spec.includedResources, 'All resources') },
          { label: 'Resources excluded', children: list(spec.excludedResources) },
          {
            label: 'Label selector',
            children:
              selector || orSelectors.length ? (
                <Typography.Text code>{[selector, ...orSelectors].filter(Boolean).join('  OR  ')}</Typography.Text>
              ) : (
                none
              ),
          },
          { label: 'Cluster resources', children: clusterResourcesText(spec.includeClusterResources) },
          {
            label: 'Schedule',
            children: backup.schedule ? <Link to={paths.scheduleDetail(backup.schedule)}>{backup.schedule}</Link> : 'Manual backup',
          },
          { label: 'Created By', children: backup.createdBy || none },
          ...(labels.length
            ? [{ label: 'Labels', children: list(labels.map(([k, v]) => `${k}=${v}`)) }]
            : []),
        ])}
      </Col>
      <Col xs={24} xl={12}>
        {card('Locations', [
          {
            label: 'Storage location',
            children: backup.location ? <Link to={`${paths.locations('storage')}/${encodeURIComponent(backup.location)}`}>{backup.location}</Link> : none,
          },
          { label: 'Volume snapshot locations', children: list(spec.volumeSnapshotLocations) },
          {
            label: 'Volume data',
            children:
              spec.snapshotVolumes === false
                ? 'Volumes not snapshotted'
                : spec.defaultVolumesToFsBackup
                  ? 'File system backup'
                  : spec.snapshotMoveData
                    ? 'Snapshot with data movement'
                    : 'Snapshots (when configured)',
          },
        ])}
      </Col>
      <Col xs={24} xl={12}>
        {card('Result', [
          {
            label: 'Errors',
            children: <Typography.Text type={backup.errors ? 'danger' : undefined}>{backup.errors ?? 0}</Typography.Text>,
          },
          {
            label: 'Warnings',
            children: <Typography.Text type={backup.warnings ? 'warning' : undefined}>{backup.warnings ?? 0}</Typography.Text>,
          },
          { label: 'Size', children: backup.sizeBytes ? formatBytes(backup.sizeBytes) : running ? 'Measured as it runs' : none },
          {
            label: 'Failure reason',
            children: backup.failureReason ? <Typography.Text type="danger">{backup.failureReason}</Typography.Text> : none,
          },
          ...(validationErrors.length
            ? [
                {
                  label: 'Validation errors',
                  children: (
                    <ul style={{ margin: 0, paddingInlineStart: 18 }}>
                      {validationErrors.map((e) => (
                        <li key={e}>
                          <Typography.Text type="danger">{e}</Typography.Text>
                        </li>
                      ))}
                    </ul>
                  ),
                },
              ]
            : []),
          ...(backup.synced ? [{ label: 'Origin', children: 'Found in the storage location (synced)' }] : []),
        ])}
      </Col>
    </Row>
  );
}
