// Small pieces the create/edit modals share: the footer buttons and the problems no field took.
import { Alert, Button, Space } from 'antd';

export function FormFooter({ busy, okText, onCancel }: { busy: boolean; okText: string; onCancel: () => void }) {
  return (
    <div style={{ display: 'flex', justifyContent: 'flex-end', marginTop: 8 }}>
      <Space>
        <Button onClick={onCancel} disabled={busy}>
          Cancel
        </Button>
        <Button type="primary" htmlType="submit" loading={busy}>
          {okText}
        </Button>
      </Space>
    </div>
  );
}

// Server problems that name no form field (or a field the form does not show).
export function ServerProblems({ problems }: { problems: string[] }) {
  if (problems.length === 0) return null;
  return (
    <Alert
      type="error"
      showIcon
      role="alert"
      style={{ marginBottom: 16 }}
      title={problems.length === 1 ? problems[0] : 'The server refused the request'}
      description={
        problems.length > 1 ? (
          <ul style={{ margin: 0, paddingInlineStart: 18 }}>
            {problems.map((p) => (
              <li key={p}>{p}</li>
            ))}
          </ul>
        ) : undefined
      }
    />
  );
}

// When the server's 422 put errors on fields, say so at the top too (the fields may be scrolled
// out of view in a long form).
export const FIELD_ERRORS_NOTE = 'Some fields need attention; see the messages next to them.';
