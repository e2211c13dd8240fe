// Paging and sort of a server-paged list, kept in the URL so every view is a shareable link.
// `page` is 1-based in the URL (what people read) and 0-based in code (what grids use).
import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router';

export interface GridSort {
  field: string;
  order: 'asc' | 'desc';
}

export interface GridUrlState {
  page: number;
  pageSize: number;
  pageSizeOptions: number[];
  sort: GridSort | undefined;
  setPagination: (model: { page: number; pageSize: number }) => void;
  setSort: (sort: GridSort | undefined) => void;
}

export interface GridUrlOptions {
  /** Prefix of the URL parameters, for two lists on one page (e.g. "b" → bpage, bsize, bsort). */
  prefix?: string;
  defaultPageSize?: number;
  pageSizeOptions?: number[];
  defaultSort?: GridSort;
  /** Fields the server can sort by; other values in the URL are ignored. */
  sortFields?: readonly string[];
}

export function formatSort(sort: GridSort): string {
  return `${sort.order}:${sort.field}`;
}

export function useGridUrlState(options: GridUrlOptions = {}): GridUrlState {
  const { prefix = '', defaultPageSize = 25, defaultSort, sortFields = [] } = options;
  const pageSizeOptions = useMemo(
    () => options.pageSizeOptions ?? [10, 25, 50, 100],
    [options.pageSizeOptions],
  );
  const [params, setParams] = useSearchParams();
  const keys = { page: `${prefix}page`, size: `${prefix}size`, sort: `${prefix}sort` };

  const rawPage = Number(params.get(keys.page));
  const page = Number.isInteger(rawPage) && rawPage >= 1 ? rawPage - 1 : 0;
  const rawSize = Number(params.get(keys.size));
  const pageSize = pageSizeOptions.includes(rawSize) ? rawSize : defaultPageSize;
  const sortMatch = /^(asc|desc):(.+)$/.exec(params.get(keys.sort) ?? '');
  const sort: GridSort | undefined =
    sortMatch && sortFields.includes(sortMatch[2])
      ? { order: sortMatch[1] as 'asc' | 'desc', field: sortMatch[2] }
      : defaultSort;

  const setPagination = useCallback(
    (model: { page: number; pageSize: number }) =>
      setParams((current) => {
        const next = new URLSearchParams(current);
        const sizeChanged = model.pageSize !== pageSize;
        const nextPage = sizeChanged ? 0 : model.page;
        if (nextPage > 0) next.set(keys.page, String(nextPage + 1));
        else next.delete(keys.page);
        if (model.pageSize !== defaultPageSize) next.set(keys.size, String(model.pageSize));
        else next.delete(keys.size);
        return next;
      }),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [setParams, pageSize, defaultPageSize, prefix],
  );

  const setSort = useCallback(
    (value: GridSort | undefined) =>
      setParams((current) => {
        const next = new URLSearchParams(current);
        next.delete(keys.page);
        if (value && (!defaultSort || formatSort(value) !== formatSort(defaultSort)))
          next.set(keys.sort, formatSort(value));
        else next.delete(keys.sort);
        return next;
      }),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [setParams, defaultSort?.field, defaultSort?.order, prefix],
  );

  return { page, pageSize, pageSizeOptions, sort, setPagination, setSort };
}
