// Profile datasets for dataset precedence: the included ones in priority order (drag and drop, or
// the keyboard: the move buttons, or Alt+↑/↓ on a focused dataset) and the available ones (drag
// them in, or Add). Native HTML5 drag and drop; a live region announces every move.
import { Fragment, useId, useRef, useState, type DragEvent, type KeyboardEvent } from 'react';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import IconButton from '@mui/material/IconButton';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import Tooltip from '@mui/material/Tooltip';
import Typography from '@mui/material/Typography';
import AddIcon from '@mui/icons-material/Add';
import ArrowDownwardIcon from '@mui/icons-material/ArrowDownward';
import ArrowUpwardIcon from '@mui/icons-material/ArrowUpward';
import CloseIcon from '@mui/icons-material/Close';
import DragIndicatorIcon from '@mui/icons-material/DragIndicator';
import ErrorOutlineIcon from '@mui/icons-material/ErrorOutlineOutlined';
import type { DatasetStats } from '../../../../contracts/local.ts';
import { MAX_PRECEDENCE_DATASETS } from '../../../../contracts/merge-policies.ts';
import type { SandboxTenant } from '../../../hooks/use-tenant.ts';
import type { PolicyDataset } from '../api/requests.ts';
import { datasetName, datasetProblem } from '../model.ts';
import { DatasetMeta } from './dataset-meta.tsx';
import { visuallyHidden } from './visually-hidden.ts';

const DRAG_TYPE = 'application/x-merge-policy-dataset';

export interface DatasetOrderListProps {
  tenant: SandboxTenant;
  /** Every dataset of the sandbox (undefined while loading). */
  datasets: readonly PolicyDataset[] | undefined;
  counts: DatasetStats | undefined;
  order: readonly string[];
  onChange: (order: string[]) => void;
  /** Validation message for the order. */
  error?: string;
}

/** Moves `id` to `index` (counted in the list without `id`), inserting it when new. */
export function placeAt(order: readonly string[], id: string, index: number): string[] {
  const rest = order.filter((d) => d !== id);
  const at = Math.max(0, Math.min(index, rest.length));
  return [...rest.slice(0, at), id, ...rest.slice(at)];
}

interface DropMark {
  /** Insert before this position of the included list (order.length: at the end). */
  index: number;
}

