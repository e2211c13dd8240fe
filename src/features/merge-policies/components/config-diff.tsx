import Box from '@mui/material/Box';
import Chip from '@mui/material/Chip';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableContainer from '@mui/material/TableContainer';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import { alpha } from '@mui/material/styles';
import type { ConfigRow } from '../model.ts';

export interface ConfigDiffProps {
  rows: ConfigRow[];
  /** Column headings, e.g. "Saved (version 3)" and "Your draft". */
  aLabel: string;
  bLabel: string;
  /** Accessible name of the table. */
  label: string;
}

/** Two configurations side by side; rows that differ are highlighted and say so. */
export function ConfigDiff({ rows, aLabel, bLabel, label }: ConfigDiffProps) {
  return (
    <TableContainer sx={{ border: 1, borderColor: 'divider', borderRadius: 1 }}>
      <Table size="small" aria-label={label} sx={{ '& td, & th': { px: { xs: 1, sm: 2 } } }}>
        <TableHead>
          <TableRow>
            <TableCell sx={{ width: '24%' }}>Setting</TableCell>
            <TableCell sx={{ width: '38%' }}>{aLabel}</TableCell>
            <TableCell sx={{ width: '38%' }}>{bLabel}</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {rows.map((row) => (
            <TableRow
              key={row.label}
              data-changed={row.changed || undefined}
              sx={
                row.changed
                  ? {
                      bgcolor: (theme) =>
                        alpha(theme.palette.warning.main, theme.palette.mode === 'dark' ? 0.16 : 0.1),
                    }
                  : undefined
              }
            >
              <TableCell component="th" scope="row" sx={{ fontWeight: 500, verticalAlign: 'top' }}>
                <Box sx={{ display: 'flex', alignItems: 'center', gap: 1, flexWrap: 'wrap' }}>
                  {row.label}
                  {row.changed && <Chip size="small" color="warning" variant="outlined" label="Changed" />}
                </Box>
              </TableCell>
              <TableCell sx={{ whiteSpace: 'pre-line', verticalAlign: 'top', overflowWrap: 'break-word' }}>
                {row.a || '—'}
              </TableCell>
              <TableCell sx={{ whiteSpace: 'pre-line', verticalAlign: 'top', overflowWrap: 'break-word' }}>
                {row.b || '—'}
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </TableContainer>
  );
}
