// Server validation errors (422 {"fields": [{"field": "spec.ttl", "message"}]}) shown next to the
// form field they concern.
import type { FormInstance } from 'antd';
import { ApiError } from '../api/client';

// An antd Form rule from a check that answers the problem's message, or null when the value is
// fine: one way for every field to say what is wrong with it.
export function problemRule<V = string | undefined>(check: (value: V) => string | null | undefined) {
  return {
    validator: async (_: unknown, value: V) => {
      const problem = check(value);
      if (problem) throw new Error(problem);
    },
  };
}

// Server field path → form field name (a name or a path array); undefined: no field shows it.
export type FieldMap = Record<string, string | (string | number)[]>;

// Puts each server problem on its form field; answers the messages no field took (to show above
// the form), or [the error's message] for errors that name no field.
export function applyServerErrors(form: FormInstance, error: unknown, fieldMap: FieldMap): string[] {
  if (!(error instanceof ApiError)) return [(error as Error)?.message ?? String(error)];
  if (error.fields.length === 0) return [error.message];
  const leftover: string[] = [];
  const byField = new Map<string, { name: string | (string | number)[]; errors: string[] }>();
  for (const problem of error.fields) {
    const name = formFieldFor(problem.field, fieldMap);
    if (name === undefined) {
      leftover.push(`${problem.field}: ${problem.message}`);
      continue;
    }
    const key = JSON.stringify(name);
    const entry = byField.get(key) ?? { name, errors: [] };
    entry.errors.push(problem.message);
    byField.set(key, entry);
  }
  form.setFields([...byField.values()].map(({ name, errors }) => ({ name, errors })));
  return leftover;
}

// The exact path, else its longest mapped prefix ("spec.includedNamespaces[2]" → the field of
// "spec.includedNamespaces").
export function formFieldFor(path: string, fieldMap: FieldMap): string | (string | number)[] | undefined {
  let p = path;
  for (;;) {
    if (p in fieldMap) return fieldMap[p];
    const cut = Math.max(p.lastIndexOf('.'), p.lastIndexOf('['));
    if (cut <= 0) return undefined;
    p = p.slice(0, cut);
  }
}
