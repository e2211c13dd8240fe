// Numbers on the reports page: shares of the profile total and day-to-day changes.
import { formatCount } from '../../lib/format.ts';

const percent = new Intl.NumberFormat(undefined, { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 });

/** 0.555556 → "55.6%" */
export const formatShare = (fraction: number) => percent.format(fraction);

/** +12, −3, ±0 (a true minus sign). */
export function formatDelta(n: number): string {
  if (n === 0) return '±0';
  return `${n > 0 ? '+' : '−'}${formatCount(Math.abs(n))}`;
}
