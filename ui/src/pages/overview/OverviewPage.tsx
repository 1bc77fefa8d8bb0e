// Overview (feature spec §3.1): a cluster filter, "At a Glance" cards, the "Backup & Restore
// Summary" (status breakdowns, clusters with schedules, unavailable storage locations, paused
// schedules) and "Backup Success Rate by Clusters" with its four sorts. Refreshes every 10 s.
import { useMemo } from 'react';
import { Card, Col, Empty, Progress, Row, Select, Space, Tag, Tooltip, Typography } from 'antd';
import { Link, useSearchParams } from 'react-router-dom';
import { overviewApi, type RateSort } from '../../api/overview';
import { clustersApi, listAll, type StorageLocation } from '../../api/infrastructure';
import { PageHeader } from '../../components/PageHeader';
import { ErrorState, InlineError, Loading } from '../../components/ErrorState';
import { useLoad } from '../../lib/usePolling';
import { formatTime, relativeTime } from '../../lib/format';
import { paths } from '../../routes';
import { StatusBar } from './StatusBar';
import { SummaryList } from './SummaryList';
import { RATE_SORTS, count, formatRate, isRateSort, ratePercent, statusBreakdown } from './overviewModel';

const REFRESH_MS = 10_000;
const ALL = '';

// The few schedule fields the summary needs (GET /schedules).
interface ScheduleRow {
  name: string;
  cluster: string;
  paused: boolean;
  updatedAt: string;
}

// `?cluster=` also filters the linked lists; pages that do not read it show everything.
const withCluster = (path: string, cluster: string) => (cluster ? `${path}?cluster=${encodeURIComponent(cluster)}` : path);