export function DatasetOrderList({
  tenant,
  datasets,
  counts,
  order,
  onChange,
  error,
}: DatasetOrderListProps) {
  const [announcement, setAnnouncement] = useState('');
  const [dragging, setDragging] = useState<string | null>(null);
  const [mark, setMark] = useState<DropMark | null>(null);
  const itemRefs = useRef(new Map<string, HTMLElement>());
  const includedId = useId();
  const availableId = useId();
  const name = (id: string) => datasetName(id, datasets);
  const candidates = (datasets ?? []).filter((d) => d.datasetClass === 'profile' && d.profileEnabled);
  const available = candidates.filter((d) => !order.includes(d.id));
  const full = order.length >= MAX_PRECEDENCE_DATASETS;

  const focusLater = (id: string, selector = '[data-dataset-item]') =>
    requestAnimationFrame(() => {
      const el = itemRefs.current.get(id);
      (el?.matches(selector) ? el : el?.querySelector<HTMLElement>(selector))?.focus();
    });

  const commit = (next: string[], message: string) => {
    onChange(next);
    setAnnouncement(message);
  };
  const move = (id: string, to: number) => {
    const next = placeAt(order, id, to);
    const position = next.indexOf(id) + 1;
    commit(next, `${name(id)} moved to position ${position} of ${next.length}`);
  };
  const include = (id: string, to = order.length) => {
    if (full && !order.includes(id)) return;
    const next = placeAt(order, id, to);
    commit(next, `${name(id)} included at position ${next.indexOf(id) + 1} of ${next.length}`);
  };
  const exclude = (id: string) =>
    commit(
      order.filter((d) => d !== id),
      `${name(id)} excluded`,
    );

  // ------------------------------------------------------------------------ drag and drop
  const onDragStart = (e: DragEvent, id: string) => {
    e.dataTransfer.effectAllowed = 'move';
    e.dataTransfer.setData(DRAG_TYPE, id);
    e.dataTransfer.setData('text/plain', name(id));
    setDragging(id);
  };
  const onDragEnd = () => {
    setDragging(null);
    setMark(null);
  };
  const draggedId = (e: DragEvent) => e.dataTransfer.getData(DRAG_TYPE) || dragging;
  const overItem = (e: DragEvent, index: number) => {
    if (!dragging) return;
    e.preventDefault();
    e.stopPropagation();
    e.dataTransfer.dropEffect = 'move';
    const box = (e.currentTarget as HTMLElement).getBoundingClientRect();
    const after = e.clientY > box.top + box.height / 2;
    const at = index + (after ? 1 : 0);
    if (mark?.index !== at) setMark({ index: at });
  };
  const dropIncluded = (e: DragEvent) => {
    const id = draggedId(e);
    e.preventDefault();
    e.stopPropagation();
    if (!id) return onDragEnd();
    // `mark.index` counts positions with the dragged dataset still in place.
    const at = mark ? mark.index : order.length;
    const from = order.indexOf(id);
    const target = from >= 0 && from < at ? at - 1 : at;
    if (from >= 0) move(id, target);
    else include(id, target);
    onDragEnd();
  };
  const overIncludedList = (e: DragEvent) => {
    if (!dragging) return;
    e.preventDefault();
    e.dataTransfer.dropEffect = 'move';
    if (e.target === e.currentTarget && mark?.index !== order.length) setMark({ index: order.length });
  };
  const overAvailableList = (e: DragEvent) => {
    if (!dragging || !order.includes(dragging)) return;
    e.preventDefault();
    e.dataTransfer.dropEffect = 'move';
    if (mark) setMark(null);
  };
  const dropAvailable = (e: DragEvent) => {
    const id = draggedId(e);
    e.preventDefault();
    if (id && order.includes(id)) exclude(id);
    onDragEnd();
  };

  const onItemKey = (e: KeyboardEvent, id: string, index: number) => {
    if (!e.altKey || (e.key !== 'ArrowUp' && e.key !== 'ArrowDown')) return;
    e.preventDefault();
    const to = e.key === 'ArrowUp' ? index - 1 : index + 1;
    if (to < 0 || to >= order.length) return;
    move(id, to);
    focusLater(id);
  };

  const dropLine = (index: number) =>
    dragging && mark?.index === index ? (
      <Box
        component="li"
        aria-hidden
        sx={{ height: 3, bgcolor: 'primary.main', borderRadius: 1, my: -0.25, listStyle: 'none' }}
      />
    ) : null;

  return (
    <Box>
      <Box
        sx={{
          display: 'grid',
          gap: 2,
          gridTemplateColumns: { xs: '1fr', md: '3fr 2fr' },
          alignItems: 'start',
        }}
      >
        <Paper
          variant="outlined"
          sx={{ p: { xs: 1, sm: 1.5 }, borderColor: error ? 'error.main' : undefined }}
        >
          <Typography id={includedId} variant="subtitle2" component="h3">
            Included datasets, highest priority first ({order.length})
          </Typography>
          <Typography variant="caption" color="text.secondary" component="p" sx={{ mb: 1 }}>
            When datasets disagree on an attribute, the higher one wins. Drag to reorder, or focus a dataset
            and press Alt+↑ / Alt+↓.
          </Typography>
          <Box
            component="ol"
            aria-labelledby={includedId}
            data-testid="included-datasets"
            onDragOver={overIncludedList}
            onDrop={dropIncluded}
            sx={{
              listStyle: 'none',
              m: 0,
              p: { xs: 0.5, sm: 1 },
              minHeight: 88,
              display: 'flex',
              flexDirection: 'column',
              gap: 1,
              borderRadius: 1,
              border: 1,
              borderStyle: 'dashed',
              borderColor: dragging ? 'primary.main' : 'divider',
            }}
          >
            {order.length === 0 && (
              <Box
                component="li"
                sx={{
                  color: 'text.secondary',
                  textAlign: 'center',
                  py: 2,
                  typography: 'body2',
                  listStyle: 'none',
                }}
              >
                Drag Profile datasets here, or use Add.
              </Box>
            )}
            {order.map((id, index) => {
              const ds = datasets?.find((d) => d.id === id);
              const problem = datasetProblem(id, datasets);
              return (
                <Fragment key={id}>
                  {dropLine(index)}
                  <Paper
                    component="li"
                    variant="outlined"
                    ref={(el: HTMLElement | null) => {
                      if (el) itemRefs.current.set(id, el);
                      else itemRefs.current.delete(id);
                    }}
                    data-dataset-item
                    data-dataset-id={id}
                    tabIndex={0}
                    draggable
                    aria-label={`${name(id)}, priority ${index + 1} of ${order.length}`}
                    aria-roledescription="reorderable dataset"
                    onDragStart={(e: DragEvent) => onDragStart(e, id)}
                    onDragEnd={onDragEnd}
                    onDragOver={(e: DragEvent) => overItem(e, index)}
                    onDrop={dropIncluded}
                    onKeyDown={(e: KeyboardEvent) => onItemKey(e, id, index)}
                    sx={{
                      display: 'flex',
                      flexWrap: 'wrap',
                      alignItems: 'center',
                      gap: 1,
                      p: 1,
                      cursor: 'grab',
                      opacity: dragging === id ? 0.5 : 1,
                      borderColor: problem ? 'error.main' : undefined,
                      '&:focus-visible': { outline: 2, outlineColor: 'primary.main', outlineStyle: 'solid' },
                    }}
                  >
                    <DragIndicatorIcon fontSize="small" color="action" aria-hidden />
                    <Box
                      aria-hidden
                      sx={{
                        minWidth: 28,
                        height: 28,
                        borderRadius: '50%',
                        bgcolor: 'primary.main',
                        color: 'primary.contrastText',
                        display: 'grid',
                        placeItems: 'center',
                        typography: 'body2',
                        fontWeight: 600,
                      }}
                    >
                      {index + 1}
                    </Box>
                    <Box sx={{ flex: '1 1 150px', minWidth: 0 }}>
                      <Typography variant="body2" sx={{ fontWeight: 500, overflowWrap: 'anywhere' }}>
                        {name(id)}
                      </Typography>
                      {problem ? (
                        <Typography
                          variant="caption"
                          color="error"
                          component="div"
                          sx={{ display: 'flex', alignItems: 'center', gap: 0.5 }}
                        >
                          <ErrorOutlineIcon sx={{ fontSize: 14 }} aria-hidden />
                          {problem}
                        </Typography>
                      ) : (
                        ds && <DatasetMeta tenant={tenant} dataset={ds} counts={counts} kind="fragments" />
                      )}
                    </Box>
                    <Stack direction="row" sx={{ flexShrink: 0, ml: 'auto' }}>
                      <Tooltip title="Move up">
                        <span>
                          <IconButton
                            size="small"
                            aria-label={`Move ${name(id)} up`}
                            disabled={index === 0}
                            onClick={() => move(id, index - 1)}
                          >
                            <ArrowUpwardIcon fontSize="small" />
                          </IconButton>
                        </span>
                      </Tooltip>
                      <Tooltip title="Move down">
                        <span>
                          <IconButton
                            size="small"
                            aria-label={`Move ${name(id)} down`}
                            disabled={index === order.length - 1}
                            onClick={() => move(id, index + 1)}
                          >
                            <ArrowDownwardIcon fontSize="small" />
                          </IconButton>
                        </span>
                      </Tooltip>
                      <Tooltip title="Exclude">
                        <IconButton
                          size="small"
                          aria-label={`Exclude ${name(id)}`}
                          onClick={() => exclude(id)}
                        >
                          <CloseIcon fontSize="small" />
                        </IconButton>
                      </Tooltip>
                    </Stack>
                  </Paper>
                </Fragment>
              );
            })}
            {dropLine(order.length)}
          </Box>
        </Paper>

        <Paper variant="outlined" sx={{ p: { xs: 1, sm: 1.5 } }}>
          <Typography id={availableId} variant="subtitle2" component="h3">
            Available Profile datasets ({available.length})
          </Typography>
          <Typography variant="caption" color="text.secondary" component="p" sx={{ mb: 1 }}>
            Excluded from the merge: their fragments are not used at all.
          </Typography>
          <Box
            component="ul"
            aria-labelledby={availableId}
            data-testid="available-datasets"
            onDragOver={overAvailableList}
            onDrop={dropAvailable}
            sx={{
              listStyle: 'none',
              m: 0,
              p: 0,
              display: 'flex',
              flexDirection: 'column',
              gap: 1,
              minHeight: 48,
            }}
          >
            {datasets === undefined && (
              <Box component="li" sx={{ typography: 'body2', color: 'text.secondary' }}>
                Loading datasets…
              </Box>
            )}
            {datasets !== undefined && available.length === 0 && (
              <Box component="li" sx={{ typography: 'body2', color: 'text.secondary', py: 1 }}>
                {candidates.length === 0
                  ? 'This sandbox has no Profile-enabled Profile datasets.'
                  : 'Every Profile dataset is included.'}
              </Box>
            )}
            {available.map((ds) => (
              <Paper
                key={ds.id}
                component="li"
                variant="outlined"
                data-dataset-available
                data-dataset-id={ds.id}
                draggable={!full}
                aria-label={ds.name}
                onDragStart={(e: DragEvent) => onDragStart(e, ds.id)}
                onDragEnd={onDragEnd}
                sx={{
                  display: 'flex',
                  alignItems: 'center',
                  gap: 1,
                  p: 1,
                  cursor: full ? 'default' : 'grab',
                  opacity: dragging === ds.id ? 0.5 : 1,
                }}
              >
                <DragIndicatorIcon fontSize="small" color="action" aria-hidden />
                <Box sx={{ flex: 1, minWidth: 0 }}>
                  <Typography variant="body2" sx={{ fontWeight: 500, overflowWrap: 'anywhere' }}>
                    {ds.name}
                  </Typography>
                  <DatasetMeta tenant={tenant} dataset={ds} counts={counts} kind="fragments" />
                </Box>
                <Button
                  size="small"
                  startIcon={<AddIcon />}
                  aria-label={`Include ${ds.name}`}
                  disabled={full}
                  onClick={() => include(ds.id)}
                >
                  Add
                </Button>
              </Paper>
            ))}
          </Box>
        </Paper>
      </Box>
      {error && (
        <Alert severity="error" sx={{ mt: 2 }}>
          {error}
        </Alert>
      )}
      <Box role="status" aria-live="polite" sx={visuallyHidden}>
        {announcement}
      </Box>
    </Box>
  );
}
