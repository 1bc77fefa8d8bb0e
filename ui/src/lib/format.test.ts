import { describe, expect, it } from 'vitest';
import { elapsed, formatBytes, formatSeconds, relativeTime } from './format';

describe('formatting', () => {
  it('reads sizes in binary units', () => {
    expect(formatBytes(0)).toBe('0 B');
    expect(formatBytes(1536)).toBe('1.5 KiB');
    expect(formatBytes(5 * 1024 * 1024 * 1024)).toBe('5.0 GiB');
    expect(formatBytes(null)).toBe('—');
  });
  it('reads durations in units', () => {
    expect(formatSeconds(0)).toBe('0s');
    expect(formatSeconds(3725)).toBe('1h 2m 5s');
    expect(formatSeconds(90061)).toBe('1d 1h 1m 1s');
  });
  it('measures elapsed time up to now while running', () => {
    const now = new Date('2026-11-25T10:00:00Z');
    expect(elapsed('2026-11-25T09:58:30Z', null, now)).toBe('1m 30s');
    expect(elapsed('2026-11-25T09:00:00Z', '2026-11-25T09:00:42Z', now)).toBe('42s');
    expect(elapsed(null, null, now)).toBe('—');
  });
  it('says how long ago or ahead', () => {
    const now = new Date('2026-11-25T10:00:00Z');
    expect(relativeTime('2026-11-25T09:57:00Z', now)).toMatch(/3 minutes ago/);
    expect(relativeTime('2026-11-27T10:00:00Z', now)).toMatch(/in 2 days/);
  });
});
