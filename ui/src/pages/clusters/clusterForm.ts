// The cluster and environment forms' model: checks made before sending, the request bodies of
// POST/PUT /clusters and /environments (src/server/app/api_infrastructure.cpp) and where the
// server's 422 problems go.
import { parse } from 'yaml';
import type { ClusterBody, EnvironmentBody } from '../../api/infrastructure';
import type { FieldMap } from '../../components/formErrors';

export interface ClusterFormValues {
  name: string;
  inCluster: boolean;
  kubeconfig?: string;
  context?: string;
}

export interface EnvironmentFormValues {
  name: string;
  cluster?: string;
  namespace?: string;
  production: boolean;
}

export interface KubeconfigInfo {
  contexts: string[];
  currentContext: string | null;
  problem: string | null;
}

// What a kubeconfig holds, read in the browser to offer its contexts and catch a wrong file
// early; the server checks it for real (it must also reach the cluster).
export function readKubeconfig(text: string | undefined): KubeconfigInfo {
  const none: KubeconfigInfo = { contexts: [], currentContext: null, problem: null };
  if (!text || !text.trim()) return { ...none, problem: 'Paste the kubeconfig (YAML) or upload its file' };
  let doc: unknown;
  try {
    doc = parse(text);
  } catch (e) {
    return { ...none, problem: `This is not YAML: ${(e as Error).message.split('\n')[0]}` };
  }
  if (!doc || typeof doc !== 'object' || Array.isArray(doc)) return { ...none, problem: 'A kubeconfig is a YAML mapping (apiVersion: v1, kind: Config, …)' };
  const d = doc as { clusters?: unknown; contexts?: unknown; 'current-context'?: unknown };
  if (!Array.isArray(d.clusters) || d.clusters.length === 0) return { ...none, problem: 'This kubeconfig has no clusters' };
  const contexts = Array.isArray(d.contexts)
    ? d.contexts.map((c) => (c && typeof c === 'object' ? String((c as { name?: unknown }).name ?? '') : '')).filter(Boolean)
    : [];
  const current = typeof d['current-context'] === 'string' && d['current-context'] ? d['current-context'] : null;
  return { contexts, currentContext: current, problem: null };
}

// The problems of the cluster form, by field (empty: none).
export function clusterProblems(v: ClusterFormValues): Partial<Record<keyof ClusterFormValues, string>> {
  const out: Partial<Record<keyof ClusterFormValues, string>> = {};
  if (v.inCluster) return out;
  const info = readKubeconfig(v.kubeconfig);
  if (info.problem) out.kubeconfig = info.problem;
  const ctx = (v.context ?? '').trim();
  if (!info.problem && ctx && info.contexts.length > 0 && !info.contexts.includes(ctx))
    out.context = `The kubeconfig has no context "${ctx}"; it has ${info.contexts.join(', ')}`;
  if (!info.problem && !ctx && !info.currentContext)
    out.context = 'The kubeconfig sets no current-context: choose one of its contexts';
  return out;
}

export function clusterBody(v: ClusterFormValues, editing: boolean): ClusterBody {
  const body: ClusterBody = editing ? {} : { name: v.name.trim() };
  if (v.inCluster) return { ...body, inCluster: true };
  body.kubeconfig = v.kubeconfig ?? '';
  const ctx = (v.context ?? '').trim();
  if (ctx) body.context = ctx;
  return body;
}

export function environmentBody(v: EnvironmentFormValues, editing: boolean): EnvironmentBody {
  const body: EnvironmentBody = { cluster: v.cluster ?? '', namespace: v.namespace ?? '', production: !!v.production };
  return editing ? body : { name: v.name.trim(), ...body };
}

export const CLUSTER_FIELDS: FieldMap = {
  name: 'name',
  kubeconfig: 'kubeconfig',
  context: 'context',
  inCluster: 'inCluster',
};

export const ENVIRONMENT_FIELDS: FieldMap = {
  name: 'name',
  cluster: 'cluster',
  namespace: 'namespace',
  production: 'production',
};
