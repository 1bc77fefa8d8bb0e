// Kubernetes object names (DNS-1123 subdomains), as backups, schedules, restores and locations use.

export function nameProblem(name: string | undefined, what = 'name'): string | null {
  if (!name || !name.trim()) return `Enter a ${what}`;
  if (name.length > 253) return `The ${what} is ${name.length} characters long; at most 253`;
  if (!/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/.test(name))
    return `Use lowercase letters, digits, "-" and ".", starting and ending with a letter or digit`;
  return null;
}

// Label keys ([prefix/]name) and values, as Kubernetes checks them.
export function labelKeyProblem(key: string): string | null {
  const [prefix, name] = key.includes('/') ? key.split('/', 2) : [undefined, key];
  if (prefix !== undefined && (prefix.length > 253 || !/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/.test(prefix)))
    return `"${prefix}" is not a valid label key prefix (a DNS subdomain)`;
  if (!name || name.length > 63 || !/^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/.test(name))
    return `"${key}" is not a valid label key: at most 63 letters, digits, "-", "_" or ".", starting and ending with a letter or digit`;
  return null;
}

export function labelValueProblem(value: string): string | null {
  if (value === '') return null;
  if (value.length > 63 || !/^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/.test(value))
    return `"${value}" is not a valid label value: at most 63 letters, digits, "-", "_" or "."`;
  return null;
}

// "app=web, tier in (db)"-free simple selectors: "k=v,k2=v2" into a map, with the problems found.
export function parseLabelPairs(text: string): { labels: Record<string, string>; problems: string[] } {
  const labels: Record<string, string> = {};
  const problems: string[] = [];
  for (const part of text.split(',').map((p) => p.trim()).filter(Boolean)) {
    const eq = part.indexOf('=');
    if (eq <= 0) {
      problems.push(`"${part}" is not key=value`);
      continue;
    }
    const key = part.slice(0, eq).trim();
    const value = part.slice(eq + 1).trim();
    const kp = labelKeyProblem(key);
    const vp = labelValueProblem(value);
    if (kp) problems.push(kp);
    if (vp) problems.push(vp);
    labels[key] = value;
  }
  return { labels, problems };
}
