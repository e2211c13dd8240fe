const integer = new Intl.NumberFormat(undefined, { maximumFractionDigits: 0 });

/** A count for display; "—" when unknown. */
export function formatCount(n: number | undefined | null): string {
  return n === undefined || n === null || Number.isNaN(n) ? '—' : integer.format(n);
}

/** "1 record", "2 records". */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${formatCount(n)} ${n === 1 ? one : many}`;
}
