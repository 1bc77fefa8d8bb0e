import { describe, expect, it } from 'vitest';
import { count, formatRate, isRateSort, ratePercent, statusBreakdown, total } from './overviewModel';

describe('overview figures', () => {
  it('groups backup phases under the status labels, running ones as "In Progress"', () => {
    const slices = statusBreakdown(
      { Failed: 2, Completed: 5, FailedValidation: 1, InProgress: 1, New: 2, PartiallyFailed: 1, Deleting: 0 },
      'backup',
    );
    expect(slices.map((s) => [s.label, s.count])).toEqual([
      ['Completed', 5],
      ['In Progress', 3],
      ['Partially Failed', 1],
      ['Failed', 3],
    ]);
    expect(slices.find((s) => s.label === 'Failed')!.phases.sort()).toEqual(['Failed', 'FailedValidation']);
    expect(total(slices)).toBe(12);
  });

  it('uses the restore vocabulary for restores and survives missing data', () => {
    expect(statusBreakdown({ WaitingForPluginOperations: 1, Completed: 2 }, 'restore').map((s) => s.label)).toEqual([
      'Completed',
      'In Progress',
    ]);
    expect(statusBreakdown(undefined, 'restore')).toEqual([]);
    // A phase the UI does not know still shows, after the known ones.
    expect(statusBreakdown({ Mystery: 1, Completed: 1 }, 'backup').map((s) => s.label)).toEqual(['Completed', 'Mystery']);
  });

  it('formats rates as percentages with at most one decimal', () => {
    expect(formatRate(0.75)).toBe('75%');
    expect(formatRate(2 / 3)).toBe('66.7%');
    expect(formatRate(1)).toBe('100%');
    expect(formatRate(0)).toBe('0%');
    expect(formatRate(Number.NaN)).toBe('—');
    expect(ratePercent(1.2)).toBe(100);
    expect(ratePercent(0.1234)).toBe(12.3);
  });

  it('accepts only the four sorts, and counts missing figures as 0', () => {
    expect(isRateSort('rate-asc')).toBe(true);
    expect(isRateSort('name-desc')).toBe(true);
    expect(isRateSort('rate')).toBe(false);
    expect(isRateSort(null)).toBe(false);
    expect(count(undefined)).toBe(0);
    expect(count(7)).toBe(7);
  });
});
