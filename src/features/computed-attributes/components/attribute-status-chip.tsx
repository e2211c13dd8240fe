import Chip from '@mui/material/Chip';
import CircularProgress from '@mui/material/CircularProgress';
import type { ChipProps } from '@mui/material/Chip';

const STYLES: Record<string, { label: string; color: ChipProps['color']; running?: boolean; outlined?: boolean }> = {
  DRAFT: { label: 'Draft', color: 'default', outlined: true },
  NEW: { label: 'New', color: 'info', running: true },
  INITIALIZING: { label: 'Initializing', color: 'info', running: true },
  PROCESSING: { label: 'Processing', color: 'info', running: true },
  PROCESSED: { label: 'Processed', color: 'success' },
  FAILED: { label: 'Failed', color: 'error' },
  DISABLED: { label: 'Disabled', color: 'default' },
};

/** A computed attribute's status (§8.1), with a spinner while it is being evaluated. */
export function AttributeStatusChip({ status, size = 'small' }: { status: string; size?: ChipProps['size'] }) {
  const style = STYLES[status] ?? { label: status, color: 'default' as const, outlined: true };
  return (
    <Chip
      size={size}
      color={style.color}
      variant={style.outlined ? 'outlined' : 'filled'}
      label={style.label}
      icon={style.running ? <CircularProgress size={12} color="inherit" aria-hidden /> : undefined}
      data-status={status}
    />
  );
}
