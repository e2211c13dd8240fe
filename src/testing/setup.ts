// Vitest setup for the web project (happy-dom): clean the DOM, globals and storage after each test,
// and fail a test whose mocked service answered off-contract or was called without a handler.
import { afterEach, expect, vi } from 'vitest';
import { cleanup, configure } from '@testing-library/react';
import { takeMockApiProblems } from './mock-api.ts';

// Pages load lazily (the first render of a page in a file also imports it) and the DataGrid is
// slow in happy-dom: allow for that, and for a busy machine.
configure({ asyncUtilTimeout: 5000 });
vi.setConfig({ testTimeout: 20_000 });

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  vi.useRealTimers();
  localStorage.clear();
  document.documentElement.className = '';
  const problems = takeMockApiProblems();
  expect(problems, 'mocked service problems').toEqual([]);
});
