// The "Preview" step of New Restore: what the restore would do, item by item (POST
// /restores/preview), as a summary per action and a table with the diffs of updated items.
import { useMemo, useState } from 'react';
import { Alert, Radio, Space, Table, Tag, Typography } from 'antd';
import type { PreviewItem, RestorePreview } from '../../api/restores';

export const ACTION_ORDER = ['create', 'update', 'skip', 'fail'];
const ACTION_COLOR: Record<string, string> = { create: 'green', update: 'blue', skip: 'default', fail: 'red' };
const ACTION_LABEL: Record<string, string> = { create: 'Create', update: 'Update', skip: 'Skip', fail: 'Fail' };

export const actionLabel = (action: string) => ACTION_LABEL[action] ?? action.charAt(0).toUpperCase() + action.slice(1);

// The summary's actions in a stable order (known ones first), with zero for missing known ones.
export function summaryEntries(summary: Record<string, number>): [string, number][] {
  const extra = Object.keys(summary).filter((a) => !ACTION_ORDER.includes(a)).sort();
  return [...ACTION_ORDER, ...extra].map((a) => [a, summary[a] ?? 0]);
}

// A unified diff with added, removed and hunk lines coloured.
export function DiffBlock({ diff, label }: { diff: string; label: string }) {
  const lines = diff.replace(/\n$/, '').split('\n');
  return (
    <pre className="code-block" aria-label={label} role="region" tabIndex={0} style={{ maxHeight: 360 }}>
      {lines.map((line, i) => {
        const cls = line.startsWith('+++') || line.startsWith('---')
          ? 'diff-file'
          : line.startsWith('+')
            ? 'diff-add'
            : line.startsWith('-')
              ? 'diff-del'
              : line.startsWith('@@')
                ? 'diff-hunk'
                : 'diff-ctx';
        const color = { 'diff-file': '#94a3b8', 'diff-add': '#86efac', 'diff-del': '#fca5a5', 'diff-hunk': '#7dd3fc', 'diff-ctx': undefined }[cls];
        const background = cls === 'diff-add' ? 'rgba(34,197,94,0.12)' : cls === 'diff-del' ? 'rgba(239,68,68,0.12)' : undefined;
        return (
          <div key={i} className={cls} style={{ color, background }}>
            {line || ' '}
          </div>
        );
      })}
    </pre>
  );
}

export function RestorePreviewView({ preview, mapping }: { preview: RestorePreview; mapping: Record<string, string> }) {
  const [action, setAction] = useState<string>('all');
  const entries = summaryEntries(preview.summary ?? {});
  const total = preview.items.length;
  // The items name the target namespace; the mapping tells where each came from.
  const sourceOf = useMemo(() => {
    const m = new Map<string, string>();
    for (const [src, dst] of Object.entries(mapping)) m.set(dst, src);
    return m;
  }, [mapping]);
  const rows = useMemo(
    () =>
      preview.items
        .map((item, i) => ({ ...item, key: `${i}` }))
        .filter((item) => action === 'all' || item.action === action),
    [preview.items, action],
  );
  const failed = preview.phase === 'FailedValidation' || preview.phase === 'Failed';

  return (
    <div data-testid="restore-preview">
      {failed && (
        <Alert
          type="error"
          showIcon
          role="alert"
          style={{ marginBottom: 12 }}
          title={`The restore would end ${preview.phase}`}
          description={
            preview.validationErrors?.length ? (
              <ul style={{ margin: 0, paddingInlineStart: 18 }}>
                {preview.validationErrors.map((e) => (
                  <li key={e}>{e}</li>
                ))}
              </ul>
            ) : undefined
          }
        />
      )}
      <div aria-label="Preview summary" role="group" style={{ display: 'flex', gap: 12, flexWrap: 'wrap', marginBottom: 12 }}>
        {entries.map(([a, n]) => (
          <div
            key={a}
            data-testid={`preview-count-${a}`}
            style={{ border: '1px solid #e5e7eb', borderRadius: 8, padding: '8px 16px', minWidth: 110, background: '#fff' }}
          >
            <Typography.Text type="secondary">{actionLabel(a)}</Typography.Text>
            <div style={{ fontSize: 22, fontWeight: 600 }}>{n}</div>
          </div>
        ))}
        <div style={{ padding: '8px 16px', minWidth: 110 }}>
          <Typography.Text type="secondary">Items</Typography.Text>
          <div style={{ fontSize: 22, fontWeight: 600 }}>{total}</div>
        </div>
      </div>
      <Space style={{ marginBottom: 8 }} wrap>
        <Typography.Text id="preview-action-filter">Show</Typography.Text>
        <Radio.Group
          aria-labelledby="preview-action-filter"
          optionType="button"
          size="small"
          value={action}
          onChange={(e) => setAction(e.target.value)}
          options={[
            { value: 'all', label: `All (${total})` },
            ...entries.filter(([, n]) => n > 0).map(([a, n]) => ({ value: a, label: `${actionLabel(a)} (${n})` })),
          ]}
        />
      </Space>
      <Table<PreviewItem & { key: string }>
        size="small"
        rowKey="key"
        dataSource={rows}
        pagination={{ pageSize: 50, hideOnSinglePage: true, showSizeChanger: false }}
        scroll={{ y: 360 }}
        aria-label="Restore plan"
        locale={{ emptyText: 'No items with this action' }}
        expandable={{
          rowExpandable: (r) => !!r.diff,
          expandedRowRender: (r) => <DiffBlock diff={r.diff ?? ''} label={`Changes to ${r.kind} ${r.namespace ? `${r.namespace}/` : ''}${r.name}`} />,
        }}
        columns={[
          {
            title: 'Action',
            dataIndex: 'action',
            width: 90,
            render: (a: string) => <Tag color={ACTION_COLOR[a] ?? 'default'}>{actionLabel(a)}</Tag>,
          },
          { title: 'Kind', dataIndex: 'kind', width: 150, ellipsis: true },
          {
            title: 'Namespace',
            dataIndex: 'namespace',
            width: 190,
            render: (ns: string) => {
              if (!ns) return <Typography.Text type="secondary">cluster-scoped</Typography.Text>;
              const src = sourceOf.get(ns);
              return src ? (
                <span title={`${src} is restored into ${ns}`}>
                  <Typography.Text type="secondary">{src} →</Typography.Text> {ns}
                </span>
              ) : (
                ns
              );
            },
          },
          { title: 'Name', dataIndex: 'name', ellipsis: true },
          {
            title: 'Reason',
            dataIndex: 'reason',
            render: (reason: string | undefined, r) =>
              reason ?? (r.diff ? <Typography.Text type="secondary">expand to see the changes</Typography.Text> : ''),
          },
        ]}
      />
    </div>
  );
}
