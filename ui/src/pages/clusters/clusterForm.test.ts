import { describe, expect, it } from 'vitest';
import { clusterBody, clusterProblems, environmentBody, readKubeconfig } from './clusterForm';

const KUBECONFIG = `apiVersion: v1
kind: Config
clusters:
- name: kubesim
  cluster: {server: "https://127.0.0.1:6443"}
contexts:
- name: kubesim
  context: {cluster: kubesim, user: admin}
- name: other
  context: {cluster: kubesim, user: admin}
current-context: kubesim
users:
- name: admin
  user: {token: abc}
`;

describe('cluster form', () => {
  it('requires a kubeconfig unless in-cluster', () => {
    expect(clusterProblems({ name: 'c', inCluster: false }).kubeconfig).toMatch(/Paste the kubeconfig/);
    expect(clusterProblems({ name: 'c', inCluster: false, kubeconfig: '   ' }).kubeconfig).toMatch(/Paste the kubeconfig/);
    expect(clusterProblems({ name: 'c', inCluster: true })).toEqual({});
    expect(clusterProblems({ name: 'c', inCluster: false, kubeconfig: KUBECONFIG })).toEqual({});
  });

  it('reads the kubeconfig: YAML, clusters, contexts', () => {
    expect(readKubeconfig('a: [').problem).toMatch(/not YAML/);
    expect(readKubeconfig('- a').problem).toMatch(/mapping/);
    expect(readKubeconfig('apiVersion: v1\nkind: Config\n').problem).toMatch(/no clusters/);
    expect(readKubeconfig(KUBECONFIG)).toEqual({ contexts: ['kubesim', 'other'], currentContext: 'kubesim', problem: null });
  });

  it('checks the context against the kubeconfig', () => {
    expect(clusterProblems({ name: 'c', inCluster: false, kubeconfig: KUBECONFIG, context: 'nope' }).context).toMatch(/no context "nope"/);
    expect(clusterProblems({ name: 'c', inCluster: false, kubeconfig: KUBECONFIG, context: 'other' })).toEqual({});
    const noCurrent = KUBECONFIG.replace('current-context: kubesim\n', '');
    expect(clusterProblems({ name: 'c', inCluster: false, kubeconfig: noCurrent }).context).toMatch(/current-context/);
  });

  it('builds the bodies of POST and PUT', () => {
    expect(clusterBody({ name: ' prod ', inCluster: false, kubeconfig: KUBECONFIG, context: ' other ' }, false)).toEqual({
      name: 'prod',
      kubeconfig: KUBECONFIG,
      context: 'other',
    });
    expect(clusterBody({ name: 'prod', inCluster: true, kubeconfig: KUBECONFIG, context: 'x' }, false)).toEqual({ name: 'prod', inCluster: true });
    expect(clusterBody({ name: 'prod', inCluster: false, kubeconfig: KUBECONFIG }, true)).toEqual({ kubeconfig: KUBECONFIG });
    expect(environmentBody({ name: 'shop-prod', cluster: 'demo', namespace: 'shop', production: true }, false)).toEqual({
      name: 'shop-prod',
      cluster: 'demo',
      namespace: 'shop',
      production: true,
    });
    expect(environmentBody({ name: 'shop-prod', cluster: 'demo', namespace: 'shop', production: false }, true)).toEqual({
      cluster: 'demo',
      namespace: 'shop',
      production: false,
    });
  });
});
