import { describe, expect, it } from 'vitest';
import { render, screen } from '@testing-library/react';
import { StatusChip } from './status-chip.tsx';
import { EmptyState } from './empty-state.tsx';
import { PageHeader } from './page-header.tsx';

describe('StatusChip', () => {
  it('labels known statuses and keeps unknown ones as text', () => {
    render(
      <>
        <StatusChip status="success" />
        <StatusChip status="processing" />
        <StatusChip status="weird<b>" />
        <StatusChip status={undefined} emptyLabel="No batches" />
      </>,
    );
    expect(screen.getByText('Success')).toBeTruthy();
    expect(screen.getByText('Processing')).toBeTruthy();
    expect(screen.getByText('weird<b>')).toBeTruthy();
    expect(screen.getByText('No batches')).toBeTruthy();
  });
});

describe('EmptyState and PageHeader', () => {
  it('render title, description and actions', () => {
    render(
      <>
        <PageHeader title="Datasets" subtitle="All of them" actions={<button>Create</button>} />
        <EmptyState title="Nothing here" description="Create one" action={<button>Go</button>} />
      </>,
    );
    expect(screen.getByRole('heading', { level: 1, name: 'Datasets' })).toBeTruthy();
    expect(screen.getByText('All of them')).toBeTruthy();
    expect(screen.getByRole('status').textContent).toContain('Nothing here');
    expect(screen.getByRole('button', { name: 'Go' })).toBeTruthy();
  });
});
