// A destructive action confirmed in a dialog. With `typeToConfirm` the user must also type that
// name (locations, backups: anything whose loss is hard to undo). The server's refusal (e.g. 409:
// a cluster still in use) is shown in the dialog instead of closing it.
import { useState, type ReactNode } from 'react';
import { Alert, Input, Modal, Typography } from 'antd';

export function ConfirmDelete(props: {
  open: boolean;
  title: string;
  typeToConfirm?: string;
  children?: ReactNode;
  okText?: string;
  onConfirm: () => Promise<void>;
  onClose: () => void;
}) {
  const { typeToConfirm } = props;
  const [typed, setTyped] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const close = () => {
    setTyped('');
    setError(null);
    props.onClose();
  };
  const mismatch = typeToConfirm !== undefined && typed !== typeToConfirm;
  return (
    <Modal
      open={props.open}
      title={props.title}
      okText={props.okText ?? 'Delete'}
      okButtonProps={{ danger: true, disabled: mismatch, loading: busy }}
      onCancel={close}
      onOk={async () => {
        setBusy(true);
        setError(null);
        try {
          await props.onConfirm();
          close();
        } catch (e) {
          setError((e as Error).message);
        } finally {
          setBusy(false);
        }
      }}
      destroyOnHidden
    >
      {props.children}
      {typeToConfirm !== undefined && (
        <>
          <Typography.Paragraph>
            Type <Typography.Text code>{typeToConfirm}</Typography.Text> to confirm.
          </Typography.Paragraph>
          <Input aria-label="Type the name to confirm" value={typed} onChange={(e) => setTyped(e.target.value)} autoFocus />
        </>
      )}
      {error && <Alert type="error" showIcon role="alert" title={error} style={{ marginTop: 12 }} />}
    </Modal>
  );
}
