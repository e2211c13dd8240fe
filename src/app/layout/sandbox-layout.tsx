// The `/:sandbox` route: validates the sandbox against the org's list before any page of it
// renders (an unknown name would otherwise be created by the service on first use).
import { Suspense } from 'react';
import { Outlet, useLocation, useParams } from 'react-router';
import { useQuery } from '@tanstack/react-query';
import { InlineError } from '../../components/inline-error.tsx';
import { useConsoleConfig } from '../../config/console-config.ts';
import { sandboxQueries } from '../../features/sandboxes/api/queries.ts';
import { areaOfPath } from '../areas.tsx';
import { AppLayout } from './app-layout.tsx';
import { PageLoading } from './page-loading.tsx';
import { UnknownSandbox } from './unknown-sandbox.tsx';

export function SandboxLayout() {
  const { sandbox = '' } = useParams();
  const { pathname } = useLocation();
  const config = useConsoleConfig();
  const sandboxes = useQuery(sandboxQueries.list(config.orgId));

  let content;
  if (sandboxes.isPending) content = <PageLoading label="Loading sandboxes" />;
  else if (sandboxes.isError)
    content = (
      <InlineError
        title="Could not load the sandboxes"
        error={sandboxes.error}
        onRetry={() => sandboxes.refetch()}
      />
    );
  else if (!sandboxes.data.some((s) => s.name === sandbox)) {
    content = (
      <UnknownSandbox name={sandbox} sandboxes={sandboxes.data} area={areaOfPath(pathname)?.segment} />
    );
  } else {
    content = (
      <Suspense fallback={<PageLoading />}>
        <Outlet key={sandbox} />
      </Suspense>
    );
  }
  return (
    <AppLayout sandbox={sandbox} sandboxes={sandboxes.data}>
      {content}
    </AppLayout>
  );
}
