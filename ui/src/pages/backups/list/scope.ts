// A backup spec's scope in a few words, for lists and detail pages.
import type { BackupSpec } from '../../../api/backups';

const strings = (x: unknown): string[] => (Array.isArray(x) ? x.map(String) : []);

export function namespacesSummary(spec: BackupSpec | undefined, environments?: string | null): string {
  const s = spec ?? {};
  const included = strings(s.includedNamespaces).filter((n) => n !== '*');
  const excluded = strings(s.excludedNamespaces);
  let text: string;
  if (environments === 'production') text = 'All production environments';
  else if (environments === 'non-production') text = 'All non-production environments';
  else if (Array.isArray(s.namespaceSet))
    text = s.namespaceSet.length ? `Environments: ${strings(s.namespaceSet).join(', ')}` : 'Environments (none registered)';
  else text = included.length ? included.join(', ') : 'All namespaces';
  if (excluded.length) text += ` (excluding ${excluded.join(', ')})`;
  return text;
}

export function resourcesSummary(spec: BackupSpec | undefined): string {
  const s = spec ?? {};
  const parts: string[] = [];
  const add = (label: string, key: string) => {
    const v = strings(s[key]);
    if (v.length) parts.push(`${label}: ${v.join(', ')}`);
  };
  add('include', 'includedResources');
  add('exclude', 'excludedResources');
  add('cluster-scoped include', 'includedClusterScopedResources');
  add('cluster-scoped exclude', 'excludedClusterScopedResources');
  add('namespace-scoped include', 'includedNamespaceScopedResources');
  add('namespace-scoped exclude', 'excludedNamespaceScopedResources');
  return parts.length ? parts.join('; ') : 'All resources';
}

export function clusterResourcesSummary(spec: BackupSpec | undefined): string {
  const v = spec?.includeClusterResources;
  return v === true ? 'Include all' : v === false ? 'Exclude all' : 'Auto';
}
