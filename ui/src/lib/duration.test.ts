import { describe, expect, it } from 'vitest';
import { durationProblem, formatGoDuration, parseGoDuration } from './duration';

describe('Go durations', () => {
  it('parses what Velero takes', () => {
    expect(parseGoDuration('720h')).toBe(2592000);
    expect(parseGoDuration('1h30m')).toBe(5400);
    expect(parseGoDuration('45s')).toBe(45);
    expect(parseGoDuration('1.5h')).toBe(5400);
    expect(parseGoDuration('500ms')).toBeCloseTo(0.5);
    expect(parseGoDuration('0')).toBe(0);
  });
  it('refuses what is not a duration', () => {
    for (const bad of ['', '30', 'h', '1d', '1h 30m', '-5m', '5m trailing', 'abc']) expect(parseGoDuration(bad)).toBeNull();
  });
  it('names the problem, and lets an optional field be empty', () => {
    expect(durationProblem('')).toBeNull();
    expect(durationProblem('', { required: true })).toMatch(/Enter a duration/);
    expect(durationProblem('3 days')).toMatch(/"3 days" is not a duration/);
    expect(durationProblem('72h')).toBeNull();
  });
  it('formats seconds as the shortest duration', () => {
    expect(formatGoDuration(2592000)).toBe('720h');
    expect(formatGoDuration(5400)).toBe('1h30m');
    expect(formatGoDuration(45)).toBe('45s');
    expect(formatGoDuration(3661)).toBe('1h1m1s');
    expect(formatGoDuration(0)).toBe('0s');
  });
});
