// A backup's or restore's stored log: monospace, scrollable, refreshed while the run goes on,
// with "Refresh", "Copy" and "Download".
import { Alert, Button } from 'antd';
import { ReloadOutlined } from '@ant-design/icons';
import { ApiError } from '../../../api/client';
import { Loading } from '../../../components/ErrorState';
import { useLoad } from '../../../lib/usePolling';
import { CodeBlock } from './CodeBlock';

export function LogPanel(props: { load: () => Promise<string>; name: string; what: 'backup' | 'restore'; running: boolean }) {
  const { data, error, loading, reload } = useLoad(props.load, [props.name], 3000, props.running);
  const refresh = (
    <Button size="small" icon={<ReloadOutlined />} onClick={() => void reload()}>
      Refresh
    </Button>
  );
  if (loading) return <Loading label="Loading the log…" />;
  if (error) {
    // The log is written to the storage location when the run ends.
    const notYet = error instanceof ApiError && error.status === 404;
    return (
      <Alert
        type={notYet ? 'info' : 'error'}
        showIcon
        role={notYet ? 'status' : 'alert'}
        title={
          notYet
            ? props.running
              ? `The log is stored when the ${props.what} finishes; this view refreshes on its own.`
              : `No log is stored for this ${props.what}.`
            : `Could not load the log: ${(error as Error).message}`
        }
        action={refresh}
      />
    );
  }
  const text = data ?? '';
  return (
    <CodeBlock
      text={text || '(the log is empty)'}
      label={`Log of ${props.what} ${props.name}`}
      kind="log"
      filename={`${props.what}-${props.name}-logs.txt`}
      toolbar={refresh}
      testId="log-block"
    />
  );
}
