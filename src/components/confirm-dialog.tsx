import { useId, useState, type ReactNode } from 'react';
import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { InlineError } from './inline-error.tsx';

export interface ConfirmDialogProps {
  open: boolean;
  title: string;
  /** What will happen, in plain words. */
  description: ReactNode;
  confirmLabel: string;
  /** Red confirm button for destructive actions. */
  destructive?: boolean;
  /** When set, the user must type this text before the confirm button enables. */
  typedConfirmation?: string;
  /** The action is running: buttons disabled. */
  pending?: boolean;
  /** The action failed: shown above the buttons; the dialog stays open. */
  error?: unknown;
  onConfirm: () => void;
  onClose: () => void;
}

/** Asks before a change. Destructive changes can require typing a name to confirm. */
export function ConfirmDialog(props: ConfirmDialogProps) {
  const titleId = useId();
  // Remount the body on every opening, so a typed confirmation never carries over.
  return (
    <Dialog
      open={props.open}
      onClose={props.pending ? undefined : props.onClose}
      maxWidth="xs"
      fullWidth
      aria-labelledby={titleId}
    >
      {props.open && <ConfirmBody {...props} titleId={titleId} />}
    </Dialog>
  );
}

function ConfirmBody({
  title,
  titleId,
  description,
  confirmLabel,
  destructive,
  typedConfirmation,
  pending,
  error,
  onConfirm,
  onClose,
}: ConfirmDialogProps & { titleId: string }) {
  const [typed, setTyped] = useState('');
  const inputId = useId();
  const matches = typedConfirmation === undefined || typed.trim() === typedConfirmation;
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        if (matches && !pending) onConfirm();
      }}
    >
      <DialogTitle id={titleId}>{title}</DialogTitle>
      <DialogContent>
        <Typography component="div" variant="body2" sx={{ mb: typedConfirmation !== undefined ? 2 : 0 }}>
          {description}
        </Typography>
        {typedConfirmation !== undefined && (
          <TextField
            id={inputId}
            autoFocus
            fullWidth
            size="small"
            autoComplete="off"
            label={`Type ${typedConfirmation} to confirm`}
            value={typed}
            onChange={(e) => setTyped(e.target.value)}
            disabled={pending}
          />
        )}
        {error != null && (
          <div style={{ marginTop: 16 }}>
            <InlineError title={`${confirmLabel} failed`} error={error} />
          </div>
        )}
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose} disabled={pending}>
          Cancel
        </Button>
        <Button
          type="submit"
          variant="contained"
          color={destructive ? 'error' : 'primary'}
          disabled={!matches || pending}
          autoFocus={typedConfirmation === undefined}
        >
          {pending ? 'Working…' : confirmLabel}
        </Button>
      </DialogActions>
    </form>
  );
}
