// "Create Backup — From Schedule" (feature spec §3.4): a backup now, with a schedule's template,
// TTL, cluster and location (velero backup create --from-schedule) → POST /api/v1/backups
// {schedule, name?}, then the new backup's detail page.
import { useState } from 'react';
import { App, Descriptions, Form, Input, Modal, Select, Typography } from 'antd';
import { useNavigate } from 'react-router-dom';
import { backupsApi, type CreateBackup } from '../../../api/backups';
import { schedulesApi } from '../../../api/schedules';
import { applyServerErrors } from '../../../components/formErrors';
import { EmptyState, InlineError } from '../../../components/ErrorState';
import { useLoad } from '../../../lib/usePolling';
import { paths } from '../../../routes';
import { FormFooter, ServerProblems } from './common';
import { nameRule } from './FromScratchModal';

interface Values {
  schedule?: string;
  name?: string;
}

export function fromScheduleBody(values: Values): CreateBackup {
  const body: CreateBackup = { schedule: values.schedule };
  const name = (values.name ?? '').trim();
  if (name) body.name = name;
  return body;
}

export default function FromScheduleModal(props: { open: boolean; schedule?: string; onClose: () => void }) {
  return (
    <Modal open={props.open} title="Create Backup From Schedule" width={620} footer={null} onCancel={props.onClose} destroyOnHidden>
      {props.open && <FromScheduleForm schedule={props.schedule} onClose={props.onClose} />}
    </Modal>
  );
}

function FromScheduleForm({ schedule, onClose }: { schedule?: string; onClose: () => void }) {
  const [form] = Form.useForm<Values>();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const schedules = useLoad(() => schedulesApi.all(), []);
  const [busy, setBusy] = useState(false);
  const [problems, setProblems] = useState<string[]>([]);
  const picked = Form.useWatch('schedule', form);
  const chosen = schedules.data?.find((s) => s.name === picked);

  const submit = async (values: Values) => {
    setBusy(true);
    setProblems([]);
    try {
      const created = await backupsApi.create(fromScheduleBody(values));
      message.success(`Backup ${created.name} started`);
      onClose();
      navigate(paths.backupDetail(created.name));
    } catch (e) {
      setProblems(applyServerErrors(form, e, { schedule: 'schedule', name: 'name', spec: 'schedule', location: 'schedule', cluster: 'schedule' }));
    } finally {
      setBusy(false);
    }
  };

  if (!schedules.loading && !schedules.error && (schedules.data ?? []).length === 0) {
    return (
      <EmptyState
        title="No backup schedules yet"
        description="Create a backup schedule first (Create Backup → Create Backup Schedule); a backup from a schedule uses its settings."
      />
    );
  }

  return (
    <Form<Values> form={form} layout="vertical" initialValues={{ schedule }} onFinish={submit} aria-label="Create Backup From Schedule">
      <InlineError error={schedules.error} />
      <ServerProblems problems={problems} />
      <Form.Item
        name="schedule"
        label="Schedule"
        rules={[{ required: true, message: 'Select the schedule whose settings the backup uses' }]}
        tooltip="Scope, policies, storage location and TTL are copied from the schedule; the backup starts now."
      >
        <Select
          showSearch
          loading={schedules.loading}
          placeholder="Select a schedule"
          options={(schedules.data ?? []).map((s) => ({ value: s.name, label: s.name }))}
        />
      </Form.Item>
      {chosen && (
        <Descriptions
          size="small"
          column={2}
          bordered
          style={{ marginBottom: 16 }}
          items={[
            { key: 'cluster', label: 'Cluster', children: chosen.cluster },
            { key: 'location', label: 'Storage Location', children: chosen.location || 'Default location' },
            { key: 'cron', label: 'Cron', children: chosen.description || chosen.schedule },
            { key: 'ttl', label: 'Backup TTL', children: chosen.ttl },
          ]}
        />
      )}
      <Form.Item
        name="name"
        label="Backup Name"
        rules={[
          {
            validator: async (rule, value: string | undefined) => {
              if (value && value.trim()) await nameRule('backup name').validator(rule, value);
            },
          },
        ]}
        extra={
          <Typography.Text type="secondary">
            Optional: without one, the backup is named {picked ? <code>{picked}-YYYYMMDDhhmmss</code> : '<schedule>-YYYYMMDDhhmmss'}.
          </Typography.Text>
        }
      >
        <Input placeholder="e.g. nightly-before-upgrade" />
      </Form.Item>
      <FormFooter busy={busy} okText="Create Backup" onCancel={onClose} />
    </Form>
  );
}
