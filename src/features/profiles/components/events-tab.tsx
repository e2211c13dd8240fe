// Events: the profile's experience events as a timeline (newest first by default), filtered by time
// range and up to three property filters, paged through the API's `_links.next.href`; each event
// expands to its JSON. Filters live in the URL (event-filters.ts).
import { useId, useMemo, useState, type FormEvent } from 'react';
import { useInfiniteQuery } from '@tanstack/react-query';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Chip from '@mui/material/Chip';
import IconButton from '@mui/material/IconButton';
import MenuItem from '@mui/material/MenuItem';
import Paper from '@mui/material/Paper';
import Skeleton from '@mui/material/Skeleton';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import AddIcon from '@mui/icons-material/Add';
import CloseIcon from '@mui/icons-material/Close';
import ExpandMoreIcon from '@mui/icons-material/ExpandMore';
import ChevronRightIcon from '@mui/icons-material/ChevronRight';
import type { ExperienceEvent } from '../../../../contracts/entities.ts';
import { EmptyState } from '../../../components/empty-state.tsx';
import { InlineError } from '../../../components/inline-error.tsx';
import { JsonViewer } from '../../../components/json-viewer.tsx';
import { RelativeTime } from '../../../components/relative-time.tsx';
import type { SandboxTenant } from '../../../hooks/use-tenant.ts';
import { profileQueries } from '../api/queries.ts';
import type { ProfileLookup } from '../api/requests.ts';
import {
  EVENT_PAGE_SIZES,
  MAX_PROPERTY_FILTERS,
  PROPERTY_OPERATORS,
  eventPaths,
  eventSummary,
  formatProperty,
  localToMs,
  msToLocal,
  parseProperty,
  propertyProblem,
  toEventFilters,
  type EventUrlState,
  type PropertyFilterParts,
  type PropertyOperator,
} from '../event-filters.ts';

export interface EventsTabProps {
  tenant: SandboxTenant;
  lookup: ProfileLookup;
  state: EventUrlState;
  onStateChange: (state: EventUrlState) => void;
}

const DAY = 86_400_000;
const PRESETS: [string, number | undefined][] = [
  ['Last 24 hours', DAY],
  ['Last 7 days', 7 * DAY],
  ['Last 30 days', 30 * DAY],
  ['Last 120 days', 120 * DAY],
  ['Any time', undefined],
];

/** The `from` of a "last N" preset: now minus the span (called on click, not while rendering). */
const startOfSpan = (span: number) => msToLocal(Date.now() - span);

const dayFormat = new Intl.DateTimeFormat(undefined, { weekday: 'long', year: 'numeric', month: 'long', day: 'numeric' });
const timeFormat = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit' });

