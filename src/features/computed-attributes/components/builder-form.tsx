// The visual builder: a function, the event field it aggregates, conditions as rows (field,
// operator, value) combined with all/any, and the lookback. Fields come from the sandbox's events.
import Autocomplete from '@mui/material/Autocomplete';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import IconButton from '@mui/material/IconButton';
import MenuItem from '@mui/material/MenuItem';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import ToggleButton from '@mui/material/ToggleButton';
import ToggleButtonGroup from '@mui/material/ToggleButtonGroup';
import Tooltip from '@mui/material/Tooltip';
import Typography from '@mui/material/Typography';
import AddIcon from '@mui/icons-material/Add';
import DeleteOutlineIcon from '@mui/icons-material/DeleteOutlined';
import { CA_FUNCTIONS, DURATION_BOUNDS, DURATION_UNITS, type CaFunction, type DurationUnit, type EventField } from '../../../../contracts/computed-attributes.ts';
import {
  FUNCTION_LABELS,
  OPERATOR_LABELS,
  UNIT_LABELS,
  aggregatable,
  fieldType,
  lookbackProblem,
  operatorsFor,
  usableField,
  type BuilderState,
  type ConditionRow,
  type Operator,
  type RowProblem,
} from '../pql-builder.ts';

export interface BuilderFormProps {
  state: BuilderState;
  onChange: (next: BuilderState) => void;
  fields: EventField[];
  fieldsLoading: boolean;
  /** The PQL was edited by hand: the rows no longer drive it. */
  disabled: boolean;
  problems: RowProblem[];
}

function FieldPicker({
  label,
  value,
  options,
  onChange,
  disabled,
  loading,
  helperText,
  required,
}: {
  label: string;
  value: string;
  options: EventField[];
  onChange: (path: string) => void;
  disabled?: boolean;
  loading?: boolean;
  helperText?: string;
  required?: boolean;
}) {
  const selected = options.find((o) => o.path === value) ?? null;
  return (
    <Autocomplete<EventField>
      size="small"
      options={options}
      value={selected}
      loading={loading}
      disabled={disabled}
      onChange={(_e, v) => onChange(v?.path ?? '')}
      getOptionLabel={(o) => o.path}
      isOptionEqualToValue={(a, b) => a.path === b.path}
      renderOption={(props, o) => {
        const { key, ...rest } = props as typeof props & { key: string };
        return (
          <Box component="li" key={key} {...rest} sx={{ display: 'flex', justifyContent: 'space-between', gap: 2 }}>
            <Box component="span" sx={{ fontFamily: 'monospace', fontSize: 13, overflowWrap: 'anywhere' }}>
              {o.path}
            </Box>
            <Typography component="span" variant="caption" color="text.secondary" sx={{ flexShrink: 0 }}>
              {o.types.join(' / ')}
            </Typography>
          </Box>
        );
      }}
      renderInput={(params) => <TextField {...params} label={label} required={required} helperText={helperText} />}
      sx={{ minWidth: 220, flex: 1 }}
    />
  );
}

function ConditionEditor({
  row,
  fields,
  byPath,
  onChange,
  onRemove,
  disabled,
  problem,
  index,
}: {
  row: ConditionRow;
  fields: EventField[];
  byPath: Map<string, EventField>;
  onChange: (row: ConditionRow) => void;
  onRemove: () => void;
  disabled: boolean;
  problem?: string;
  index: number;
}) {
  const type = fieldType(byPath.get(row.field));
  const operators = operatorsFor(type);
  const operator = operators.includes(row.operator) ? row.operator : operators[0];
  const needsValue = operator !== 'exists';
  return (
    <Stack direction={{ xs: 'column', md: 'row' }} spacing={1} sx={{ alignItems: { md: 'flex-start' } }} role="group" aria-label={`Condition ${index + 1}`}>
      <FieldPicker
        label="Field"
        value={row.field}
        options={fields}
        disabled={disabled}
        onChange={(path) => {
          const ops = operatorsFor(fieldType(byPath.get(path)));
          onChange({ ...row, field: path, operator: ops.includes(row.operator) ? row.operator : ops[0], value: '' });
        }}
      />
      <TextField
        select
        size="small"
        label="Operator"
        value={operator}
        disabled={disabled || !row.field}
        onChange={(e) => onChange({ ...row, operator: e.target.value as Operator })}
        sx={{ minWidth: 170 }}
      >
        {operators.map((op) => (
          <MenuItem key={op} value={op}>
            {OPERATOR_LABELS[op]}
          </MenuItem>
        ))}
      </TextField>
      {needsValue &&
        (type === 'boolean' ? (
          <TextField
            select
            size="small"
            label="Value"
            value={row.value}
            disabled={disabled}
            onChange={(e) => onChange({ ...row, value: e.target.value })}
            error={Boolean(problem)}
            helperText={problem}
            sx={{ minWidth: 120 }}
          >
            <MenuItem value="true">true</MenuItem>
            <MenuItem value="false">false</MenuItem>
          </TextField>
        ) : (
          <TextField
            size="small"
            label="Value"
            value={row.value}
            disabled={disabled || !row.field}
            onChange={(e) => onChange({ ...row, value: e.target.value })}
            error={Boolean(problem)}
            helperText={problem ?? (type === 'number' ? 'A number' : undefined)}
            slotProps={{ htmlInput: { inputMode: type === 'number' ? 'decimal' : 'text' } }}
            sx={{ minWidth: 160, flex: 1 }}
          />
        ))}
      <Tooltip title="Remove this condition">
        <span>
          <IconButton aria-label={`Remove condition ${index + 1}`} onClick={onRemove} disabled={disabled} sx={{ mt: { md: 0.25 } }}>
            <DeleteOutlineIcon />
          </IconButton>
        </span>
      </Tooltip>
    </Stack>
  );
}

