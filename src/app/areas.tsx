// The product areas: one entry per built area gives its navigation item and its routes.
// Adding a page is adding an entry here (in the order of the navigation; see issue 3's list:
// Profiles, Merge policies, Export jobs, Delete requests, Reports, Computed attributes, Datasets).
// Pages are lazy: their code (and heavy pieces like the DataGrid) loads on first visit.
import type { ComponentType } from 'react';
import type { RouteObject } from 'react-router';
import type { SvgIconProps } from '@mui/material/SvgIcon';
import StorageOutlinedIcon from '@mui/icons-material/StorageOutlined';
import DeleteSweepOutlinedIcon from '@mui/icons-material/DeleteSweepOutlined';
import IosShareOutlinedIcon from '@mui/icons-material/IosShareOutlined';
import MergeTypeOutlinedIcon from '@mui/icons-material/MergeTypeOutlined';
import PersonSearchOutlinedIcon from '@mui/icons-material/PersonSearchOutlined';
import FunctionsOutlinedIcon from '@mui/icons-material/FunctionsOutlined';
import AssessmentOutlinedIcon from '@mui/icons-material/AssessmentOutlined';

export interface Area {
  /** First URL segment after the sandbox: `/:sandbox/<segment>`. */
  segment: string;
  label: string;
  icon: ComponentType<SvgIconProps>;
  /** Child routes below `/:sandbox/<segment>`. */
  routes: RouteObject[];
}

export const AREAS: Area[] = [
  {
    segment: 'profiles',
    label: 'Profiles',
    icon: PersonSearchOutlinedIcon,
    routes: [
      {
        index: true,
        lazy: () =>
          import('../pages/profiles/profile-lookup-page.tsx').then((m) => ({ Component: m.ProfileLookupPage })),
      },
      {
        path: ':namespace/:id',
        lazy: () => import('../pages/profiles/profile-page.tsx').then((m) => ({ Component: m.ProfilePage })),
      },
    ],
  },
  {
    segment: 'merge-policies',
    label: 'Merge policies',
    icon: MergeTypeOutlinedIcon,
    routes: [
      { index: true, lazy: () => import('../pages/merge-policies/merge-policies-page.tsx').then((m) => ({ Component: m.MergePoliciesPage })) },
      { path: 'new', lazy: () => import('../pages/merge-policies/merge-policy-editor-page.tsx').then((m) => ({ Component: m.NewMergePolicyPage })) },
      { path: 'compare', lazy: () => import('../pages/merge-policies/compare-merge-policies-page.tsx').then((m) => ({ Component: m.CompareMergePoliciesPage })) },
      { path: ':policyId', lazy: () => import('../pages/merge-policies/merge-policy-editor-page.tsx').then((m) => ({ Component: m.EditMergePolicyPage })) },
    ],
  },
  {
    segment: 'export-jobs',
    label: 'Export jobs',
    icon: IosShareOutlinedIcon,
    routes: [
      { index: true, lazy: () => import('../pages/export-jobs/export-jobs-page.tsx').then((m) => ({ Component: m.ExportJobsPage })) },
      { path: 'new', lazy: () => import('../pages/export-jobs/new-export-job-page.tsx').then((m) => ({ Component: m.NewExportJobPage })) },
      { path: ':jobId', lazy: () => import('../pages/export-jobs/export-job-page.tsx').then((m) => ({ Component: m.ExportJobPage })) },
    ],
  },
  {
    segment: 'reports',
    label: 'Reports',
    icon: AssessmentOutlinedIcon,
    routes: [{ index: true, lazy: () => import('../pages/reports/reports-page.tsx').then((m) => ({ Component: m.ReportsPage })) }],
  },
  {
    segment: 'computed-attributes',
    label: 'Computed attributes',
    icon: FunctionsOutlinedIcon,
    routes: [
      { index: true, lazy: () => import('../pages/computed-attributes/computed-attributes-page.tsx').then((m) => ({ Component: m.ComputedAttributesPage })) },
      { path: 'new', lazy: () => import('../pages/computed-attributes/attribute-builder-page.tsx').then((m) => ({ Component: m.NewAttributePage })) },
      { path: ':attributeId', lazy: () => import('../pages/computed-attributes/attribute-detail-page.tsx').then((m) => ({ Component: m.AttributeDetailPage })) },
      { path: ':attributeId/edit', lazy: () => import('../pages/computed-attributes/attribute-builder-page.tsx').then((m) => ({ Component: m.EditAttributePage })) },
    ],
  },
  {
    segment: 'datasets',
    label: 'Datasets',
    icon: StorageOutlinedIcon,
    routes: [
      {
        index: true,
        lazy: () =>
          import('../pages/datasets/datasets-page.tsx').then((m) => ({ Component: m.DatasetsPage })),
      },
      {
        path: ':datasetId',
        lazy: () =>
          import('../pages/datasets/dataset-detail-page.tsx').then((m) => ({
            Component: m.DatasetDetailPage,
          })),
      },
    ],
  },
  {
    segment: 'delete-requests',
    label: 'Delete requests',
    icon: DeleteSweepOutlinedIcon,
    routes: [
      {
        index: true,
        lazy: () =>
          import('../pages/delete-requests/delete-requests-page.tsx').then((m) => ({
            Component: m.DeleteRequestsPage,
          })),
      },
      {
        path: ':requestId',
        lazy: () =>
          import('../pages/delete-requests/delete-request-detail-page.tsx').then((m) => ({
            Component: m.DeleteRequestDetailPage,
          })),
      },
    ],
  },
];

/** Where `/` and `/:sandbox` land: a deliberate choice, independent of the navigation order. */
export const DEFAULT_AREA = 'datasets';

/** The area of a path such as `/prod/datasets/123` (its second segment), if it is a known one. */
export function areaOfPath(pathname: string): Area | undefined {
  const segment = pathname.split('/').filter(Boolean)[1];
  return AREAS.find((a) => a.segment === segment);
}
