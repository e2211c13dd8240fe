import Chip, { type ChipProps } from '@mui/material/Chip';
import CircularProgress from '@mui/material/CircularProgress';

type Tone = 'success' | 'error' | 'warning' | 'info' | 'default';

interface StatusStyle {
  label: string;
  tone: Tone;
  running?: boolean;
}

/** Known job and batch statuses; anything else shows as it came, in a neutral chip. */
const STATUSES: Record<string, StatusStyle> = {
  success: { label: 'Success', tone: 'success' },
  succeeded: { label: 'Succeeded', tone: 'success' },
  failed: { label: 'Failed', tone: 'error' },
  aborted: { label: 'Aborted', tone: 'default' },
  cancelled: { label: 'Cancelled', tone: 'default' },
  loading: { label: 'Loading', tone: 'info', running: true },
  processing: { label: 'Processing', tone: 'info', running: true },
  queued: { label: 'Queued', tone: 'info' },
  new: { label: 'New', tone: 'info' },
  running: { label: 'Running', tone: 'info', running: true },
};

export interface StatusChipProps {
  status: string | undefined;
  size?: ChipProps['size'];
  /** Shown when there is no status. */
  emptyLabel?: string;
}

export function StatusChip({ status, size = 'small', emptyLabel = 'None' }: StatusChipProps) {
  if (!status) return <Chip size={size} variant="outlined" label={emptyLabel} />;
  const style = STATUSES[status.toLowerCase()] ?? { label: status, tone: 'default' as const };
  return (
    <Chip
      size={size}
      color={style.tone}
      variant={style.tone === 'default' ? 'outlined' : 'filled'}
      label={style.label}
      icon={style.running ? <CircularProgress size={12} color="inherit" aria-hidden /> : undefined}
      data-status={status}
    />
  );
}