let rowSeq = 0;

export function BuilderForm({ state, onChange, fields, fieldsLoading, disabled, problems }: BuilderFormProps) {
  const usable = fields.filter(usableField);
  const byPath = new Map(fields.map((f) => [f.path, f]));
  const valueFields = usable.filter((f) => aggregatable(state.fn, f));
  const conditionFields = usable.filter((f) => f.types.length > 0);
  const lookbackError = lookbackProblem(state.lookback.count, state.lookback.unit);
  const setRow = (row: ConditionRow) => onChange({ ...state, conditions: state.conditions.map((r) => (r.id === row.id ? row : r)) });
  const fieldInvalid = state.field !== '' && !valueFields.some((f) => f.path === state.field);

  return (
    <Stack spacing={2.5}>
      <Stack direction={{ xs: 'column', md: 'row' }} spacing={1.5}>
        <TextField
          select
          size="small"
          label="Function"
          value={state.fn}
          disabled={disabled}
          onChange={(e) => {
            const fn = e.target.value as CaFunction;
            const keep = state.field && byPath.get(state.field) && aggregatable(fn, byPath.get(state.field)!);
            onChange({ ...state, fn, field: keep ? state.field : '' });
          }}
          sx={{ minWidth: 200 }}
        >
          {CA_FUNCTIONS.map((fn) => (
            <MenuItem key={fn} value={fn}>
              {FUNCTION_LABELS[fn]}
            </MenuItem>
          ))}
        </TextField>
        <FieldPicker
          label={state.fn === 'count' ? 'Event field (optional)' : 'Event field'}
          required={state.fn !== 'count'}
          value={state.field}
          options={valueFields}
          loading={fieldsLoading}
          disabled={disabled}
          onChange={(path) => onChange({ ...state, field: path })}
          helperText={
            fieldInvalid
              ? 'This field cannot be used with this function'
              : state.fn === 'count'
                ? 'Count events, or only events that have this field'
                : state.fn === 'mostRecent'
                  ? 'Its value on the latest matching event'
                  : 'Number fields of the sandbox’s events'
          }
        />
      </Stack>

      <Box>
        <Stack direction="row" spacing={1.5} sx={{ alignItems: 'center', mb: 1.5, flexWrap: 'wrap', rowGap: 1 }}>
          <Typography variant="subtitle2" component="h3">
            Events that count
          </Typography>
          {state.conditions.length > 1 && (
            <ToggleButtonGroup
              size="small"
              exclusive
              value={state.combine}
              disabled={disabled}
              onChange={(_e, v: 'and' | 'or' | null) => v && onChange({ ...state, combine: v })}
              aria-label="Combine conditions"
            >
              <ToggleButton value="and">All of</ToggleButton>
              <ToggleButton value="or">Any of</ToggleButton>
            </ToggleButtonGroup>
          )}
        </Stack>
        <Stack spacing={1.5}>
          {state.conditions.length === 0 && (
            <Typography variant="body2" color="text.secondary">
              Every event in the lookback window. Add a condition to narrow it down.
            </Typography>
          )}
          {state.conditions.map((row, i) => (
            <ConditionEditor
              key={row.id}
              index={i}
              row={row}
              fields={conditionFields}
              byPath={byPath}
              disabled={disabled}
              problem={problems.find((p) => p.id === row.id)?.message}
              onChange={setRow}
              onRemove={() => onChange({ ...state, conditions: state.conditions.filter((r) => r.id !== row.id) })}
            />
          ))}
          <Box>
            <Button
              startIcon={<AddIcon />}
              disabled={disabled}
              onClick={() => onChange({ ...state, conditions: [...state.conditions, { id: ++rowSeq, field: '', operator: '=', value: '' }] })}
            >
              Add condition
            </Button>
          </Box>
        </Stack>
      </Box>

      <Stack direction="row" spacing={1.5} sx={{ alignItems: 'flex-start' }}>
        <TextField
          size="small"
          type="number"
          label="Lookback"
          value={Number.isFinite(state.lookback.count) ? state.lookback.count : ''}
          onChange={(e) => onChange({ ...state, lookback: { ...state.lookback, count: e.target.value === '' ? NaN : Number(e.target.value) } })}
          error={Boolean(lookbackError)}
          helperText={lookbackError ?? `${DURATION_BOUNDS[state.lookback.unit].min} to ${DURATION_BOUNDS[state.lookback.unit].max}`}
          slotProps={{ htmlInput: { min: DURATION_BOUNDS[state.lookback.unit].min, max: DURATION_BOUNDS[state.lookback.unit].max, step: 1 } }}
          sx={{ width: 130 }}
        />
        <TextField
          select
          size="small"
          label="Unit"
          value={state.lookback.unit}
          onChange={(e) => onChange({ ...state, lookback: { ...state.lookback, unit: e.target.value as DurationUnit } })}
          sx={{ width: 140 }}
        >
          {DURATION_UNITS.map((u) => (
            <MenuItem key={u} value={u}>
              {UNIT_LABELS[u]}
            </MenuItem>
          ))}
        </TextField>
      </Stack>
    </Stack>
  );
}
