// What can be done to a schedule, shared by the Backup Schedules list and the schedule's page:
// Pause/Resume, Skip Upcoming Backup, Back up now (feature spec §3.8, §5), and Delete with or
// without its backups (§3.9).
import { useState } from 'react';
import { App, Alert, Checkbox, Modal, Typography } from 'antd';
import { Link } from 'react-router-dom';
import { schedulesApi, type Schedule, type ScheduleDeleted } from '../../api/schedules';
import { paths } from '../../routes';

export function useScheduleActions(after: () => void) {
  const { message, modal } = App.useApp();
  const [busy, setBusy] = useState<string | null>(null);

  const run = async (key: string, action: () => Promise<unknown>, done: string) => {
    setBusy(key);
    try {
      await action();
      message.success(done);
    } catch (e) {
      message.error({ content: (e as Error).message, duration: 8 });
    } finally {
      setBusy(null);
      after();
    }
  };

  return {
    busy,
    pauseOrResume: (s: Schedule) =>
      s.paused
        ? run(`resume:${s.name}`, () => schedulesApi.unpause(s.name), `Schedule ${s.name} resumed`)
        : run(`pause:${s.name}`, () => schedulesApi.pause(s.name), `Schedule ${s.name} paused`),
    skip: (s: Schedule) =>
      modal.confirm({
        title: `Skip the next backup of ${s.name}?`,
        content: 'The next scheduled run is skipped once (recorded as Last Skipped); the schedule stays active.',
        okText: 'Skip Upcoming Backup',
        onOk: () => run(`skip:${s.name}`, () => schedulesApi.skip(s.name), `The next run of ${s.name} will be skipped`),
      }),
    backUpNow: async (s: Schedule) => {
      setBusy(`trigger:${s.name}`);
      try {
        const t = await schedulesApi.trigger(s.name);
        message.success({
          content: (
            <span>
              Backup <Link to={paths.backupDetail(t.name)}>{t.name}</Link> started
            </span>
          ),
          duration: 6,
        });
      } catch (e) {
        message.error({ content: (e as Error).message, duration: 8 });
      } finally {
        setBusy(null);
        after();
      }
    },
  };
}

// §3.9: delete a schedule, and with the box ticked every backup it made
// (DELETE /schedules/{name}?deleteBackups=true); what could not be deleted is listed with why.
export function DeleteScheduleModal(props: {
  schedule: Schedule | null;
  onClose: () => void;
  onDeleted: (result: ScheduleDeleted) => void;
}) {
  const { message } = App.useApp();
  const [withBackups, setWithBackups] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [result, setResult] = useState<ScheduleDeleted | null>(null);
  const name = props.schedule?.name ?? '';

  const close = () => {
    setWithBackups(false);
    setError(null);
    const r = result;
    setResult(null);
    props.onClose();
    if (r) props.onDeleted(r);
  };

  const confirm = async () => {
    setBusy(true);
    setError(null);
    try {
      const r = await schedulesApi.remove(name, withBackups);
      const what = withBackups
        ? `Schedule ${name} deleted; ${r.deleting.length} backup${r.deleting.length === 1 ? '' : 's'} being deleted`
        : `Schedule ${name} deleted; its backups are kept`;
      if (r.notDeleted.length) {
        setResult(r); // stay open to say which backups were not deleted
        message.warning(what);
      } else {
        message.success(what);
        setWithBackups(false);
        props.onClose();
        props.onDeleted(r);
      }
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open={!!props.schedule}
      title={result ? `Schedule ${name} deleted` : `Delete schedule ${name}?`}
      okText={result ? 'Close' : 'Delete'}
      okButtonProps={{ danger: !result, loading: busy }}
      cancelButtonProps={{ style: result ? { display: 'none' } : undefined }}
      onOk={result ? close : confirm}
      onCancel={close}
      destroyOnHidden
    >
      {result ? (
        <>
          {result.deleting.length > 0 && (
            <Typography.Paragraph>
              Being deleted: {result.deleting.join(', ')}
            </Typography.Paragraph>
          )}
          <Alert
            type="warning"
            showIcon
            title={`${result.notDeleted.length} backup${result.notDeleted.length === 1 ? ' was' : 's were'} not deleted`}
            description={
              <ul style={{ margin: 0, paddingInlineStart: 18 }}>
                {result.notDeleted.map((n) => (
                  <li key={n.name}>
                    <Link to={paths.backupDetail(n.name)}>{n.name}</Link>: {n.reason}
                  </li>
                ))}
              </ul>
            }
          />
        </>
      ) : (
        <>
          <Typography.Paragraph>
            The schedule stops creating backups. Its backups are kept unless you tick the box below.
          </Typography.Paragraph>
          <Checkbox checked={withBackups} onChange={(e) => setWithBackups(e.target.checked)}>
            Delete backups created by this schedule
          </Checkbox>
          {withBackups && (
            <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>
              Running backups and backups in read-only locations cannot be deleted; they are listed afterwards.
            </Typography.Paragraph>
          )}
          {error && (
            <Typography.Paragraph type="danger" role="alert" style={{ marginTop: 12, marginBottom: 0 }}>
              {error}
            </Typography.Paragraph>
          )}
        </>
      )}
    </Modal>
  );
}
