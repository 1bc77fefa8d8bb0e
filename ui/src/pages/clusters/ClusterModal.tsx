// Add / Edit Cluster: a kubeconfig (pasted or uploaded, stored sealed by the server and never
// shown again) with an optional context, or the in-cluster service account.
import { useEffect, useMemo, useState } from 'react';
import { Alert, AutoComplete, Form, Input, Modal, Space, Switch, Typography } from 'antd';
import { createCluster, updateCluster, type Cluster } from '../../api/infrastructure';
import { applyServerErrors } from '../../components/formErrors';
import { objectNameProblem } from '../locations/locationForm';
import { CLUSTER_FIELDS, clusterBody, clusterProblems, readKubeconfig, type ClusterFormValues } from './clusterForm';
import { ReadFileButton } from './ReadFileButton';

const check = (fn: () => string | undefined | null) => ({
  validator: () => {
    const p = fn();
    return p ? Promise.reject(new Error(p)) : Promise.resolve();
  },
});

export function ClusterModal(props: {
  open: boolean;
  editing: Cluster | null;
  onClose: () => void;
  onSaved: (c: Cluster) => void;
}) {
  const { editing } = props;
  const [form] = Form.useForm<ClusterFormValues>();
  const [busy, setBusy] = useState(false);
  const [problems, setProblems] = useState<string[]>([]);
  const inCluster = Form.useWatch('inCluster', form) ?? false;
  const kubeconfig = Form.useWatch('kubeconfig', form);
  const info = useMemo(() => readKubeconfig(kubeconfig), [kubeconfig]);

  useEffect(() => {
    if (!props.open) return;
    form.resetFields();
    form.setFieldsValue(
      editing
        ? { name: editing.name, inCluster: editing.inCluster, context: editing.context, kubeconfig: '' }
        : { name: '', inCluster: false, kubeconfig: '', context: '' },
    );
    setProblems([]);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [props.open, editing?.name, form]);

  const submit = async (values: ClusterFormValues) => {
    setBusy(true);
    setProblems([]);
    try {
      const body = clusterBody(values, !!editing);
      props.onSaved(editing ? await updateCluster(editing.name, body) : await createCluster(body));
    } catch (e) {
      setProblems(applyServerErrors(form, e, CLUSTER_FIELDS));
    } finally {
      setBusy(false);
    }
  };

  const values = () => form.getFieldsValue(true) as ClusterFormValues;

  return (
    <Modal
      open={props.open}
      title={editing ? `Edit Cluster ${editing.name}` : 'Add Cluster'}
      okText="Save"
      onOk={() => form.submit()}
      confirmLoading={busy}
      onCancel={props.onClose}
      destroyOnHidden
      width={680}
    >
      <Form<ClusterFormValues>
        form={form}
        layout="vertical"
        onFinish={submit}
        requiredMark="optional"
        aria-label={editing ? 'Edit Cluster' : 'Add Cluster'}
      >
        {problems.length > 0 && (
          <Alert type="error" showIcon role="alert" style={{ marginBottom: 16 }} title="The cluster was not saved" description={problems.join('; ')} />
        )}
        <Form.Item
          name="name"
          label="Name"
          required
          rules={[{ validator: (_, v) => (objectNameProblem(v) ? Promise.reject(new Error(objectNameProblem(v)!)) : Promise.resolve()) }]}
        >
          <Input disabled={!!editing} placeholder="prod-eu-1" autoFocus={!editing} />
        </Form.Item>
        <Form.Item
          name="inCluster"
          label="In-cluster"
          valuePropName="checked"
          extra="Use the service account of the pod Coffer runs in, for the cluster Coffer itself runs on."
        >
          <Switch />
        </Form.Item>
        {!inCluster && (
          <>
            <Form.Item
              label="Kubeconfig"
              required
              extra={
                editing
                  ? 'The stored kubeconfig is never shown: paste it again, or a new one, to save.'
                  : 'Stored encrypted on the server and never shown again.'
              }
            >
              <Space orientation="vertical" style={{ width: '100%' }}>
                <Form.Item name="kubeconfig" noStyle rules={[check(() => clusterProblems(values()).kubeconfig)]}>
                  <Input.TextArea
                    aria-label="Kubeconfig"
                    rows={8}
                    spellCheck={false}
                    autoComplete="off"
                    placeholder={'apiVersion: v1\nkind: Config\nclusters: …'}
                    style={{ fontFamily: 'ui-monospace, SFMono-Regular, Menlo, Consolas, monospace', fontSize: 12 }}
                  />
                </Form.Item>
                <ReadFileButton
                  ariaLabel="Upload kubeconfig file"
                  onLoad={(text) => {
                    form.setFieldsValue({ kubeconfig: text });
                    void form.validateFields(['kubeconfig']).catch(() => undefined);
                  }}
                  onError={(m) => form.setFields([{ name: 'kubeconfig', errors: [m] }])}
                />
              </Space>
            </Form.Item>
            <Form.Item
              name="context"
              label="Context"
              dependencies={['kubeconfig']}
              rules={[check(() => clusterProblems(values()).context)]}
              extra={
                info.currentContext
                  ? `Optional. Empty: the kubeconfig's current-context (${info.currentContext}).`
                  : 'Optional when the kubeconfig sets a current-context.'
              }
            >
              <AutoComplete
                options={info.contexts.map((c) => ({ value: c }))}
                placeholder={info.currentContext ?? 'current-context'}
                allowClear
              />
            </Form.Item>
          </>
        )}
        <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
          Saving connects to the cluster and lists its namespaces; an unreachable cluster is saved as Unhealthy with the reason.
        </Typography.Paragraph>
      </Form>
    </Modal>
  );
}
