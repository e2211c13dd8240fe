// A batch's refused records, each with its line and reason. The raw record is shown as text.
import Box from '@mui/material/Box';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableContainer from '@mui/material/TableContainer';
import TableHead from '@mui/material/TableHead';
import TablePagination from '@mui/material/TablePagination';
import TableRow from '@mui/material/TableRow';
import type { FailedRecord } from '../../../../contracts/ingestion.ts';

export interface FailedRecordsTableProps {
  records: FailedRecord[];
  total: number;
  /** Paging; omit for a single page. */
  paging?: { page: number; rowsPerPage: number; onPageChange: (page: number) => void };
  caption?: string;
}

export function FailedRecordsTable({
  records,
  total,
  paging,
  caption = 'Failed records',
}: FailedRecordsTableProps) {
  return (
    <Box>
      <TableContainer sx={{ border: 1, borderColor: 'divider', borderRadius: 1 }}>
        <Table size="small" aria-label={caption}>
          <TableHead>
            <TableRow>
              <TableCell sx={{ width: 72 }}>Line</TableCell>
              <TableCell>Reason</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {records.map((r, i) => (
              <TableRow key={`${r.file}:${r.line}:${i}`} sx={{ verticalAlign: 'top' }}>
                <TableCell>{r.line}</TableCell>
                <TableCell>
                  <Box sx={{ display: 'flex', flexWrap: 'wrap', columnGap: 1, alignItems: 'baseline' }}>
                    <Box component="code" sx={{ fontSize: 12, fontWeight: 600, color: 'error.main' }}>
                      {r.code}
                    </Box>
                    <Box
                      component="span"
                      sx={{ fontSize: 12, color: 'text.secondary', overflowWrap: 'anywhere' }}
                    >
                      in {r.file}
                    </Box>
                  </Box>
                  <Box sx={{ overflowWrap: 'anywhere', mt: 0.25 }}>{r.message}</Box>
                  {r.record && (
                    <Box
                      component="code"
                      sx={{
                        display: 'block',
                        mt: 0.5,
                        p: 0.75,
                        fontSize: 11.5,
                        bgcolor: 'action.hover',
                        borderRadius: 0.5,
                        whiteSpace: 'pre-wrap',
                        overflowWrap: 'anywhere',
                        maxHeight: 96,
                        overflow: 'auto',
                      }}
                    >
                      {r.record}
                    </Box>
                  )}
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </TableContainer>
      {paging && total > paging.rowsPerPage && (
        <TablePagination
          component="div"
          count={total}
          page={paging.page}
          rowsPerPage={paging.rowsPerPage}
          rowsPerPageOptions={[paging.rowsPerPage]}
          onPageChange={(_, page) => paging.onPageChange(page)}
        />
      )}
    </Box>
  );
}
