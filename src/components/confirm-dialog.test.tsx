import { describe, expect, it, vi } from 'vitest';
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { ConfirmDialog } from './confirm-dialog.tsx';
import { ApiError } from '../lib/api-client.ts';

describe('ConfirmDialog', () => {
  it('asks, then confirms or cancels', async () => {
    const user = userEvent.setup();
    const onConfirm = vi.fn();
    const onClose = vi.fn();
    render(
      <ConfirmDialog
        open
        title="Turn on upsert?"
        description="Records will patch fragments."
        confirmLabel="Turn on upsert"
        onConfirm={onConfirm}
        onClose={onClose}
      />,
    );
    expect(screen.getByRole('dialog', { name: 'Turn on upsert?' })).toBeTruthy();
    expect(screen.getByText('Records will patch fragments.')).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(onClose).toHaveBeenCalledOnce();
    await user.click(screen.getByRole('button', { name: 'Turn on upsert' }));
    expect(onConfirm).toHaveBeenCalledOnce();
  });

  it('keeps a destructive action disabled until the name is typed', async () => {
    const user = userEvent.setup();
    const onConfirm = vi.fn();
    render(
      <ConfirmDialog
        open
        destructive
        title="Disable for Profile?"
        description="Profiles lose this data."
        confirmLabel="Disable"
        typedConfirmation="CRM Customers"
        onConfirm={onConfirm}
        onClose={() => {}}
      />,
    );
    const confirm = screen.getByRole('button', { name: 'Disable' }) as HTMLButtonElement;
    expect(confirm.disabled).toBe(true);
    const input = screen.getByLabelText('Type CRM Customers to confirm');
    await user.type(input, 'CRM');
    expect(confirm.disabled).toBe(true);
    await user.type(input, ' Customers{Enter}');
    expect(confirm.disabled).toBe(false);
    expect(onConfirm).toHaveBeenCalledOnce();
  });

  it('shows why the action failed and stays open', () => {
    const error = new ApiError({
      kind: 'http',
      status: 409,
      message: 'Conflict on the dataset',
      requestId: 'req-9',
      endpointId: 'patchDataset',
    });
    render(
      <ConfirmDialog
        open
        title="Rename?"
        description=""
        confirmLabel="Rename"
        error={error}
        onConfirm={() => {}}
        onClose={() => {}}
      />,
    );
    expect(screen.getByRole('alert').textContent).toContain('Conflict on the dataset');
    expect(screen.getByText('req-9')).toBeTruthy();
  });
});
