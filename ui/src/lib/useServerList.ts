// A server-side list for an antd Table: search, equality filters, sort and pages go to the API
// (`search`, `status=A,B`, `sort=-createdAt`, `limit`, `offset`); the answer's `total` drives the
// pagination. Reloads every `intervalMs` while any row is still running.
import { useMemo, useState } from 'react';
import type { TablePaginationConfig } from 'antd';
import type { FilterValue, SorterResult } from 'antd/es/table/interface';
import { api, type Page, type Query } from '../api/client';
import { useLoad } from './usePolling';

export interface ServerListOptions<T> {
  path: string; // "/backups"
  defaultSort?: string; // "-createdAt"
  pageSize?: number;
  fixed?: Query; // filters that are not the user's (a schedule's backups: {schedule: "x"})
  intervalMs?: number;
  isLive?: (row: T) => boolean; // rows that make the list reload on its own
}

export function useServerList<T>(opts: ServerListOptions<T>) {
  const [search, setSearch] = useState('');
  const [filters, setFilters] = useState<Record<string, string[]>>({});
  const [sort, setSort] = useState<string | undefined>(opts.defaultSort);
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(opts.pageSize ?? 20);

  const query: Query = useMemo(() => {
    const q: Query = { ...opts.fixed, search, sort, limit: pageSize, offset: (page - 1) * pageSize };
    for (const [k, v] of Object.entries(filters)) if (v.length) q[k] = v.join(',');
    return q;
  }, [opts.fixed, search, sort, pageSize, page, filters]);

  const [live, setLive] = useState(false);
  const loaded = useLoad(
    async () => {
      const answer = await api.get<Page<T>>(opts.path, query);
      setLive(!!opts.isLive && answer.items.some(opts.isLive));
      return answer;
    },
    [opts.path, JSON.stringify(query)],
    opts.intervalMs ?? 3000,
    live,
  );

  const onTableChange = (
    pagination: TablePaginationConfig,
    tableFilters: Record<string, FilterValue | null>,
    sorter: SorterResult<T> | SorterResult<T>[],
  ) => {
    const one = Array.isArray(sorter) ? sorter[0] : sorter;
    const field = one?.columnKey ?? (one?.field as string | undefined);
    setSort(one?.order && field ? `${one.order === 'descend' ? '-' : ''}${String(field)}` : opts.defaultSort);
    const next: Record<string, string[]> = {};
    for (const [k, v] of Object.entries(tableFilters)) if (v && v.length) next[k] = v.map(String);
    setFilters(next);
    setPage(pagination.current ?? 1);
    setPageSize(pagination.pageSize ?? pageSize);
  };

  // The sort order a column shows (for `sortOrder` on the column).
  const sortOrderOf = (key: string) =>
    sort === key ? ('ascend' as const) : sort === `-${key}` ? ('descend' as const) : null;

  return {
    ...loaded,
    items: loaded.data?.items ?? [],
    total: loaded.data?.total ?? 0,
    search,
    setSearch: (s: string) => {
      setSearch(s);
      setPage(1);
    },
    filters,
    setFilter: (key: string, values: string[]) => {
      setFilters((f) => ({ ...f, [key]: values }));
      setPage(1);
    },
    sortOrderOf,
    onTableChange,
    pagination: {
      current: page,
      pageSize,
      total: loaded.data?.total ?? 0,
      showSizeChanger: true,
      pageSizeOptions: [10, 20, 50, 100],
      showTotal: (total: number, range: [number, number]) => `${range[0]}–${range[1]} of ${total}`,
    } satisfies TablePaginationConfig,
  };
}
