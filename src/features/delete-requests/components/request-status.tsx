import { StatusChip } from '../../../components/status-chip.tsx';
import type { LegacyJobStatus } from '../../../../contracts/system-jobs.ts';

/** AEP's system-job statuses → the console's status chip (colour, spinner while processing). */
const CHIP_STATUS: Record<LegacyJobStatus, string> = {
  NEW: 'new',
  PROCESSING: 'processing',
  COMPLETED: 'succeeded',
  ERROR: 'failed',
};

export const STATUS_WORDS: Record<LegacyJobStatus, string> = {
  NEW: 'Waiting to start',
  PROCESSING: 'Deleting data and repairing identity graphs',
  COMPLETED: 'Completed',
  ERROR: 'Ended with an error',
};

export function RequestStatusChip({ status, size }: { status: LegacyJobStatus; size?: 'small' | 'medium' }) {
  return <StatusChip status={CHIP_STATUS[status]} size={size} />;
}

/** "0.4 s", "12 s", "3 min 4 s", "2 h 5 min". */
export function formatDuration(seconds: number | undefined): string {
  if (seconds === undefined || !Number.isFinite(seconds)) return '—';
  if (seconds < 10) return `${seconds.toFixed(1)} s`;
  const s = Math.round(seconds);
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${s % 60} s`;
  return `${Math.floor(s / 3600)} h ${Math.floor((s % 3600) / 60)} min`;
}