export default function OverviewPage() {
  const [params, setParams] = useSearchParams();
  const cluster = params.get('cluster') ?? ALL;
  const sortParam = params.get('sort');
  const sort: RateSort = isRateSort(sortParam) ? sortParam : 'rate-desc';
  const setParam = (key: string, value: string, fallback: string) => {
    const next = new URLSearchParams(params);
    if (value === fallback) next.delete(key);
    else next.set(key, value);
    setParams(next, { replace: true });
  };

  const clusters = useLoad(() => clustersApi.all(), [], 60_000);
  const overview = useLoad(() => overviewApi.get(cluster || undefined, sort), [cluster, sort], REFRESH_MS);
  // The lists behind the counts: schedules of the selected cluster(s) and unavailable locations.
  const details = useLoad(
    async () => {
      const [schedules, unavailable] = await Promise.all([
        listAll<ScheduleRow>('/schedules', { cluster: cluster || undefined }),
        listAll<StorageLocation>('/locations', { phase: 'Unavailable' }),
      ]);
      return { schedules, unavailable };
    },
    [cluster],
    REFRESH_MS,
  );

  const backupSlices = useMemo(() => statusBreakdown(overview.data?.backupStatus, 'backup'), [overview.data]);
  const restoreSlices = useMemo(() => statusBreakdown(overview.data?.restoreStatus, 'restore'), [overview.data]);
  const schedulesByCluster = useMemo(() => {
    const m = new Map<string, number>();
    for (const s of details.data?.schedules ?? []) m.set(s.cluster, (m.get(s.cluster) ?? 0) + 1);
    return [...m.entries()].sort((a, b) => a[0].localeCompare(b[0]));
  }, [details.data]);
  const paused = (details.data?.schedules ?? []).filter((s) => s.paused);

  const clusterSelect = (
    <Space>
      <label htmlFor="overview-cluster">
        <Typography.Text type="secondary">Cluster</Typography.Text>
      </label>
      <Select
        id="overview-cluster"
        aria-label="Cluster"
        style={{ minWidth: 220 }}
        value={cluster}
        onChange={(v) => setParam('cluster', v, ALL)}
        loading={clusters.loading}
        showSearch={{ optionFilterProp: 'label' }}
        options={[
          { value: ALL, label: 'All clusters' },
          ...(clusters.data ?? []).map((c) => ({ value: c.name, label: c.name })),
          // A cluster in the address that is not (or no longer) registered still shows its name.
          ...(cluster && clusters.data && !clusters.data.some((c) => c.name === cluster) ? [{ value: cluster, label: cluster }] : []),
        ]}
      />
    </Space>
  );

  const header = (
    <PageHeader
      title="Overview"
      subtitle={
        overview.data ? `Backups, restores and schedules ${cluster ? `of cluster ${cluster}` : 'across all clusters'} · refreshes every 10 s` : undefined
      }
      actions={clusterSelect}
    />
  );

  if (overview.loading && !overview.data) return <>{header}<Loading label="Loading the overview…" /></>;
  if (overview.error && !overview.data)
    return (
      <>
        {header}
        <ErrorState error={overview.error} onRetry={overview.reload} />
      </>
    );
  const o = overview.data!;

  const cards: { key: string; title: string; value: number; to?: string; hint: string; warn?: boolean }[] = [
    { key: 'backups', title: 'Backups Initiated', value: count(o.backups), to: withCluster(paths.backups, cluster), hint: 'Backups triggered, on demand or by a schedule' },
    { key: 'restores', title: 'Restores Initiated', value: count(o.restores), to: withCluster(paths.restores, cluster), hint: 'Restore operations started' },
    { key: 'schedules', title: 'Backup Schedules', value: count(o.schedules), to: withCluster(paths.schedules, cluster), hint: 'Schedules configured' },
    { key: 'paused-schedules', title: 'Paused Schedules', value: count(o.pausedSchedules), to: withCluster(paths.schedules, cluster), hint: 'No backups run until they are resumed', warn: count(o.pausedSchedules) > 0 },
    { key: 'clusters-with-schedules', title: 'Clusters with Backup Schedule', value: count(o.clustersWithSchedules), to: paths.clusters, hint: 'Clusters with at least one schedule' },
    { key: 'unavailable-locations', title: 'Unavailable Storage Locations', value: count(o.unavailableLocations), to: paths.locations('storage'), hint: 'Storage locations that failed their last validation (every cluster)', warn: count(o.unavailableLocations) > 0 },
  ];

  return (
    <>
      {header}
      {overview.error ? (
        <div style={{ marginBottom: 12 }}>
          <InlineError error={overview.error} />
        </div>
      ) : null}

      <Typography.Title level={5} style={{ marginTop: 0 }}>
        At a Glance
      </Typography.Title>
      <Row gutter={[16, 16]} style={{ marginBottom: 24 }}>
        {cards.map((c) => (
          <Col key={c.key} xs={24} sm={12} md={8} xl={4}>
            <Card size="small" style={{ height: '100%' }}>
              <section aria-label={c.title}>
                <Tooltip title={c.hint}>
                  <Typography.Text type="secondary">{c.title}</Typography.Text>
                </Tooltip>
                <div
                  data-testid={`overview-${c.key}`}
                  style={{ fontSize: 28, fontWeight: 600, lineHeight: 1.3, color: c.warn ? '#d4380d' : undefined }}
                >
                  {c.value}
                </div>
                {c.to && (
                  <Link to={c.to} aria-label={`View ${c.title}`}>
                    View
                  </Link>
                )}
              </section>
            </Card>
          </Col>
        ))}
      </Row>

      <Typography.Title level={5}>Backup &amp; Restore Summary</Typography.Title>
      <Row gutter={[16, 16]} style={{ marginBottom: 24 }}>
        <Col xs={24} lg={12}>
          <Card size="small" title="Backup Status">
            <StatusBar slices={backupSlices} what="backups" testId="overview-backup-status" />
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card size="small" title="Restore Status">
            <StatusBar slices={restoreSlices} what="restores" testId="overview-restore-status" />
          </Card>
        </Col>
        <Col xs={24} lg={8}>
          <Card size="small" title={`Clusters with Backup Schedule (${count(o.clustersWithSchedules)})`}>
            {details.error ? <InlineError error={details.error} /> : null}
            <SummaryList
              label="Clusters with backup schedules"
              loading={details.loading}
              empty="No cluster has a schedule yet"
              rows={schedulesByCluster.map(([name, n]) => ({
                key: name,
                title: name,
                extra: <Link to={withCluster(paths.schedules, name)}>{n === 1 ? '1 schedule' : `${n} schedules`}</Link>,
              }))}
            />
          </Card>
        </Col>
        <Col xs={24} lg={8}>
          <Card size="small" title={`Unavailable Storage Locations (${count(o.unavailableLocations)})`}>
            {details.error ? <InlineError error={details.error} /> : null}
            <SummaryList
              label="Unavailable storage locations"
              loading={details.loading}
              empty="Every storage location is available"
              rows={(details.data?.unavailable ?? []).map((l) => ({
                key: l.name,
                title: <Link to={`${paths.locations('storage')}/${encodeURIComponent(l.name)}`}>{l.name}</Link>,
                description: (
                  <Typography.Paragraph type="danger" ellipsis={{ rows: 2, tooltip: l.message }} style={{ margin: 0, fontSize: 12 }}>
                    {l.message || 'Unavailable (no reason given)'}
                  </Typography.Paragraph>
                ),
              }))}
            />
            <div style={{ marginTop: 8 }}>
              <Link to={paths.locations('storage')}>Backup Locations</Link>
            </div>
          </Card>
        </Col>
        <Col xs={24} lg={8}>
          <Card size="small" title={`Paused Schedules (${count(o.pausedSchedules)})`}>
            <SummaryList
              label="Paused schedules"
              loading={details.loading}
              empty="No schedule is paused"
              rows={paused.map((sch) => ({
                key: sch.name,
                title: <Link to={paths.scheduleDetail(sch.name)}>{sch.name}</Link>,
                description: <span title={formatTime(sch.updatedAt)}>changed {relativeTime(sch.updatedAt)}</span>,
                extra: <Tag>{sch.cluster}</Tag>,
              }))}
            />
          </Card>
        </Col>
      </Row>

      <Card
        size="small"
        title="Backup Success Rate by Clusters"
        extra={
          <Space>
            <label htmlFor="overview-sort">
              <Typography.Text type="secondary">Sort by</Typography.Text>
            </label>
            <Select
              id="overview-sort"
              aria-label="Sort by"
              style={{ width: 140 }}
              value={sort}
              onChange={(v) => setParam('sort', v, 'rate-desc')}
              options={RATE_SORTS}
            />
          </Space>
        }
      >
        {o.successRateByCluster.length === 0 ? (
          <Empty
            image={Empty.PRESENTED_IMAGE_SIMPLE}
            description="No finished backups yet: the rate appears once a backup has completed or failed"
          />
        ) : (
          <ul aria-label="Backup success rate by cluster" data-testid="overview-success-rates" style={{ listStyle: 'none', margin: 0, padding: 0 }}>
            {o.successRateByCluster.map((r) => (
              <li key={r.cluster} data-cluster={r.cluster} style={{ display: 'flex', alignItems: 'center', gap: 16, padding: '6px 0' }}>
                <Link to={withCluster(paths.backups, r.cluster)} style={{ width: 200, flex: 'none', overflow: 'hidden', textOverflow: 'ellipsis' }}>
                  {r.cluster}
                </Link>
                <Tooltip title={`${r.completed} of ${r.finished} finished backups completed (${formatRate(r.rate)})`}>
                  <div style={{ flex: 1 }}>
                    <Progress
                      percent={ratePercent(r.rate)}
                      format={() => formatRate(r.rate)}
                      status={r.rate >= 0.9 ? 'success' : r.rate < 0.5 ? 'exception' : 'normal'}
                      aria-label={`${r.cluster}: ${formatRate(r.rate)}`}
                    />
                  </div>
                </Tooltip>
                <Typography.Text type="secondary" style={{ width: 110, flex: 'none', textAlign: 'right' }}>
                  {r.completed}/{r.finished} backups
                </Typography.Text>
              </li>
            ))}
          </ul>
        )}
      </Card>
    </>
  );
}
