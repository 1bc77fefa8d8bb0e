// "Create Backup Schedule" (feature spec §3.5): the From Scratch sections (shared module
// BackupSpecSections) plus the schedule's own fields → POST /api/v1/schedules; the same form edits
// a schedule (PUT /api/v1/schedules/{name}, the name fixed).
//
// Not in this form, because the API keeps nowhere to put them: a free-text Description (the
// schedule's `description` is its cron expression in words), and "Delete Backups on Schedule
// Deletion" (the server accepts useOwnerReferencesInBackup but does not store it), which is offered
// instead when the schedule is deleted.
import { useEffect, useState } from 'react';
import { App, Form, Input, Modal, Switch } from 'antd';
import { ApiError } from '../../../api/client';
import { schedulesApi, type Schedule, type ScheduleBody } from '../../../api/schedules';
import { applyServerErrors } from '../../../components/formErrors';
import { InlineError } from '../../../components/ErrorState';
import { formatGoDuration, parseGoDuration } from '../../../lib/duration';
import { fromSpec, initialSpecValues, scheduleFieldMap, toSpecRequest, type BackupSpecValues } from './backupFormModel';
import { BackupSpecSections, ClusterField, LabelsEditor, SectionTitle, defaultLocationOf, useFormOptions } from './BackupSpecSections';
import { FIELD_ERRORS_NOTE, FormFooter, ServerProblems } from './common';
import { CronField, cronRule } from './CronField';
import { nameRule } from './FromScratchModal';

export interface ScheduleValues extends BackupSpecValues {
  name?: string;
  cluster?: string;
  schedule?: string;
  paused?: boolean;
  skipNext?: boolean;
}

// The request the form's values make: the spec becomes the template, the TTL the schedule's own,
// the labels the template's metadata labels (put on every backup it creates).
export function scheduleBody(values: ScheduleValues): ScheduleBody {
  const req = toSpecRequest(values);
  const template = { ...req.spec };
  const ttl = template.ttl;
  delete template.ttl;
  if (Object.keys(req.labels).length) template.metadata = { labels: req.labels };
  const body: ScheduleBody = {
    name: (values.name ?? '').trim(),
    cluster: values.cluster ?? '',
    schedule: (values.schedule ?? '').trim(),
    paused: !!values.paused,
    template,
  };
  if (ttl) body.ttl = ttl;
  if (req.location) body.location = req.location;
  if (req.environments) body.environments = req.environments;
  return body;
}

// A schedule as the form's values (edit mode).
export function scheduleValues(s: Schedule): ScheduleValues {
  const meta = (s.template?.metadata ?? {}) as { labels?: Record<string, string> };
  const seconds = parseGoDuration(s.ttl ?? '');
  return {
    ...fromSpec(s.template, { environments: s.environments, location: s.location, labels: meta.labels }),
    location: s.location, // "" = the default location at each run
    ttl: seconds === null ? s.ttl : formatGoDuration(seconds),
    name: s.name,
    cluster: s.cluster,
    schedule: s.schedule,
    paused: s.paused,
    skipNext: s.skipNext,
  };
}

export default function ScheduleFormModal(props: {
  open: boolean;
  schedule?: Schedule; // edit mode
  onClose: () => void;
  onSaved?: (s: Schedule) => void;
}) {
  const editing = !!props.schedule;
  return (
    <Modal
      open={props.open}
      title={editing ? `Edit Backup Schedule ${props.schedule!.name}` : 'Create Backup Schedule'}
      width={820}
      footer={null}
      onCancel={props.onClose}
      destroyOnHidden
      mask={{ closable: false }}
      styles={{ body: { maxHeight: 'calc(100vh - 200px)', overflowY: 'auto', paddingRight: 8 } }}
    >
      {props.open && <ScheduleForm schedule={props.schedule} onClose={props.onClose} onSaved={props.onSaved} />}
    </Modal>
  );
}

