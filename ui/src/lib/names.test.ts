import { describe, expect, it } from 'vitest';
import { labelKeyProblem, labelValueProblem, nameProblem, parseLabelPairs } from './names';

describe('names and labels', () => {
  it('takes DNS-1123 subdomains only', () => {
    expect(nameProblem('nightly-shop.v2')).toBeNull();
    expect(nameProblem('')).toMatch(/Enter a name/);
    expect(nameProblem('Nightly')).toMatch(/lowercase/);
    expect(nameProblem('-x')).toMatch(/starting and ending/);
    expect(nameProblem('a'.repeat(254))).toMatch(/at most 253/);
  });
  it('checks label keys and values as Kubernetes does', () => {
    expect(labelKeyProblem('app')).toBeNull();
    expect(labelKeyProblem('app.kubernetes.io/name')).toBeNull();
    expect(labelKeyProblem('Bad Prefix/x')).toMatch(/prefix/);
    expect(labelKeyProblem('x'.repeat(64))).toMatch(/at most 63/);
    expect(labelValueProblem('')).toBeNull();
    expect(labelValueProblem('web_1.a')).toBeNull();
    expect(labelValueProblem('has space')).toMatch(/not a valid label value/);
  });
  it('parses key=value lists and reports each problem', () => {
    expect(parseLabelPairs('app=web, tier=db')).toEqual({ labels: { app: 'web', tier: 'db' }, problems: [] });
    const bad = parseLabelPairs('app, =x, ok=fine, k=bad value');
    expect(bad.labels).toEqual({ ok: 'fine', k: 'bad value' });
    expect(bad.problems).toHaveLength(3);
  });
});