function FilterForm({ state, onApply, paths }: { state: EventUrlState; onApply: (s: EventUrlState) => void; paths: string[] }) {
  const [from, setFrom] = useState(state.from);
  const [to, setTo] = useState(state.to);
  const [rows, setRows] = useState<PropertyFilterParts[]>(() => state.property.map((p) => parseProperty(p)!).filter(Boolean));
  const [submitted, setSubmitted] = useState(false);
  const listId = useId();

  const rangeProblem = localToMs(from) !== undefined && localToMs(to) !== undefined && localToMs(from)! >= localToMs(to)! ? 'Must be after From' : undefined;
  const problems = rows.map(propertyProblem);

  const apply = (e: FormEvent) => {
    e.preventDefault();
    setSubmitted(true);
    if (rangeProblem || problems.some(Boolean)) return;
    onApply({ ...state, from, to, property: rows.map(formatProperty) });
  };
  const preset = (span: number | undefined) => {
    const next = { ...state, from: span === undefined ? '' : startOfSpan(span), to: '' };
    setFrom(next.from);
    setTo('');
    onApply({ ...next, property: state.property });
  };
  const setRow = (i: number, patch: Partial<PropertyFilterParts>) => setRows((r) => r.map((row, j) => (j === i ? { ...row, ...patch } : row)));

  return (
    <Paper variant="outlined" component="form" onSubmit={apply} aria-label="Event filters" noValidate sx={{ p: 2 }}>
      <Stack direction="row" sx={{ gap: 1, flexWrap: 'wrap', mb: 2 }} role="group" aria-label="Time range presets">
        {PRESETS.map(([label, span]) => (
          <Chip key={label} label={label} onClick={() => preset(span)} variant="outlined" clickable />
        ))}
      </Stack>
      <Box sx={{ display: 'grid', gap: 2, gridTemplateColumns: { xs: '1fr', sm: '1fr 1fr', md: 'repeat(4, minmax(0, 1fr))' } }}>
        <TextField type="datetime-local" label="From" size="small" value={from} onChange={(e) => setFrom(e.target.value)} slotProps={{ inputLabel: { shrink: true } }} />
        <TextField
          type="datetime-local"
          label="To (exclusive)"
          size="small"
          value={to}
          onChange={(e) => setTo(e.target.value)}
          error={Boolean(rangeProblem)}
          helperText={rangeProblem}
          slotProps={{ inputLabel: { shrink: true } }}
        />
        <TextField
          select
          label="Order"
          size="small"
          value={state.order}
          onChange={(e) => onApply({ ...state, order: e.target.value === 'asc' ? 'asc' : 'desc' })}
        >
          <MenuItem value="desc">Newest first</MenuItem>
          <MenuItem value="asc">Oldest first</MenuItem>
        </TextField>
        <TextField select label="Events per page" size="small" value={state.limit} onChange={(e) => onApply({ ...state, limit: Number(e.target.value) })}>
          {EVENT_PAGE_SIZES.map((n) => (
            <MenuItem key={n} value={n}>
              {n}
            </MenuItem>
          ))}
        </TextField>
      </Box>
      <datalist id={listId}>
        {paths.map((p) => (
          <option key={p} value={p} />
        ))}
      </datalist>
      {rows.length > 0 && (
        <Stack spacing={1.5} sx={{ mt: 2 }} role="group" aria-label="Property filters">
          {rows.map((row, i) => {
            const problem = submitted ? problems[i] : undefined;
            return (
              <Box key={i} sx={{ display: 'grid', gap: 1, gridTemplateColumns: { xs: '1fr 90px auto', md: 'minmax(0, 2fr) 100px minmax(0, 1.5fr) auto' }, alignItems: 'start' }}>
                <TextField
                  size="small"
                  label={`Property ${i + 1} path`}
                  placeholder="eventType"
                  value={row.path}
                  onChange={(e) => setRow(i, { path: e.target.value })}
                  error={Boolean(problem && problem.startsWith('A dotted'))}
                  helperText={problem && problem.startsWith('A dotted') ? problem : undefined}
                  slotProps={{ htmlInput: { list: listId, spellCheck: false } }}
                  sx={{ gridColumn: { xs: '1 / 4', md: 'auto' } }}
                />
                <TextField select size="small" label="Operator" value={row.op} onChange={(e) => setRow(i, { op: e.target.value as PropertyOperator })}>
                  {PROPERTY_OPERATORS.map((op) => (
                    <MenuItem key={op} value={op}>
                      {op}
                    </MenuItem>
                  ))}
                </TextField>
                <TextField
                  size="small"
                  label={`Property ${i + 1} value`}
                  placeholder="commerce.purchases"
                  value={row.value}
                  onChange={(e) => setRow(i, { value: e.target.value })}
                  error={Boolean(problem && !problem.startsWith('A dotted'))}
                  helperText={problem && !problem.startsWith('A dotted') ? problem : undefined}
                  slotProps={{ htmlInput: { spellCheck: false } }}
                />
                <IconButton aria-label={`Remove property filter ${i + 1}`} onClick={() => setRows((r) => r.filter((_, j) => j !== i))} sx={{ mt: 0.25 }}>
                  <CloseIcon fontSize="small" />
                </IconButton>
              </Box>
            );
          })}
          <Typography variant="caption" color="text.secondary">
            Operators = != &lt; &lt;= &gt; &gt;=. Quote dates (&quot;2026-07-20&quot;) to compare by day; true and false compare with = and !=.
          </Typography>
        </Stack>
      )}
      <Stack direction="row" sx={{ gap: 1, mt: 2, flexWrap: 'wrap' }}>
        <Button type="submit" variant="contained">
          Apply filters
        </Button>
        <Button
          startIcon={<AddIcon />}
          disabled={rows.length >= MAX_PROPERTY_FILTERS}
          onClick={() => setRows((r) => [...r, { path: '', op: '=', value: '' }])}
        >
          Add property filter
        </Button>
        <Button
          onClick={() => {
            setFrom('');
            setTo('');
            setRows([]);
            setSubmitted(false);
            onApply({ ...state, from: '', to: '', property: [] });
          }}
        >
          Clear filters
        </Button>
      </Stack>
    </Paper>
  );
}

