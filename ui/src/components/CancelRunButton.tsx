// "Cancel" on the page of a running backup or restore: asks first, then cancels and reloads.
import { App, Button, Popconfirm } from 'antd';
import { StopOutlined } from '@ant-design/icons';

export function CancelRunButton(props: {
  what: 'backup' | 'restore';
  name: string;
  description: string;
  cancel: (name: string) => Promise<unknown>;
  onDone: () => Promise<unknown> | void;
}) {
  const { message } = App.useApp();
  const { what, name } = props;
  return (
    <Popconfirm
      title={`Cancel this ${what}?`}
      description={props.description}
      okText={`Cancel ${what}`}
      cancelText="Keep running"
      okButtonProps={{ danger: true }}
      onConfirm={async () => {
        try {
          await props.cancel(name);
          message.success(`Cancelling ${what} ${name}`);
          await props.onDone();
        } catch (e) {
          message.error((e as Error).message);
        }
      }}
    >
      <Button danger icon={<StopOutlined />}>
        Cancel
      </Button>
    </Popconfirm>
  );
}
