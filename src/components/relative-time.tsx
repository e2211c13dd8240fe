import Tooltip from '@mui/material/Tooltip';

const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ['year', 365 * 24 * 3600],
  ['month', 30 * 24 * 3600],
  ['week', 7 * 24 * 3600],
  ['day', 24 * 3600],
  ['hour', 3600],
  ['minute', 60],
  ['second', 1],
];

const relative = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' });
const absolute = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'medium' });

/** "3 minutes ago" for a time relative to now. */
export function formatRelative(date: Date, now = Date.now()): string {
  const seconds = Math.round((date.getTime() - now) / 1000);
  if (Math.abs(seconds) < 10) return 'just now';
  for (const [unit, size] of UNITS) {
    if (Math.abs(seconds) >= size || unit === 'second')
      return relative.format(Math.round(seconds / size), unit);
  }
  return relative.format(seconds, 'second');
}

export const formatAbsolute = (date: Date) => absolute.format(date);

export interface RelativeTimeProps {
  /** Epoch milliseconds or an ISO string. */
  value: number | string | undefined;
  /** Shown when there is no value. */
  emptyLabel?: string;
}

/** Relative time, with the absolute date and time in a tooltip (and in the `dateTime` attribute). */
export function RelativeTime({ value, emptyLabel = '—' }: RelativeTimeProps) {
  if (value === undefined || value === '') return <span>{emptyLabel}</span>;
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return <span>{String(value)}</span>;
  const full = formatAbsolute(date);
  return (
    <Tooltip title={full} describeChild>
      <time dateTime={date.toISOString()}>{formatRelative(date)}</time>
    </Tooltip>
  );
}
