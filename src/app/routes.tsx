// The route tree. `/` opens the default sandbox; `/:sandbox/<area>/...` are the areas' lazy pages.
import { Navigate, type RouteObject } from 'react-router';
import { useConsoleConfig } from '../config/console-config.ts';
import { NotFoundPage } from '../pages/not-found-page.tsx';
import { AREAS, DEFAULT_AREA } from './areas.tsx';
import { PageLoading } from './layout/page-loading.tsx';
import { SandboxLayout } from './layout/sandbox-layout.tsx';
import { RouteError } from './route-error.tsx';

function RootRedirect() {
  const { defaultSandbox } = useConsoleConfig();
  return <Navigate to={`/${defaultSandbox}/${DEFAULT_AREA}`} replace />;
}

export const appRoutes: RouteObject[] = [
  {
    path: '/',
    ErrorBoundary: RouteError,
    HydrateFallback: PageLoading,
    children: [
      { index: true, Component: RootRedirect },
      {
        path: ':sandbox',
        Component: SandboxLayout,
        children: [
          { index: true, element: <Navigate to={DEFAULT_AREA} replace /> },
          ...AREAS.map((area): RouteObject => ({
            path: area.segment,
            ErrorBoundary: RouteError,
            children: area.routes,
          })),
          { path: '*', Component: NotFoundPage },
        ],
      },
    ],
  },
];
