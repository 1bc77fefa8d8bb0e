import { describe, expect, it, vi } from 'vitest';
import type { FormInstance } from 'antd';
import { ApiError } from '../api/client';
import { applyServerErrors, formFieldFor, problemRule } from './formErrors';

describe('server field errors on forms', () => {
  const map = { name: 'name', 'spec.ttl': 'ttl', 'spec.includedNamespaces': ['scope', 'namespaces'] };

  it('finds a field by its path or the longest mapped prefix', () => {
    expect(formFieldFor('spec.ttl', map)).toBe('ttl');
    expect(formFieldFor('spec.includedNamespaces[2]', map)).toEqual(['scope', 'namespaces']);
    expect(formFieldFor('spec.unknownField', map)).toBeUndefined();
  });

  it('puts each problem on its field and answers the rest', () => {
    const setFields = vi.fn();
    const form = { setFields } as unknown as FormInstance;
    const error = new ApiError(422, 'Invalid', 'invalid request', [
      { field: 'spec.ttl', message: 'not a duration' },
      { field: 'spec.includedNamespaces[0]', message: 'bad glob' },
      { field: 'spec.includedNamespaces[1]', message: 'bad glob too' },
      { field: 'spec.hooks', message: 'unknown field' },
    ]);
    const leftover = applyServerErrors(form, error, map);
    expect(leftover).toEqual(['spec.hooks: unknown field']);
    expect(setFields).toHaveBeenCalledWith([
      { name: 'ttl', errors: ['not a duration'] },
      { name: ['scope', 'namespaces'], errors: ['bad glob', 'bad glob too'] },
    ]);
  });

  it('answers the message of an error without fields', () => {
    const form = { setFields: vi.fn() } as unknown as FormInstance;
    expect(applyServerErrors(form, new ApiError(409, 'Conflict', 'backup "x" exists'), map)).toEqual(['backup "x" exists']);
    expect(form.setFields).not.toHaveBeenCalled();
  });
});

describe('problem rules', () => {
  it("reject with the check's message and accept when it answers none", async () => {
    const rule = problemRule((v: string | undefined) => (v === 'bad' ? 'not that one' : null));
    await expect(rule.validator(undefined, 'bad')).rejects.toThrow('not that one');
    await expect(rule.validator(undefined, 'good')).resolves.toBeUndefined();
  });
});
