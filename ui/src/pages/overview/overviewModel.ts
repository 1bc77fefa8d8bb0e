// Pure helpers of the Overview page: status breakdowns, rates and sort options.
import type { RateSort } from '../../api/overview';
import { backupStatus, restoreStatus, type Tone } from '../../components/status';

export interface StatusSlice {
  label: string;
  tone: Tone;
  count: number;
  phases: string[]; // the Velero phases counted under this label
}

// Spec §3.1: the Overview calls the running states "In Progress" (the lists say Creating /
// Progressing). Everything else keeps the label of §4.1 / §4.3.
const ORDER = ['Completed', 'In Progress', 'Partially Failed', 'Failed', 'Expired', 'Deleting'];

// Phase counts ({"Completed": 3, "FailedValidation": 1, "Failed": 2}) as one slice per status
// label ("Failed": 3), in a fixed order, without empty slices.
export function statusBreakdown(counts: Record<string, number> | undefined, kind: 'backup' | 'restore'): StatusSlice[] {
  const byLabel = new Map<string, StatusSlice>();
  for (const [phase, raw] of Object.entries(counts ?? {})) {
    const count = Number(raw) || 0;
    if (count <= 0) continue;
    const status = kind === 'backup' ? backupStatus(phase) : restoreStatus(phase);
    const label = status.tone === 'processing' ? 'In Progress' : status.label;
    const slice = byLabel.get(label) ?? { label, tone: status.tone, count: 0, phases: [] };
    slice.count += count;
    slice.phases.push(phase);
    byLabel.set(label, slice);
  }
  const rank = (label: string) => {
    const i = ORDER.indexOf(label);
    return i < 0 ? ORDER.length : i;
  };
  return [...byLabel.values()].sort((a, b) => rank(a.label) - rank(b.label) || a.label.localeCompare(b.label));
}

export const total = (slices: StatusSlice[]) => slices.reduce((n, s) => n + s.count, 0);

// 0.75 → "75%", 2/3 → "66.7%", 1 → "100%".
export function formatRate(rate: number): string {
  if (!Number.isFinite(rate)) return '—';
  const pct = Math.round(Math.min(Math.max(rate, 0), 1) * 1000) / 10;
  return `${pct}%`;
}

// Rate as a 0..100 number for a progress bar.
export const ratePercent = (rate: number) => (Number.isFinite(rate) ? Math.round(Math.min(Math.max(rate, 0), 1) * 1000) / 10 : 0);

// The spec's four sort options (§3.1) and the API's names for them.
export const RATE_SORTS: { value: RateSort; label: string }[] = [
  { value: 'rate-desc', label: 'High to Low' },
  { value: 'rate-asc', label: 'Low to High' },
  { value: 'name-asc', label: 'A to Z' },
  { value: 'name-desc', label: 'Z to A' },
];

export const isRateSort = (s: string | null): s is RateSort => RATE_SORTS.some((o) => o.value === s);

export const TONE_COLORS: Record<Tone, string> = {
  success: '#52c41a',
  processing: '#1677ff',
  error: '#ff4d4f',
  warning: '#faad14',
  default: '#bfbfbf',
};

// A whole number for a card; missing figures read as 0 (an older server may omit one).
export const count = (n: number | undefined | null) => (typeof n === 'number' && Number.isFinite(n) ? n : 0);
