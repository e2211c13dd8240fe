import { describe, expect, it } from 'vitest';
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { formatAbsolute, formatRelative, RelativeTime } from './relative-time.tsx';

describe('RelativeTime', () => {
  it('formats times relative to now', () => {
    const now = Date.UTC(2026, 0, 10, 12);
    expect(formatRelative(new Date(now - 5_000), now)).toBe('just now');
    expect(formatRelative(new Date(now - 3 * 60_000), now)).toBe('3 minutes ago');
    expect(formatRelative(new Date(now - 2 * 86_400_000), now)).toBe('2 days ago');
    expect(formatRelative(new Date(now + 3_600_000), now)).toBe('in 1 hour');
  });

  it('renders a <time> with the absolute time in a tooltip', async () => {
    const user = userEvent.setup();
    const value = Date.now() - 2 * 3_600_000;
    render(<RelativeTime value={value} />);
    const time = screen.getByText('2 hours ago');
    expect(time.tagName).toBe('TIME');
    expect(time.getAttribute('datetime')).toBe(new Date(value).toISOString());
    await user.hover(time);
    expect((await screen.findByRole('tooltip')).textContent).toBe(formatAbsolute(new Date(value)));
  });

  it('shows a placeholder when there is no time', () => {
    render(<RelativeTime value={undefined} emptyLabel="Not yet" />);
    expect(screen.getByText('Not yet')).toBeTruthy();
  });
});
