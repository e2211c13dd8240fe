import { Fragment, type ReactNode } from 'react';
import Box from '@mui/material/Box';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { CopyButton } from './copy-button.tsx';

export interface JsonViewerProps {
  value: unknown;
  /** What the JSON is, e.g. "Catalog entry"; also names the copy button. */
  label: string;
  maxHeight?: number | string;
}

const TOKEN = /("(?:\\.|[^"\\])*")(\s*:)?|\b(true|false|null)\b|(-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)/g;

/** Splits pretty-printed JSON into coloured spans. Everything stays text: nothing is parsed as HTML. */
function highlight(json: string): ReactNode[] {
  const out: ReactNode[] = [];
  let last = 0;
  let key = 0;
  for (const m of json.matchAll(TOKEN)) {
    const at = m.index ?? 0;
    if (at > last) out.push(<Fragment key={key++}>{json.slice(last, at)}</Fragment>);
    if (m[1] !== undefined) {
      out.push(
        <Box component="span" key={key++} sx={{ color: m[2] ? 'primary.main' : 'success.main' }}>
          {m[1]}
        </Box>,
      );
      if (m[2]) out.push(<Fragment key={key++}>{m[2]}</Fragment>);
    } else {
      out.push(
        <Box component="span" key={key++} sx={{ color: 'warning.main' }}>
          {m[0]}
        </Box>,
      );
    }
    last = at + m[0].length;
  }
  if (last < json.length) out.push(<Fragment key={key}>{json.slice(last)}</Fragment>);
  return out;
}

export function JsonViewer({ value, label, maxHeight = 400 }: JsonViewerProps) {
  const json = JSON.stringify(value, null, 2) ?? 'undefined';
  return (
    <Paper variant="outlined" sx={{ position: 'relative' }}>
      <Stack
        direction="row"
        sx={{
          alignItems: 'center',
          justifyContent: 'space-between',
          px: 1.5,
          py: 0.5,
          borderBottom: 1,
          borderColor: 'divider',
        }}
      >
        <Typography variant="caption" color="text.secondary">
          {label}
        </Typography>
        <CopyButton text={json} label={`Copy ${label}`} />
      </Stack>
      <Box
        component="pre"
        tabIndex={0}
        aria-label={label}
        sx={{
          m: 0,
          p: 1.5,
          overflow: 'auto',
          maxHeight,
          fontSize: 12.5,
          lineHeight: 1.5,
          fontFamily: 'ui-monospace, SFMono-Regular, Menlo, Consolas, monospace',
        }}
      >
        {highlight(json)}
      </Box>
    </Paper>
  );
}
