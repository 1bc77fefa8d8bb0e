// Clusters & Environments: the clusters Coffer backs up (by kubeconfig) and the environments
// (a cluster's namespace, production or not). The tab is kept in ?tab= so it can be linked.
import { Tabs } from 'antd';
import { useSearchParams } from 'react-router-dom';
import { clustersApi } from '../../api/infrastructure';
import { PageHeader } from '../../components/PageHeader';
import { useLoad } from '../../lib/usePolling';
import { ClustersTab } from './ClustersTab';
import { EnvironmentsTab } from './EnvironmentsTab';

export default function ClustersPage() {
  const [params, setParams] = useSearchParams();
  const tab = params.get('tab') === 'environments' ? 'environments' : 'clusters';
  // One list for both tabs: the environment form picks a cluster and its namespaces.
  const clusters = useLoad(() => clustersApi.all(), [], 30_000);
  return (
    <>
      <PageHeader title="Clusters & Environments" subtitle="The clusters Coffer protects, and their namespaces grouped as environments" />
      <Tabs
        activeKey={tab}
        onChange={(key) => setParams(key === 'clusters' ? {} : { tab: key }, { replace: true })}
        items={[
          { key: 'clusters', label: 'Clusters', children: <ClustersTab list={clusters} /> },
          { key: 'environments', label: 'Environments', children: <EnvironmentsTab clusters={clusters.data ?? []} /> },
        ]}
      />
    </>
  );
}
