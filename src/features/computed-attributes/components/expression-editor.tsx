// The PQL the builder generates, editable by hand, with the service parser's verdict: the return
// type when valid, or the message with a caret under the position it names.
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import CircularProgress from '@mui/material/CircularProgress';
import FormControlLabel from '@mui/material/FormControlLabel';
import Stack from '@mui/material/Stack';
import Switch from '@mui/material/Switch';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import CheckCircleOutlineIcon from '@mui/icons-material/CheckCircleOutlined';
import type { ValidationResult } from '../../../../contracts/computed-attributes.ts';
import { errorText } from '../../../components/inline-error.tsx';
import { MERGE_FUNCTION_LABELS } from '../pql-builder.ts';

export interface ExpressionEditorProps {
  value: string;
  onChange: (value: string) => void;
  /** Hand-editing: the text is the source of truth, the builder rows are detached. */
  manual: boolean;
  onManualChange: (manual: boolean) => void;
  validation: ValidationResult | undefined;
  validating: boolean;
  /** The validation request itself failed (service unreachable, …). */
  validationError?: unknown;
  /** Shown instead of a verdict while the expression is not complete. */
  hint?: string;
}

/** The line of the expression with the problem, and a caret under its column. */
function Caret({ source, line, column }: { source: string; line: number; column: number }) {
  const text = source.split('\n')[line - 1] ?? '';
  // keep the excerpt short around the column
  const start = Math.max(0, column - 60);
  const excerpt = (start > 0 ? '…' : '') + text.slice(start, column + 40) + (text.length > column + 40 ? '…' : '');
  const pad = column - 1 - start + (start > 0 ? 1 : 0);
  return (
    <Box
      component="pre"
      aria-label={`Position: line ${line}, column ${column}`}
      sx={{ m: 0, mt: 1, p: 1, bgcolor: 'action.hover', borderRadius: 1, fontSize: 12.5, lineHeight: 1.5, overflowX: 'auto', whiteSpace: 'pre' }}
    >
      {excerpt}
      {'\n'}
      <Box component="span" sx={{ color: 'error.main', fontWeight: 700 }}>
        {' '.repeat(Math.max(0, pad))}^
      </Box>
    </Box>
  );
}

export function ExpressionEditor({ value, onChange, manual, onManualChange, validation, validating, validationError, hint }: ExpressionEditorProps) {
  return (
    <Stack spacing={1.5}>
      <Stack direction="row" sx={{ justifyContent: 'space-between', alignItems: 'center', flexWrap: 'wrap', gap: 1 }}>
        <Typography variant="subtitle2" component="h3">
          PQL expression
        </Typography>
        <FormControlLabel control={<Switch checked={manual} onChange={(e) => onManualChange(e.target.checked)} />} label="Edit by hand" />
      </Stack>
      <TextField
        multiline
        minRows={3}
        fullWidth
        value={value}
        onChange={(e) => onChange(e.target.value)}
        slotProps={{
          input: { readOnly: !manual, sx: { fontFamily: 'ui-monospace, SFMono-Regular, Menlo, Consolas, monospace', fontSize: 13.5 } },
          htmlInput: { 'aria-label': 'PQL expression', spellCheck: false },
        }}
        helperText={manual ? 'Your text is used as written; turn "Edit by hand" off to go back to the builder.' : 'Generated from the builder above.'}
      />
      <Box aria-live="polite" sx={{ minHeight: 48 }}>
        {hint ? (
          <Alert severity="info">{hint}</Alert>
        ) : validationError ? (
          <Alert severity="warning">Could not check the expression: {errorText(validationError)}</Alert>
        ) : !validation ? (
          validating ? (
            <Stack direction="row" spacing={1} sx={{ alignItems: 'center', color: 'text.secondary' }}>
              <CircularProgress size={16} aria-hidden />
              <Typography variant="body2">Checking…</Typography>
            </Stack>
          ) : null
        ) : validation.valid ? (
          <Alert severity="success" icon={<CheckCircleOutlineIcon fontSize="inherit" />} data-testid="validation-result">
            Valid · {MERGE_FUNCTION_LABELS[validation.mergeFunction]} returning {validation.returnSchema['meta:xdmType']}
            {validation.fields.length > 0 && (
              <>
                {' '}
                · reads{' '}
                {validation.fields.map((f, i) => (
                  <span key={f}>
                    {i > 0 && ', '}
                    <code>{f}</code>
                  </span>
                ))}
              </>
            )}
            {validating && ' · checking…'}
          </Alert>
        ) : (
          <Alert severity="error" data-testid="validation-result">
            <Typography variant="body2" sx={{ overflowWrap: 'anywhere' }}>
              {validation.message.replace(/^Invalid expression: /, '')}
            </Typography>
            {validation.expected.length > 0 && (
              <Typography variant="caption" component="div" sx={{ mt: 0.5 }}>
                Expected: {validation.expected.join(' · ')}
              </Typography>
            )}
            {validation.position && <Caret source={value} line={validation.position.line} column={validation.position.column} />}
          </Alert>
        )}
      </Box>
    </Stack>
  );
}
