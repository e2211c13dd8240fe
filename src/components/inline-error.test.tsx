import { describe, expect, it, vi } from 'vitest';
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { InlineError } from './inline-error.tsx';
import { ApiError } from '../lib/api-client.ts';

describe('InlineError', () => {
  it('shows the AEP message, status and request id, and retries', async () => {
    const user = userEvent.setup();
    const onRetry = vi.fn();
    const error = new ApiError({
      kind: 'http',
      status: 400,
      message: 'orderBy must look like asc:created',
      requestId: 'req-42',
      endpointId: 'listDatasets',
    });
    render(<InlineError title="Could not load the datasets" error={error} onRetry={onRetry} />);
    const alert = screen.getByRole('alert');
    expect(alert.textContent).toContain('Could not load the datasets');
    expect(alert.textContent).toContain('orderBy must look like asc:created');
    expect(alert.textContent).toContain('HTTP 400');
    expect(screen.getByText('req-42')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Copy request id' })).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Retry' }));
    expect(onRetry).toHaveBeenCalledOnce();
  });

  it('shows plain errors without a request id', () => {
    render(<InlineError title="Failed" error={new Error('boom')} />);
    expect(screen.getByRole('alert').textContent).toContain('boom');
    expect(screen.queryByRole('button', { name: 'Retry' })).toBeNull();
    expect(screen.queryByText(/Request id/)).toBeNull();
  });
});
