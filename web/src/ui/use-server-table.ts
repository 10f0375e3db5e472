import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { TablePaginationConfig, TableProps } from 'antd';
import type { SorterResult, SortOrder } from 'antd/es/table/interface';
import { useCallback, useState } from 'react';
import { useT } from '../app/i18n/LocaleProvider';

/** The list envelope every paginated endpoint answers with. */
export interface PageResult<T> {
  items: T[];
  total: number;
  /** Set when the server stopped counting at `total` (very large logs): shown as "10000+". */
  totalCapped?: boolean;
  page: number;
  pageSize: number;
}

export interface PageParams {
  page: number;
  pageSize: number;
  /** `field:asc` or `field:desc`; undefined = the server's default order */
  sort?: string;
}

interface ServerTableOptions<TRow, TFilters> {
  queryKey: readonly unknown[];
  fetchPage: (params: PageParams & TFilters) => Promise<PageResult<TRow>>;
  initialFilters: TFilters;
  defaultSort?: string;
  defaultPageSize?: number;
}

/**
 * State and antd Table props for a server-paginated list: page, page size, sort and filters
 * go to the server; the table shows exactly what came back.
 */
export function useServerTable<TRow extends { id: number | string }, TFilters extends object>(
  options: ServerTableOptions<TRow, TFilters>,
) {
  const t = useT();
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(options.defaultPageSize ?? 20);
  const [sort, setSort] = useState<string | undefined>(options.defaultSort);
  const [filters, setFiltersState] = useState<TFilters>(options.initialFilters);

  const params: PageParams & TFilters = { ...filters, page, pageSize, sort };
  const query = useQuery({
    queryKey: [...options.queryKey, params],
    queryFn: () => options.fetchPage(params),
    placeholderData: keepPreviousData,
  });

  const setFilters = useCallback((next: TFilters) => {
    setFiltersState(next);
    setPage(1);
  }, []);

  const sortOrderFor = useCallback(
    (field: string): SortOrder => {
      if (!sort) return null;
      const [sortField, direction] = sort.split(':');
      if (sortField !== field) return null;
      return direction === 'asc' ? 'ascend' : 'descend';
    },
    [sort],
  );

  const onChange: TableProps<TRow>['onChange'] = (pagination, _filters, sorter, extra) => {
    if (extra.action === 'sort') {
      const single = (Array.isArray(sorter) ? sorter[0] : sorter) as SorterResult<TRow> | undefined;
      const field = single?.columnKey ?? single?.field;
      if (single?.order && field !== undefined) {
        setSort(`${String(field)}:${single.order === 'ascend' ? 'asc' : 'desc'}`);
      } else {
        setSort(options.defaultSort);
      }
      setPage(1);
      return;
    }
    if (pagination.pageSize && pagination.pageSize !== pageSize) {
      setPageSize(pagination.pageSize);
      setPage(1);
      return;
    }
    setPage(pagination.current ?? 1);
  };

  const pagination: TablePaginationConfig = {
    current: query.data?.page ?? page,
    pageSize: query.data?.pageSize ?? pageSize,
    total: query.data?.total ?? 0,
    showSizeChanger: true,
    pageSizeOptions: [10, 20, 50, 100],
    showTotal: (total) => t('table.total', { total: query.data?.totalCapped ? `${total}+` : total }),
  };

  const tableProps: TableProps<TRow> = {
    rowKey: 'id',
    dataSource: query.data?.items ?? [],
    loading: query.isFetching,
    pagination,
    onChange,
  };

  const applySort = useCallback(
    (next: string | undefined) => {
      setSort(next ?? options.defaultSort);
      setPage(1);
    },
    [options.defaultSort],
  );

  return { tableProps, filters, setFilters, sort, setSort: applySort, sortOrderFor, query, refetch: query.refetch };
}
