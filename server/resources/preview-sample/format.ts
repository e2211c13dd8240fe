// AEP's wire formats for the preview sample (api-contract §1.3, §7): its two timestamp styles, its
// double-quoted strings, and the report bodies rendered from a stored report.
import type {
  DatasetReport,
  NamespaceReport,
  OverlapReport,
  UnknownProfilesReport,
  UnstitchedPeriods,
  UnstitchedProfilesReport,
} from '../../../contracts/index.ts';
import { fraction, PERIOD_KEYS } from '../../engine/report-arithmetic.ts';
import type { StoredReport } from './repository.ts';

/** `2020-08-01 17:57:57.0`: UTC, space, no zone; the fraction without trailing zeros (at least one digit). */
export function statusTimestamp(ms: number): string {
  const iso = new Date(ms).toISOString();
  const fraction = iso.slice(20, 23).replace(/0+$/, '') || '0';
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)}.${fraction}`;
}

/** `2020-08-01T17:57:58.697`: UTC, milliseconds, no zone. */
export const reportTimestamp = (ms: number): string => new Date(ms).toISOString().slice(0, 23);

/** The UTC day of a time, `YYYY-MM-DD`: the day a report is filed under. */
export const reportDate = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

/** AEP's double-quoted string values: `"\"300803\""`, `"\"null\""`. */
export const quoted = (value: string | number | null | undefined): string => `"${value ?? 'null'}"`;

export function datasetReport(report: StoredReport, reportMs: number): DatasetReport {
  const ts = reportTimestamp(reportMs);
  const total = report.figures.profiles;
  return {
    data: report.figures.datasets.map((d) => {
      const meta = report.datasets[d.id];
      return {
        sampleCount: d.profiles,
        samplePercentage: fraction(d.profiles, total),
        fullIDsCount: d.profiles,
        fullIDsPercentage: fraction(d.profiles, total),
        name: meta?.name ?? d.id,
        description: meta?.description ?? '',
        value: d.id,
        streamingIngestionEnabled: meta?.streamingIngestionEnabled ?? '',
        createdUser: meta?.createdUser ?? '',
        reportTimestamp: ts,
      };
    }),
    reportTimestamp: ts,
  };
}

export function namespaceReport(report: StoredReport, reportMs: number): NamespaceReport {
  const ts = reportTimestamp(reportMs);
  const total = report.figures.profiles;
  return {
    data: report.figures.namespaces.map((n) => ({
      sampleCount: n.profiles,
      samplePercentage: fraction(n.profiles, total),
      reportTimestamp: ts,
      fullIDsFragmentCount: n.fragments,
      fullIDsCount: n.profiles,
      fullIDsPercentage: fraction(n.profiles, total),
      code: n.code,
      value: String(report.namespaces[n.code] ?? ''),
    })),
    reportTimestamp: ts,
  };
}

export const datasetOverlapReport = (report: StoredReport, reportMs: number): OverlapReport => ({
  data: report.figures.datasetOverlap,
  reportTimestamp: reportTimestamp(reportMs),
});

export const namespaceOverlapReport = (report: StoredReport, reportMs: number): OverlapReport => ({
  data: report.figures.namespaceOverlap,
  reportTimestamp: reportTimestamp(reportMs),
});

function periods(report: StoredReport): UnstitchedPeriods {
  const out = {} as UnstitchedPeriods;
  for (const key of PERIOD_KEYS) {
    const p = report.figures.unstitched[key];
    out[key] = {
      countOfProfiles: p.profiles,
      eventsAssociated: p.events,
      nsDistribution: Object.fromEntries(
        Object.entries(p.byNamespace)
          .sort((a, b) => b[1].profiles - a[1].profiles || (a[0] < b[0] ? -1 : 1))
          .map(([ns, c]) => [ns, { countOfProfiles: c.profiles, eventsAssociated: c.events }]),
      ),
    };
  }
  return out;
}

export const unstitchedReport = (report: StoredReport, reportMs: number): UnstitchedProfilesReport => ({
  data: { totalNumberOfProfiles: report.figures.profiles, totalNumberOfEvents: report.store.events, unstitchedProfiles: periods(report) },
  reportTimestamp: reportTimestamp(reportMs),
});

export const unknownReport = (report: StoredReport, reportMs: number): UnknownProfilesReport => ({
  data: { totalNumberOfProfiles: report.figures.profiles, totalNumberOfEvents: report.store.events, unknownProfiles: periods(report) },
  reportTimestamp: reportTimestamp(reportMs),
});
