// Pieces shared by the server-side list tables (backups, schedules, restores): the table's
// wiring to useServerList, common columns and the icon buttons of a row's actions.
import type { ReactNode } from 'react';
import { Button, Tooltip, Typography } from 'antd';
import type { ButtonProps, TableProps } from 'antd';
import type { ColumnType } from 'antd/es/table';
import { Link } from 'react-router-dom';
import type { useServerList } from '../lib/useServerList';

type ServerList<T> = ReturnType<typeof useServerList<T>>;
type FilterOptions = { text: string; value: string }[] | undefined;

// A table showing a server list: rows keyed by name, its pages, and its sort and filters sent to the server.
export function serverTableProps<T extends { name: string }>(list: ServerList<T>): TableProps<T> {
  return {
    rowKey: 'name',
    size: 'middle',
    dataSource: list.items,
    loading: list.loading,
    pagination: list.pagination,
    onChange: list.onTableChange,
  };
}

// A column the server sorts by `key`.
export const sortedBy = <T,>(list: ServerList<T>, key: string) => ({ sorter: true, sortOrder: list.sortOrderOf(key) });

// A column the server filters by `key` (an equality filter with these options).
export const filteredBy = <T,>(list: ServerList<T>, key: string, options: FilterOptions) => ({
  filters: options,
  filteredValue: list.filters[key] ?? null,
});

// The row's name, linking to its page; fixed on the left.
export function nameColumn<T extends { name: string }>(
  list: ServerList<T>,
  opts: { title: string; width: number; to: (name: string) => string; breakAll?: boolean },
): ColumnType<T> {
  return {
    title: opts.title,
    key: 'name',
    dataIndex: 'name',
    ...sortedBy(list, 'name'),
    fixed: 'left',
    width: opts.width,
    render: (name: string) => (
      <Link to={opts.to(name)} style={opts.breakAll ? { wordBreak: 'break-all' } : undefined}>
        {name}
      </Link>
    ),
  };
}

// The cluster, sorted and filtered by the server.
export function clusterColumn<T extends { cluster: string }>(list: ServerList<T>, options: FilterOptions): ColumnType<T> {
  return {
    title: 'Cluster',
    key: 'cluster',
    dataIndex: 'cluster',
    width: 110,
    ...sortedBy(list, 'cluster'),
    ...filteredBy(list, 'cluster', options),
  };
}

// A one-line summary cut to the column's width, whole in its tooltip.
export function summaryColumn<T>(title: string, key: string, width: number, text: (row: T) => string): ColumnType<T> {
  return {
    title,
    key,
    width,
    ellipsis: { showTitle: false },
    render: (_, row) => {
      const t = text(row);
      return (
        <Tooltip title={t}>
          <span>{t}</span>
        </Tooltip>
      );
    },
  };
}

// "2 / 5": errors in red and warnings in orange when there are any.
export function problemsColumn<T extends { errors: number; warnings: number }>(): ColumnType<T> {
  return {
    title: 'Errors / Warnings',
    key: 'problems',
    width: 100,
    render: (_, r) => (
      <span aria-label={`${r.errors} errors, ${r.warnings} warnings`}>
        <Typography.Text type={r.errors ? 'danger' : 'secondary'}>{r.errors}</Typography.Text>
        {' / '}
        <Typography.Text type={r.warnings ? 'warning' : 'secondary'}>{r.warnings}</Typography.Text>
      </span>
    ),
  };
}

// An icon-only row action with its tooltip; `aria-label` names the action and its row.
export function RowAction({ tip, ...button }: { tip: ReactNode; 'aria-label': string } & Omit<ButtonProps, 'type'>) {
  return (
    <Tooltip title={tip}>
      <Button type="text" {...button} />
    </Tooltip>
  );
}
