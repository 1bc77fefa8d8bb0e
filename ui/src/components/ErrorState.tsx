import { Alert, Button, Empty, Result, Spin } from 'antd';
import type { ReactNode } from 'react';
import { ApiError } from '../api/client';

// A failed load: the server's message and a retry.
export function ErrorState({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const notFound = error instanceof ApiError && error.status === 404;
  return (
    <Result
      status={notFound ? '404' : 'error'}
      title={notFound ? 'Not found' : 'Could not load this page'}
      subTitle={(error as Error)?.message ?? String(error)}
      extra={onRetry && <Button onClick={onRetry}>Try again</Button>}
    />
  );
}

export function InlineError({ error }: { error: unknown }) {
  if (!error) return null;
  return <Alert type="error" showIcon role="alert" title={(error as Error)?.message ?? String(error)} />;
}

export function Loading({ label = 'Loading…' }: { label?: string }) {
  return (
    <div className="page-loading" aria-busy="true">
      <Spin />
      <span>{label}</span>
    </div>
  );
}

export function EmptyState({ title, description, action }: { title: string; description?: ReactNode; action?: ReactNode }) {
  return (
    <Empty
      image={Empty.PRESENTED_IMAGE_SIMPLE}
      description={
        <div>
          <div className="empty-title">{title}</div>
          {description && <div className="empty-description">{description}</div>}
        </div>
      }
    >
      {action}
    </Empty>
  );
}
