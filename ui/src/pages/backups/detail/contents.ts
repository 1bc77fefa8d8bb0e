// What a backup holds, from GET /backups/{name}/contents:
//   {"counts": {"deployments.apps": 2, ...}, "resources": {"apps/v1/Deployment": ["shop/payments", "pv-1", ...]}}
// `resources` is Velero's resource list (kind -> "namespace/name", or "name" when cluster-scoped);
// `counts` is keyed by group-resource, the directory the item lives in inside the tarball
// (resources/<resource>[.<group>]/(cluster|namespaces/<ns>)/<name>.json), which is the path
// GET /backups/{name}/items/{path} takes.
import { stringify } from 'yaml';

export interface BackupContents {
  counts: Record<string, number>;
  resources: Record<string, string[]>;
}

export interface ContentItem {
  key: string; // the item's path in the backup
  kindKey: string; // "apps/v1/Deployment"
  kind: string;
  namespace: string; // "" when cluster-scoped
  name: string;
  path: string;
}

export interface NamespaceGroup {
  namespace: string;
  items: ContentItem[];
}

export interface ResourceGroup {
  kindKey: string;
  kind: string;
  apiVersion: string;
  groupResource: string;
  clusterScoped: ContentItem[];
  namespaces: NamespaceGroup[];
  total: number;
}

// Kubernetes' own pluralisation of a kind (gengo's rules), lower-cased.
export function pluralOf(kind: string): string {
  const k = kind.toLowerCase();
  if (/(s|x|z|ch|sh)$/.test(k)) return `${k}es`;
  if (/[^aeiou]y$/.test(k)) return `${k.slice(0, -1)}ies`;
  return `${k}s`;
}

// "apps/v1/Deployment" -> "deployments.apps", "v1/Endpoints" -> "endpoints": the group-resource as
// the backup stores it, found among `counts` keys when they hold it (irregular plurals), else built.
export function groupResourceOf(kindKey: string, counts: Record<string, number> = {}): string {
  const parts = kindKey.split('/');
  const kind = parts[parts.length - 1];
  const group = parts.length >= 3 ? parts.slice(0, -2).join('/') : '';
  const suffix = group ? `.${group}` : '';
  const resources = Object.keys(counts)
    .filter((gr) => (group ? gr.endsWith(suffix) : true))
    .map((gr) => gr.slice(0, gr.length - suffix.length))
    .filter((r) => !r.includes('.'));
  const lower = kind.toLowerCase();
  const plural = pluralOf(kind);
  let resource = [plural, lower].find((r) => resources.includes(r));
  if (!resource) {
    const near = resources.filter((r) => r.startsWith(lower.slice(0, Math.max(1, lower.length - 1))));
    resource = near.length === 1 ? near[0] : plural;
  }
  return resource + suffix;
}

export function itemPath(groupResource: string, namespace: string, name: string): string {
  return namespace
    ? `resources/${groupResource}/namespaces/${namespace}/${name}.json`
    : `resources/${groupResource}/cluster/${name}.json`;
}

// resources -> namespaces -> items, each level sorted; cluster-scoped items sit right under their kind.
export function buildContents(contents: BackupContents): ResourceGroup[] {
  const groups: ResourceGroup[] = [];
  for (const [kindKey, entries] of Object.entries(contents.resources ?? {})) {
    const parts = kindKey.split('/');
    const kind = parts[parts.length - 1];
    const apiVersion = parts.slice(0, -1).join('/');
    const groupResource = groupResourceOf(kindKey, contents.counts);
    const byNamespace = new Map<string, ContentItem[]>();
    const clusterScoped: ContentItem[] = [];
    for (const entry of entries ?? []) {
      const slash = entry.indexOf('/');
      const namespace = slash >= 0 ? entry.slice(0, slash) : '';
      const name = slash >= 0 ? entry.slice(slash + 1) : entry;
      const path = itemPath(groupResource, namespace, name);
      const item: ContentItem = { key: path, kindKey, kind, namespace, name, path };
      if (namespace) byNamespace.set(namespace, [...(byNamespace.get(namespace) ?? []), item]);
      else clusterScoped.push(item);
    }
    const byName = (a: ContentItem, b: ContentItem) => a.name.localeCompare(b.name);
    groups.push({
      kindKey,
      kind,
      apiVersion,
      groupResource,
      clusterScoped: clusterScoped.sort(byName),
      namespaces: [...byNamespace.entries()]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([namespace, items]) => ({ namespace, items: items.sort(byName) })),
      total: (entries ?? []).length,
    });
  }
  return groups.sort((a, b) => a.kind.localeCompare(b.kind) || a.apiVersion.localeCompare(b.apiVersion));
}

// The groups keeping only items whose kind, namespace or name contains `search`.
export function filterContents(groups: ResourceGroup[], search: string): ResourceGroup[] {
  const q = search.trim().toLowerCase();
  if (!q) return groups;
  const hit = (i: ContentItem) =>
    i.name.toLowerCase().includes(q) || i.namespace.toLowerCase().includes(q) || i.kind.toLowerCase().includes(q);
  const out: ResourceGroup[] = [];
  for (const g of groups) {
    const clusterScoped = g.clusterScoped.filter(hit);
    const namespaces = g.namespaces
      .map((n) => ({ namespace: n.namespace, items: n.items.filter(hit) }))
      .filter((n) => n.items.length > 0);
    const total = clusterScoped.length + namespaces.reduce((s, n) => s + n.items.length, 0);
    if (total) out.push({ ...g, clusterScoped, namespaces, total });
  }
  return out;
}

// Every namespace the backup holds (namespaced items' namespaces and Namespace objects).
export function namespacesOf(contents: BackupContents | undefined): string[] {
  const set = new Set<string>();
  for (const [kindKey, entries] of Object.entries(contents?.resources ?? {})) {
    for (const entry of entries ?? []) {
      const slash = entry.indexOf('/');
      if (slash > 0) set.add(entry.slice(0, slash));
      else if (kindKey === 'v1/Namespace') set.add(entry);
    }
  }
  return [...set].sort();
}

// An item as YAML, the way kubectl shows it (managedFields hidden unless asked for).
export function itemYaml(item: unknown, { managedFields = false } = {}): string {
  let shown = item;
  if (!managedFields && item && typeof item === 'object' && !Array.isArray(item)) {
    const obj = item as Record<string, unknown>;
    const metadata = obj.metadata as Record<string, unknown> | undefined;
    if (metadata && typeof metadata === 'object' && 'managedFields' in metadata) {
      const { managedFields: _dropped, ...rest } = metadata;
      void _dropped;
      shown = { ...obj, metadata: rest };
    }
  }
  return stringify(shown, { lineWidth: 0 });
}
