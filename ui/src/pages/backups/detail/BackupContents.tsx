// The "Contents" tab: a browser of what a backup holds. Left, a tree of resource kinds ->
// namespaces -> items with a search box; right, the selected item as stored, shown as YAML.
import { useMemo, useState, type Key, type ReactNode } from 'react';
import { Checkbox, Col, Empty, Input, Row, Tag, Tree, Typography } from 'antd';
import type { TreeDataNode } from 'antd';
import { backupsApi } from '../../../api/backups';
import { ErrorState, InlineError, Loading } from '../../../components/ErrorState';
import { useLoad } from '../../../lib/usePolling';
import { CodeBlock } from './CodeBlock';
import { buildContents, filterContents, itemYaml, type BackupContents as Contents, type ContentItem, type ResourceGroup } from './contents';

const count = (n: number) => (
  <Tag variant="filled" style={{ marginInlineStart: 6 }}>
    {n}
  </Tag>
);

// Tree nodes; keys: "r:<kind>", "n:<kind>|<namespace>", "i:<item path>".
export function contentsTree(groups: ResourceGroup[]): { nodes: TreeDataNode[]; items: Map<string, ContentItem> } {
  const items = new Map<string, ContentItem>();
  const leaf = (i: ContentItem): TreeDataNode => {
    items.set(`i:${i.path}`, i);
    return { key: `i:${i.path}`, title: i.name, isLeaf: true };
  };
  const nodes = groups.map((g) => {
    const title: ReactNode = (
      <span>
        <strong>{g.kind}</strong>{' '}
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {g.apiVersion}
        </Typography.Text>
        {count(g.total)}
      </span>
    );
    return {
      key: `r:${g.kindKey}`,
      title,
      children: [
        ...g.namespaces.map((n) => ({
          key: `n:${g.kindKey}|${n.namespace}`,
          title: (
            <span>
              {n.namespace}
              {count(n.items.length)}
            </span>
          ),
          children: n.items.map(leaf),
        })),
        ...g.clusterScoped.map(leaf),
      ],
    };
  });
  return { nodes, items };
}

export function BackupContentsTab({ backup }: { backup: string }) {
  const contents = useLoad(() => backupsApi.contents<Contents>(backup), [backup]);
  const [search, setSearch] = useState('');
  const [expanded, setExpanded] = useState<Key[]>([]);
  const [selected, setSelected] = useState<ContentItem | null>(null);

  const groups = useMemo(() => (contents.data ? buildContents(contents.data) : []), [contents.data]);
  const shown = useMemo(() => filterContents(groups, search), [groups, search]);
  const { nodes, items } = useMemo(() => contentsTree(shown), [shown]);
  // A search opens every matching branch.
  const onSearch = (text: string) => {
    setSearch(text);
    if (text.trim())
      setExpanded(
        filterContents(groups, text).flatMap((g) => [`r:${g.kindKey}`, ...g.namespaces.map((n) => `n:${g.kindKey}|${n.namespace}`)]),
      );
  };

  if (contents.loading) return <Loading label="Reading the backup's contents…" />;
  if (contents.error) return <ErrorState error={contents.error} onRetry={() => void contents.reload()} />;
  const totalItems = groups.reduce((s, g) => s + g.total, 0);
  if (totalItems === 0) return <Empty description="This backup holds no items." />;

  const toggle = (key: Key) => setExpanded((open) => (open.includes(key) ? open.filter((k) => k !== key) : [...open, key]));

  return (
    <Row gutter={16}>
      <Col xs={24} lg={9}>
        <Input.Search
          allowClear
          placeholder="Search kind, namespace or name"
          aria-label="Search the backup's contents"
          value={search}
          onChange={(e) => onSearch(e.target.value)}
          style={{ marginBottom: 8 }}
        />
        <Typography.Text type="secondary" style={{ display: 'block', marginBottom: 8, fontSize: 12 }}>
          {groups.length} resource types, {totalItems} items
        </Typography.Text>
        <div style={{ maxHeight: 560, overflow: 'auto', border: '1px solid #f0f0f0', borderRadius: 6, padding: 4 }}>
          {nodes.length === 0 ? (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={`Nothing matches "${search}"`} />
          ) : (
            <Tree
              aria-label="Backup contents"
              blockNode
              treeData={nodes}
              expandedKeys={expanded}
              onExpand={(keys) => setExpanded(keys)}
              selectedKeys={selected ? [`i:${selected.path}`] : []}
              onSelect={(_keys, info) => {
                const key = String(info.node.key);
                // A kind or a namespace opens or closes on a click, like a file browser.
                if (!key.startsWith('i:')) return toggle(key);
                setSelected(items.get(key) ?? null);
              }}
            />
          )}
        </div>
      </Col>
      <Col xs={24} lg={15}>
        {selected ? (
          <ItemView key={selected.path} backup={backup} item={selected} />
        ) : (
          <Empty
            image={Empty.PRESENTED_IMAGE_SIMPLE}
            description="Choose an item on the left to see it as it is stored in the backup."
            style={{ paddingTop: 48 }}
          />
        )}
      </Col>
    </Row>
  );
}

function ItemView({ backup, item }: { backup: string; item: ContentItem }) {
  const loaded = useLoad(() => backupsApi.item<unknown>(backup, item.path), [backup, item.path]);
  const [managedFields, setManagedFields] = useState(false);
  const yamlText = useMemo(
    () => (loaded.data === undefined ? '' : itemYaml(loaded.data, { managedFields })),
    [loaded.data, managedFields],
  );
  const title = `${item.kind} ${item.namespace ? `${item.namespace}/` : ''}${item.name}`;
  return (
    <section aria-label={`Item ${title}`}>
      <Typography.Title level={5} style={{ margin: 0 }}>
        {title}
      </Typography.Title>
      <Typography.Text type="secondary" copyable={{ text: item.path }} style={{ fontSize: 12 }}>
        {item.path}
      </Typography.Text>
      <div style={{ marginTop: 8 }}>
        {loaded.loading ? (
          <Loading label="Loading the item…" />
        ) : loaded.error ? (
          <InlineError error={loaded.error} />
        ) : (
          <CodeBlock
            text={yamlText}
            label={`YAML of ${title}`}
            testId="item-yaml"
            filename={`${item.name}.yaml`}
            toolbar={
              <Checkbox checked={managedFields} onChange={(e) => setManagedFields(e.target.checked)}>
                Show managedFields
              </Checkbox>
            }
          />
        )}
      </div>
    </section>
  );
}