function EventItem({ event }: { event: ExperienceEvent }) {
  const [open, setOpen] = useState(false);
  const detailsId = useId();
  const type = typeof event.entity.eventType === 'string' ? event.entity.eventType : 'Event';
  const summary = eventSummary(event.entity);
  const date = new Date(event.timestamp);
  return (
    <Box component="li" sx={{ position: 'relative', pl: 3, pb: 1.5 }}>
      <Box aria-hidden sx={{ position: 'absolute', left: '-5.5px', top: 16, width: 9, height: 9, borderRadius: '50%', bgcolor: 'primary.main' }} />
      <Paper variant="outlined" sx={{ p: 1 }}>
        <Stack
          direction="row"
          component="button"
          type="button"
          aria-expanded={open}
          aria-controls={detailsId}
          onClick={() => setOpen((o) => !o)}
          sx={{
            all: 'unset',
            boxSizing: 'border-box',
            width: '100%',
            display: 'flex',
            alignItems: 'center',
            gap: 1,
            cursor: 'pointer',
            flexWrap: 'wrap',
            borderRadius: 1,
            px: 0.5,
            '&:focus-visible': { outline: 2, outlineStyle: 'solid', outlineColor: 'primary.main' },
          }}
        >
          {open ? <ExpandMoreIcon fontSize="small" aria-hidden /> : <ChevronRightIcon fontSize="small" aria-hidden />}
          <Typography variant="body2" component="span" sx={{ fontVariantNumeric: 'tabular-nums', color: 'text.secondary' }}>
            <time dateTime={date.toISOString()}>{timeFormat.format(date)}</time>
          </Typography>
          <Chip size="small" label={type} variant="outlined" component="span" />
          {summary && (
            <Typography variant="body2" component="span" sx={{ minWidth: 0, overflowWrap: 'anywhere' }}>
              {summary}
            </Typography>
          )}
        </Stack>
        {open && (
          <Box id={detailsId} sx={{ mt: 1 }}>
            <Typography variant="caption" color="text.secondary" component="p" sx={{ mb: 1, overflowWrap: 'anywhere' }}>
              Event <code>{event.entityId}</code> · ingested <RelativeTime value={event.lastModifiedAt} />
            </Typography>
            <JsonViewer label={`Event ${event.entityId} JSON`} value={event.entity} maxHeight={420} />
          </Box>
        )}
      </Paper>
    </Box>
  );
}

export function EventsTab({ tenant, lookup, state, onStateChange }: EventsTabProps) {
  const filters = useMemo(() => toEventFilters(state), [state]);
  const events = useInfiniteQuery(profileQueries.events(tenant, lookup, filters));
  const all = useMemo(() => events.data?.pages.flatMap((p) => p.children) ?? [], [events.data]);
  const paths = useMemo(() => eventPaths(all.slice(0, 50).map((e) => e.entity)), [all]);
  const filtered = Boolean(state.from || state.to || state.property.length > 0);

  const days = useMemo(() => {
    const out: { day: string; items: ExperienceEvent[] }[] = [];
    for (const e of all) {
      const day = dayFormat.format(new Date(e.timestamp));
      const last = out.at(-1);
      if (last && last.day === day) last.items.push(e);
      else out.push({ day, items: [e] });
    }
    return out;
  }, [all]);

  return (
    <Stack spacing={2}>
      <FilterForm key={JSON.stringify(state)} state={state} onApply={onStateChange} paths={paths} />
      {events.isPending ? (
        <Box role="progressbar" aria-label="Loading events">
          {Array.from({ length: 4 }, (_, i) => (
            <Skeleton key={i} variant="rounded" height={44} sx={{ mb: 1 }} />
          ))}
        </Box>
      ) : events.isError && all.length === 0 ? (
        <InlineError title="Could not load the events" error={events.error} onRetry={() => events.refetch()} />
      ) : all.length === 0 ? (
        <EmptyState
          title={filtered ? 'No events match these filters' : 'No events'}
          description={filtered ? 'Widen the time range or remove a property filter.' : 'No experience event of this profile is in an included dataset under this merge policy.'}
        />
      ) : (
        <Box>
          <Typography variant="body2" color="text.secondary" sx={{ mb: 1 }} aria-live="polite">
            Showing {all.length} {all.length === 1 ? 'event' : 'events'}, {state.order === 'desc' ? 'newest' : 'oldest'} first
            {events.hasNextPage ? ' · more available' : ' · all loaded'}
          </Typography>
          <Box component="ol" aria-label="Events" sx={{ listStyle: 'none', m: 0, p: 0 }}>
            {days.map(({ day, items }) => (
              <Box component="li" key={day} sx={{ mb: 1 }}>
                <Typography variant="subtitle2" component="h3" sx={{ mb: 1 }}>
                  {day}
                </Typography>
                <Box component="ol" sx={{ listStyle: 'none', m: 0, p: 0, borderLeft: 2, borderColor: 'divider', ml: '7px' }}>
                  {items.map((e, i) => (
                    <EventItem key={`${e.entityId}-${e.timestamp}-${i}`} event={e} />
                  ))}
                </Box>
              </Box>
            ))}
          </Box>
          {events.isFetchNextPageError && (
            <Box sx={{ mb: 1 }}>
              <InlineError title="Could not load more events" error={events.error} onRetry={() => events.fetchNextPage()} />
            </Box>
          )}
          {events.hasNextPage ? (
            <Button variant="outlined" onClick={() => events.fetchNextPage()} disabled={events.isFetchingNextPage}>
              {events.isFetchingNextPage ? 'Loading…' : state.order === 'desc' ? 'Load older events' : 'Load newer events'}
            </Button>
          ) : (
            <Typography variant="caption" color="text.secondary">
              No more events.
            </Typography>
          )}
        </Box>
      )}
    </Stack>
  );
}