function ScheduleForm({ schedule, onClose, onSaved }: { schedule?: Schedule; onClose: () => void; onSaved?: (s: Schedule) => void }) {
  const [form] = Form.useForm<ScheduleValues>();
  const { message } = App.useApp();
  const options = useFormOptions(true);
  const [busy, setBusy] = useState(false);
  const [problems, setProblems] = useState<string[]>([]);
  const editing = !!schedule;

  useEffect(() => {
    if (editing) return;
    const def = defaultLocationOf(options.data?.locations ?? []);
    if (def && form.getFieldValue('location') === undefined) form.setFieldValue('location', def);
    const clusters = options.data?.clusters ?? [];
    if (clusters.length === 1 && !form.getFieldValue('cluster')) form.setFieldValue('cluster', clusters[0].name);
  }, [options.data, form, editing]);

  const submit = async () => {
    setBusy(true);
    setProblems([]);
    const values = form.getFieldsValue(true) as ScheduleValues;
    try {
      const body = scheduleBody(values);
      let saved = editing ? await schedulesApi.update(schedule!.name, body) : await schedulesApi.create(body);
      // Skip Upcoming Backup is an action on the schedule (POST /skip), not part of its body.
      if (values.skipNext && !saved.skipNext) saved = await schedulesApi.skip(saved.name);
      message.success(editing ? `Schedule ${saved.name} saved` : `Schedule ${saved.name} created`);
      onClose();
      onSaved?.(saved);
    } catch (e) {
      const leftover = applyServerErrors(form, e, scheduleFieldMap);
      const onFields = e instanceof ApiError && e.fields.length > leftover.length;
      setProblems(onFields ? [FIELD_ERRORS_NOTE, ...leftover] : leftover);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Form<ScheduleValues>
      form={form}
      layout="vertical"
      initialValues={schedule ? scheduleValues(schedule) : { ...initialSpecValues, paused: false, skipNext: false }}
      onFinish={submit}
      scrollToFirstError
      aria-label={editing ? 'Edit Backup Schedule' : 'Create Backup Schedule'}
    >
      {options.error ? <InlineError error={options.error} /> : null}
      <ServerProblems problems={problems} />
      <SectionTitle>Basic Details</SectionTitle>
      <Form.Item
        name="name"
        label="Schedule Name"
        rules={[nameRule('schedule name')]}
        required
        tooltip="Backups it creates are named <schedule name>-YYYYMMDDhhmmss, so keep it short."
        extra={editing ? 'A schedule cannot be renamed.' : undefined}
      >
        <Input placeholder="e.g. nightly-prod" disabled={editing} autoFocus={!editing} />
      </Form.Item>
      <ClusterField options={options.data} loading={options.loading} />
      <Form.Item
        name="schedule"
        label="Backup Schedule (Cron Expression)"
        required
        rules={[cronRule(form)]}
        tooltip="Five fields (minute hour day-of-month month day-of-week), in UTC, or a descriptor such as @daily or @every 6h."
      >
        <CronField />
      </Form.Item>
      <LabelsEditor help="Key-value pairs put on every backup this schedule creates (env, team, purpose)." />
      <Form.Item
        name="paused"
        label="Pause Schedule"
        valuePropName="checked"
        tooltip="A paused schedule keeps its settings but starts no backups until it is resumed."
      >
        <Switch />
      </Form.Item>
      <Form.Item
        name="skipNext"
        label="Skip Upcoming Backup"
        valuePropName="checked"
        tooltip="Skip the next scheduled run once; the schedule stays active."
        extra={schedule?.skipNext ? 'The next run is already set to be skipped.' : undefined}
      >
        <Switch disabled={!!schedule?.skipNext} />
      </Form.Item>
      <BackupSpecSections
        form={form}
        options={options.data}
        loading={options.loading}
        followDefaultOption
        ttlHelp="How long each backup of this schedule is kept before it expires and is deleted."
      />
      <FormFooter busy={busy} okText={editing ? 'Save Changes' : 'Create Schedule'} onCancel={onClose} />
    </Form>
  );
}
