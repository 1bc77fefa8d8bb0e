import { Badge } from 'antd';
import type { StatusLabel } from './status';

const COLORS = { success: 'success', processing: 'processing', error: 'error', warning: 'warning', default: 'default' } as const;

// A status as a coloured dot and its label; `data-status` carries the label for tests.
export function StatusTag({ status, title }: { status: StatusLabel; title?: string }) {
  return (
    <span data-status={status.label} title={title}>
      <Badge status={COLORS[status.tone]} text={status.label} />
    </span>
  );
}
