// The filter row above a server-paged list: a name box and selects, each bound to the URL by the page.
import type { ReactNode } from 'react';
import InputAdornment from '@mui/material/InputAdornment';
import MenuItem from '@mui/material/MenuItem';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import SearchIcon from '@mui/icons-material/Search';

export function FilterBar({ children, alignCenter = false }: { children: ReactNode; alignCenter?: boolean }) {
  return (
    <Stack
      direction={{ xs: 'column', sm: 'row' }}
      spacing={2}
      sx={{ p: 2, borderBottom: 1, borderColor: 'divider', ...(alignCenter && { alignItems: { sm: 'center' } }) }}
    >
      {children}
    </Stack>
  );
}

export function NameFilterField({ value, onChange }: { value: string; onChange: (value: string) => void }) {
  return (
    <TextField
      label="Filter by name"
      size="small"
      value={value}
      onChange={(e) => onChange(e.target.value)}
      sx={{ minWidth: { sm: 280 } }}
      slotProps={{
        input: {
          startAdornment: (
            <InputAdornment position="start">
              <SearchIcon fontSize="small" />
            </InputAdornment>
          ),
        },
        htmlInput: { type: 'search' },
      }}
    />
  );
}

export interface SelectFilterFieldProps {
  label: string;
  /** '' for all. */
  value: string;
  onChange: (value: string) => void;
  /** The first option, standing for no filter. */
  allLabel: string;
  /** Option labels by value, in their order. */
  options: Record<string, string>;
  minWidth: number;
}

export function SelectFilterField({ label, value, onChange, allLabel, options, minWidth }: SelectFilterFieldProps) {
  return (
    <TextField
      select
      label={label}
      size="small"
      value={value}
      onChange={(e) => onChange(e.target.value)}
      sx={{ minWidth }}
      slotProps={{ inputLabel: { shrink: true }, select: { displayEmpty: true } }}
    >
      <MenuItem value="">{allLabel}</MenuItem>
      {Object.entries(options).map(([key, optionLabel]) => (
        <MenuItem key={key} value={key}>
          {optionLabel}
        </MenuItem>
      ))}
    </TextField>
  );
}
