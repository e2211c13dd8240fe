import { listSandboxes, type Sandbox } from '../../../../contracts/sandboxes.ts';
import { apiRequest } from '../../../lib/api-client.ts';

/** The org's sandboxes, production first, then by title. */
export async function fetchSandboxes(orgId: string, signal?: AbortSignal): Promise<Sandbox[]> {
  const { data } = await apiRequest(listSandboxes, { tenant: { orgId }, signal });
  return [...data.sandboxes].sort(
    (a, b) =>
      Number(b.type === 'production') - Number(a.type === 'production') ||
      a.title.localeCompare(b.title) ||
      a.name.localeCompare(b.name),
  );
}
