// A read-only block of YAML or text with a "Copy" button (and optionally a download link).
import { useState, type ReactNode } from 'react';
import { Button, Space, Tooltip } from 'antd';
import { CheckOutlined, CopyOutlined, DownloadOutlined } from '@ant-design/icons';
import { saveFile } from '../../../lib/saveFile';

export function CopyButton({ text, label = 'Copy' }: { text: string; label?: string }) {
  const [copied, setCopied] = useState(false);
  return (
    <Tooltip title={copied ? 'Copied' : undefined} open={copied || undefined}>
      <Button
        size="small"
        icon={copied ? <CheckOutlined /> : <CopyOutlined />}
        onClick={async () => {
          try {
            await navigator.clipboard.writeText(text);
            setCopied(true);
            setTimeout(() => setCopied(false), 1500);
          } catch {
            // clipboard refused (insecure context): select-and-copy by hand still works
          }
        }}
      >
        {label}
      </Button>
    </Tooltip>
  );
}

export function CodeBlock(props: {
  text: string;
  label: string; // accessible name of the block, e.g. "YAML of Deployment shop/payments"
  kind?: 'code' | 'log';
  filename?: string; // offers "Download" when set
  toolbar?: ReactNode;
  testId?: string;
}) {
  return (
    <div>
      <div style={{ display: 'flex', justifyContent: 'flex-end', gap: 8, marginBottom: 8, flexWrap: 'wrap' }}>
        <Space wrap>
          {props.toolbar}
          <CopyButton text={props.text} />
          {props.filename && (
            <Button size="small" icon={<DownloadOutlined />} onClick={() => saveFile(new Blob([props.text], { type: 'text/plain;charset=utf-8' }), props.filename!)}>
              Download
            </Button>
          )}
        </Space>
      </div>
      <pre
        className={props.kind === 'log' ? 'log-block' : 'code-block'}
        aria-label={props.label}
        role="region"
        tabIndex={0}
        data-testid={props.testId}
      >
        {props.text}
      </pre>
    </div>
  );
}
