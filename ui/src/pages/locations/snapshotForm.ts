// The volume snapshot location form: its values and the body of POST /snapshot-locations
// (src/server/app/api_infrastructure.cpp `snapshot_location_from`).
import type { SnapshotLocationBody } from '../../api/infrastructure';
import type { FieldMap } from '../../components/formErrors';
import type { KeyValue } from './locationForm';

export interface SnapshotFormValues {
  name: string;
  provider: string;
  config?: KeyValue[];
  credentialMode: 'none' | 'sealed' | 'secret';
  credentialData?: string;
  secretName?: string;
  secretKey?: string;
  secretCluster?: string;
  secretNamespace?: string;
}

export function snapshotBody(v: SnapshotFormValues): SnapshotLocationBody {
  const body: SnapshotLocationBody = { name: v.name.trim(), provider: v.provider };
  const config: Record<string, string> = {};
  for (const row of v.config ?? []) {
    const key = (row.key ?? '').trim();
    if (key) config[key] = (row.value ?? '').trim();
  }
  if (Object.keys(config).length) body.config = config;
  if (v.credentialMode === 'sealed') body.credential = { mode: 'sealed', data: v.credentialData ?? '' };
  if (v.credentialMode === 'secret') {
    body.credential = {
      mode: 'secret',
      secretName: (v.secretName ?? '').trim(),
      secretKey: (v.secretKey ?? '').trim(),
      cluster: v.secretCluster ?? '',
    };
    const ns = (v.secretNamespace ?? '').trim();
    if (ns) body.credential.namespace = ns;
  }
  return body;
}

export const SNAPSHOT_FIELDS: FieldMap = {
  name: 'name',
  provider: 'provider',
  'credential.mode': 'credentialMode',
  'credential.data': 'credentialData',
  'credential.secretName': 'secretName',
  'credential.secretKey': 'secretKey',
  'credential.cluster': 'secretCluster',
  'credential.namespace': 'secretNamespace',
};
