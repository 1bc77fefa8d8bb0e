// "Create Backup — From Scratch" (feature spec §3.3): Basic Details, Backup Scope & Policy,
// Storage & Snapshot Location, Advanced Timeouts & Tuning → POST /api/v1/backups, then the new
// backup's detail page.
import { useEffect, useState } from 'react';
import { App, Form, Input, Modal } from 'antd';
import { useNavigate } from 'react-router-dom';
import { backupsApi, type CreateBackup } from '../../../api/backups';
import { ApiError } from '../../../api/client';
import { applyServerErrors, problemRule } from '../../../components/formErrors';
import { InlineError } from '../../../components/ErrorState';
import { nameProblem } from '../../../lib/names';
import { paths } from '../../../routes';
import { backupFieldMap, initialSpecValues, toSpecRequest, type BackupSpecValues } from './backupFormModel';
import { BackupSpecSections, ClusterField, LabelsEditor, SectionTitle, defaultLocationOf, useFormOptions } from './BackupSpecSections';
import { FIELD_ERRORS_NOTE, FormFooter, ServerProblems } from './common';

export interface FromScratchValues extends BackupSpecValues {
  name?: string;
  cluster?: string;
}

export const nameRule = (what: string) => problemRule((value: string | undefined) => nameProblem(value?.trim(), what));

// The request the form's values make.
export function fromScratchBody(values: FromScratchValues): CreateBackup {
  const req = toSpecRequest(values);
  const body: CreateBackup = { name: (values.name ?? '').trim(), cluster: values.cluster, spec: req.spec };
  if (req.location) body.location = req.location;
  if (req.environments) body.environments = req.environments;
  if (Object.keys(req.labels).length) body.labels = req.labels;
  return body;
}

export default function FromScratchModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  return (
    <Modal
      open={open}
      title="Create Backup"
      width={820}
      footer={null}
      onCancel={onClose}
      destroyOnHidden
      mask={{ closable: false }}
      styles={{ body: { maxHeight: 'calc(100vh - 200px)', overflowY: 'auto', paddingRight: 8 } }}
    >
      {open && <FromScratchForm onClose={onClose} />}
    </Modal>
  );
}

function FromScratchForm({ onClose }: { onClose: () => void }) {
  const [form] = Form.useForm<FromScratchValues>();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const options = useFormOptions(true);
  const [busy, setBusy] = useState(false);
  const [problems, setProblems] = useState<string[]>([]);

  // Pre-select the default storage location once the locations are known (spec §5).
  useEffect(() => {
    const def = defaultLocationOf(options.data?.locations ?? []);
    if (def && !form.getFieldValue('location')) form.setFieldValue('location', def);
    const clusters = options.data?.clusters ?? [];
    if (clusters.length === 1 && !form.getFieldValue('cluster')) form.setFieldValue('cluster', clusters[0].name);
  }, [options.data, form]);

  const submit = async () => {
    setBusy(true);
    setProblems([]);
    try {
      const created = await backupsApi.create(fromScratchBody(form.getFieldsValue(true) as FromScratchValues));
      message.success(`Backup ${created.name} started`);
      onClose();
      navigate(paths.backupDetail(created.name));
    } catch (e) {
      const leftover = applyServerErrors(form, e, backupFieldMap);
      const onFields = e instanceof ApiError && e.fields.length > leftover.length;
      setProblems(onFields ? [FIELD_ERRORS_NOTE, ...leftover] : leftover);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Form<FromScratchValues>
      form={form}
      layout="vertical"
      initialValues={initialSpecValues}
      onFinish={submit}
      scrollToFirstError
      aria-label="Create Backup"
    >
      {options.error ? <InlineError error={options.error} /> : null}
      <ServerProblems problems={problems} />
      <SectionTitle>Basic Details</SectionTitle>
      <Form.Item
        name="name"
        label="Backup Name"
        rules={[nameRule('backup name')]}
        required
        tooltip="A unique name: lowercase letters, digits, '-' and '.'."
      >
        <Input placeholder="e.g. shop-before-upgrade" autoFocus />
      </Form.Item>
      <ClusterField options={options.data} loading={options.loading} />
      <LabelsEditor help="Key-value pairs to organise and filter backups (env, team, purpose)." />
      <BackupSpecSections
        form={form}
        options={options.data}
        loading={options.loading}
        ttlHelp="How long the backup is kept; after that it expires and is deleted with its data."
      />
      <FormFooter busy={busy} okText="Create Backup" onCancel={onClose} />
    </Form>
  );
}
