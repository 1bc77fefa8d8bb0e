// Go durations ("720h", "1h30m", "45s"), as Velero's TTL and timeouts take them.

const UNIT_SECONDS: Record<string, number> = { ns: 1e-9, us: 1e-6, 'µs': 1e-6, ms: 1e-3, s: 1, m: 60, h: 3600 };

// Seconds, or null when `text` is not a Go duration.
export function parseGoDuration(text: string): number | null {
  const t = text.trim();
  if (t === '0') return 0;
  const re = /(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)/gy;
  let total = 0;
  let matched = 0;
  let m: RegExpExecArray | null;
  while ((m = re.exec(t)) !== null) {
    total += parseFloat(m[1]) * UNIT_SECONDS[m[2]];
    matched = re.lastIndex;
  }
  if (matched === 0 || matched !== t.length) return null;
  return total;
}

// An error message for a duration field, or null when it is valid (empty is valid when optional).
export function durationProblem(text: string | undefined, { required = false } = {}): string | null {
  if (!text || !text.trim()) return required ? 'Enter a duration, e.g. 720h, 4h or 30m' : null;
  if (parseGoDuration(text) === null) return `"${text}" is not a duration: use a number and a unit, e.g. 720h, 1h30m, 10m or 45s`;
  return null;
}

// Seconds as the shortest Go duration: 2592000 → "720h", 5400 → "1h30m".
export function formatGoDuration(seconds: number): string {
  if (seconds <= 0) return '0s';
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = Math.round(seconds % 60);
  return `${h ? `${h}h` : ''}${m ? `${m}m` : ''}${s || (!h && !m) ? `${s}s` : ''}`;
}
