// "Upload file": reads a local file (a kubeconfig, a credential file, a CA bundle) into a text
// field. Nothing leaves the browser until the form is saved.
import { useRef, useState } from 'react';
import { Button } from 'antd';
import { UploadOutlined } from '@ant-design/icons';

const MAX_BYTES = 1024 * 1024; // a kubeconfig or credential file is a few KiB; refuse mistakes

export function ReadFileButton(props: {
  onLoad: (text: string, fileName: string) => void;
  onError?: (message: string) => void;
  ariaLabel?: string;
  accept?: string;
  disabled?: boolean;
}) {
  const input = useRef<HTMLInputElement>(null);
  const [busy, setBusy] = useState(false);
  return (
    <span>
      <Button
        icon={<UploadOutlined />}
        onClick={() => input.current?.click()}
        loading={busy}
        disabled={props.disabled}
        aria-label={props.ariaLabel}
      >
        Upload file
      </Button>
      <input
        ref={input}
        type="file"
        accept={props.accept}
        hidden
        style={{ display: 'none' }}
        data-testid={props.ariaLabel ? `${props.ariaLabel} input` : 'upload-file-input'}
        onChange={async (e) => {
          const file = e.target.files?.[0];
          e.target.value = '';
          if (!file) return;
          if (file.size > MAX_BYTES) {
            props.onError?.(`${file.name} is ${Math.round(file.size / 1024)} KiB; a file of at most 1 MiB is expected`);
            return;
          }
          setBusy(true);
          try {
            props.onLoad(await file.text(), file.name);
          } catch (err) {
            props.onError?.(`Could not read ${file.name}: ${(err as Error).message}`);
          } finally {
            setBusy(false);
          }
        }}
      />
    </span>
  );
}
