// Filters of a server-paged list, kept in the URL next to its paging (see use-grid-url-state).
// Any filter change goes back to the first page.
import { useEffect, useState } from 'react';
import { useSearchParams } from 'react-router';
import { useDebounced } from './use-debounced.ts';

export function useUrlFilters() {
  const [params, setParams] = useSearchParams();
  /** Sets the filter, or removes it when `value` is empty. */
  const setFilter = (key: string, value: string, options?: { replace?: boolean }) =>
    setParams((current) => {
      const next = new URLSearchParams(current);
      if (value) next.set(key, value);
      else next.delete(key);
      next.delete('page');
      return next;
    }, options);
  const clearFilters = (keys: readonly string[]) =>
    setParams((current) => {
      const next = new URLSearchParams(current);
      for (const key of [...keys, 'page']) next.delete(key);
      return next;
    });
  return { params, setFilter, clearFilters };
}

/** A typed-in filter: the URL follows the box once typing pauses; the URL stays the source of truth. */
export function useUrlTextFilter(key: string) {
  const { params, setFilter } = useUrlFilters();
  const value = params.get(key) ?? '';
  const [input, setInput] = useState(value);
  const debounced = useDebounced(input.trim(), 300);
  useEffect(() => {
    if (debounced === value) return;
    setFilter(key, debounced, { replace: true });
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [debounced]);
  return { value, input, setInput };
}
