// A short list inside a summary card (antd's List is deprecated in v6): a row per item with a
// title, an optional description and something on the right.
import type { ReactNode } from 'react';
import { Empty, Spin } from 'antd';

export interface SummaryRow {
  key: string;
  title: ReactNode;
  description?: ReactNode;
  extra?: ReactNode;
}

export function SummaryList({ rows, loading, empty, label }: { rows: SummaryRow[]; loading?: boolean; empty: string; label: string }) {
  if (loading && rows.length === 0) return <Spin size="small" aria-label={`Loading ${label}`} />;
  if (rows.length === 0) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={empty} style={{ margin: '8px 0' }} />;
  return (
    <ul aria-label={label} style={{ listStyle: 'none', margin: 0, padding: 0, maxHeight: 240, overflow: 'auto' }}>
      {rows.map((r) => (
        <li key={r.key} style={{ display: 'flex', gap: 12, alignItems: 'flex-start', padding: '6px 0', borderBottom: '1px solid #f0f0f0' }}>
          <div style={{ flex: 1, minWidth: 0 }}>
            <div>{r.title}</div>
            {r.description && <div style={{ color: '#6b7280', fontSize: 12 }}>{r.description}</div>}
          </div>
          {r.extra && <div style={{ flex: 'none' }}>{r.extra}</div>}
        </li>
      ))}
    </ul>
  );
}
