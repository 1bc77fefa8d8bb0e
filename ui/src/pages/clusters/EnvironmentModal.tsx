// Add / Edit Environment: a namespace of a registered cluster, production or not (backups and
// schedules can select the production or non-production environments).
import { useEffect, useState } from 'react';
import { Alert, Form, Input, Modal, Select, Switch } from 'antd';
import { createEnvironment, updateEnvironment, type Cluster, type Environment } from '../../api/infrastructure';
import { applyServerErrors } from '../../components/formErrors';
import { objectNameProblem } from '../locations/locationForm';
import { ENVIRONMENT_FIELDS, environmentBody, type EnvironmentFormValues } from './clusterForm';

export function EnvironmentModal(props: {
  open: boolean;
  editing: Environment | null;
  clusters: Cluster[];
  onClose: () => void;
  onSaved: (e: Environment) => void;
}) {
  const { editing } = props;
  const [form] = Form.useForm<EnvironmentFormValues>();
  const [busy, setBusy] = useState(false);
  const [problems, setProblems] = useState<string[]>([]);
  const clusterName = Form.useWatch('cluster', form);
  const cluster = props.clusters.find((c) => c.name === clusterName);

  useEffect(() => {
    if (!props.open) return;
    form.resetFields();
    form.setFieldsValue(
      editing
        ? { name: editing.name, cluster: editing.cluster, namespace: editing.namespace, production: editing.production }
        : { name: '', cluster: props.clusters.length === 1 ? props.clusters[0].name : undefined, namespace: undefined, production: false },
    );
    setProblems([]);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [props.open, editing?.name, form]);

  const submit = async (values: EnvironmentFormValues) => {
    setBusy(true);
    setProblems([]);
    try {
      const body = environmentBody(values, !!editing);
      props.onSaved(editing ? await updateEnvironment(editing.name, body) : await createEnvironment(body));
    } catch (e) {
      setProblems(applyServerErrors(form, e, ENVIRONMENT_FIELDS));
    } finally {
      setBusy(false);
    }
  };

  const namespaces = [...(cluster?.namespaces ?? [])];
  // Editing an environment whose namespace the last check did not see: keep it choosable.
  if (editing && editing.cluster === clusterName && !namespaces.includes(editing.namespace)) namespaces.push(editing.namespace);

  return (
    <Modal
      open={props.open}
      title={editing ? `Edit Environment ${editing.name}` : 'Add Environment'}
      okText="Save"
      onOk={() => form.submit()}
      confirmLoading={busy}
      onCancel={props.onClose}
      destroyOnHidden
    >
      <Form<EnvironmentFormValues> form={form} layout="vertical" onFinish={submit} requiredMark="optional" aria-label={editing ? 'Edit Environment' : 'Add Environment'}>
        {problems.length > 0 && <Alert type="error" showIcon role="alert" style={{ marginBottom: 16 }} title={problems.join('; ')} />}
        <Form.Item
          name="name"
          label="Name"
          required
          rules={[{ validator: (_, v) => (objectNameProblem(v) ? Promise.reject(new Error(objectNameProblem(v)!)) : Promise.resolve()) }]}
        >
          <Input disabled={!!editing} placeholder="shop-prod" autoFocus={!editing} />
        </Form.Item>
        <Form.Item name="cluster" label="Cluster" required rules={[{ required: true, message: 'Choose a cluster' }]}>
          <Select
            placeholder="Choose a cluster"
            showSearch={{ optionFilterProp: 'label' }}
            options={props.clusters.map((c) => ({ value: c.name, label: c.name }))}
            onChange={() => form.setFieldsValue({ namespace: undefined })}
            notFoundContent="No cluster registered yet: add one on the Clusters tab"
          />
        </Form.Item>
        <Form.Item
          name="namespace"
          label="Namespace"
          required
          rules={[{ required: true, message: 'Choose a namespace' }]}
          extra={
            cluster && cluster.namespaces.length === 0
              ? 'No namespace known for this cluster: check the cluster on the Clusters tab.'
              : cluster?.healthCheckedAt
                ? 'Namespaces as of the cluster\'s last check.'
                : undefined
          }
        >
          <Select
            placeholder={clusterName ? 'Choose a namespace' : 'Choose a cluster first'}
            disabled={!clusterName}
            showSearch={{ optionFilterProp: 'label' }}
            options={namespaces.map((n) => ({ value: n, label: n }))}
          />
        </Form.Item>
        <Form.Item name="production" label="Production" valuePropName="checked" extra="Production environments can be selected together by backups and schedules.">
          <Switch />
        </Form.Item>
      </Form>
    </Modal>
  );
}
