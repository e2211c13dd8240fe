import { useState } from 'react';
import IconButton from '@mui/material/IconButton';
import ContentCopyIcon from '@mui/icons-material/ContentCopy';
import CheckIcon from '@mui/icons-material/Check';

export interface CopyButtonProps {
  text: string;
  /** Accessible name, e.g. "Copy request id". */
  label: string;
  size?: 'small' | 'medium';
}

/** Copies text to the clipboard and confirms with a check mark. (A native title, not a Tooltip: it is in the shell bundle.) */
export function CopyButton({ text, label, size = 'small' }: CopyButtonProps) {
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(text);
      setState('copied');
    } catch {
      setState('failed');
    }
    setTimeout(() => setState('idle'), 1500);
  };
  const title = state === 'copied' ? 'Copied' : state === 'failed' ? 'Copy failed' : label;
  return (
    <IconButton aria-label={label} title={title} size={size} onClick={copy}>
      {state === 'copied' ? (
        <CheckIcon fontSize="inherit" color="success" />
      ) : (
        <ContentCopyIcon fontSize="inherit" />
      )}
    </IconButton>
  );
}
