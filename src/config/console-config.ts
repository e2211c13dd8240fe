// What the console learns from the service at start-up: mode (local or AEP), org id and default
// sandbox (`GET /_local/config`). The same build therefore works against either mode.
import { createContext, useContext } from 'react';
import { queryOptions } from '@tanstack/react-query';
import { getConsoleConfig, type ConsoleConfig } from '../../contracts/local.ts';
import { apiRequest } from '../lib/api-client.ts';

export const consoleConfigQuery = queryOptions({
  queryKey: ['console-config'],
  queryFn: async ({ signal }) => (await apiRequest(getConsoleConfig, { signal })).data,
  staleTime: Infinity,
});

export const ConsoleConfigContext = createContext<ConsoleConfig | null>(null);

export function useConsoleConfig(): ConsoleConfig {
  const config = useContext(ConsoleConfigContext);
  if (!config) throw new Error('useConsoleConfig must be used below <ConfigGate>');
  return config;
}
