import { describe, expect, it } from 'vitest';
import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { JsonViewer } from './json-viewer.tsx';

describe('JsonViewer', () => {
  it('pretty-prints values as text, never as HTML', () => {
    const { container } = render(
      <JsonViewer
        label="Record"
        value={{ name: '<img src=x onerror=alert(1)>', n: 3, ok: true, none: null }}
      />,
    );
    const pre = screen.getByLabelText('Record');
    expect(pre.textContent).toBe(
      JSON.stringify({ name: '<img src=x onerror=alert(1)>', n: 3, ok: true, none: null }, null, 2),
    );
    expect(container.querySelector('img')).toBeNull();
  });

  it('copies the JSON', async () => {
    const user = userEvent.setup();
    render(<JsonViewer label="Batch JSON" value={{ id: 'b1' }} />);
    await user.click(screen.getByRole('button', { name: 'Copy Batch JSON' }));
    await waitFor(async () => expect(await navigator.clipboard.readText()).toBe('{\n  "id": "b1"\n}'));
  });
});
