// The tenant of the current page: the org from the service's config and the sandbox from the URL.
import { useMemo } from 'react';
import { useParams } from 'react-router';
import { useConsoleConfig } from '../config/console-config.ts';

export interface SandboxTenant {
  orgId: string;
  sandbox: string;
}

export function useTenant(): SandboxTenant {
  const { orgId } = useConsoleConfig();
  const { sandbox } = useParams();
  if (!sandbox) throw new Error('useTenant must be used below the /:sandbox route');
  return useMemo(() => ({ orgId, sandbox }), [orgId, sandbox]);
}
