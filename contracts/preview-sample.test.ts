// The preview-sample schemas against the examples of Adobe's docs and spec (api-contract §7).
import { describe, expect, it } from 'vitest';
import {
  DatasetReportSchema,
  isReportDate,
  NamespaceReportSchema,
  OverlapReportSchema,
  PreviewSampleStatusSchema,
  ReportQuerySchema,
  UnknownProfilesReportSchema,
  UnstitchedProfilesReportSchema,
} from './preview-sample.ts';

const period = (count: number, events: number) => ({
  countOfProfiles: count,
  eventsAssociated: events,
  nsDistribution: { ECID: { countOfProfiles: count - 1, eventsAssociated: events - 1 }, Email: { countOfProfiles: 1, eventsAssociated: 1 } },
});
const periods = { '7days': period(1782, 29151), '30days': period(1000, 9000), '60days': period(500, 4000), '90days': period(200, 900), '120days': period(100, 300) };

describe('preview sample contract', () => {
  it('accepts the documented status, with cosmosDocCount (docs) or docCount (spec)', () => {
    const docs = {
      numRowsToRead: '41003',
      sampleJobRunning: { status: true, submissionTimestamp: '2020-08-01 17:57:57.0' },
      cosmosDocCount: '"300803"',
      totalFragmentCount: 47429,
      lastSuccessfulBatchTimestamp: '"null"',
      streamingDriven: '"false"',
      totalRows: '41003',
      lastBatchId: '"null"',
      status: 'TASK_FINISHED',
      samplingRatio: 1.0,
      mergeStrategy: 'timestampOrdered_auto',
      lastSampledTimestamp: '2020-08-01 17:57:57.0',
    };
    expect(PreviewSampleStatusSchema.parse(docs)).toEqual(docs);
    const { cosmosDocCount, ...rest } = docs;
    expect(PreviewSampleStatusSchema.parse({ ...rest, docCount: cosmosDocCount }).docCount).toBe('"300803"');
  });

  it('accepts the documented reports', () => {
    DatasetReportSchema.parse({
      data: [
        {
          sampleCount: 12577,
          samplePercentage: 0.306734,
          fullIDsCount: 20988,
          fullIDsPercentage: 0.511865,
          name: 'CRM Profiles',
          description: 'Profiles from the CRM.',
          value: '5f160106be34361915754b9c',
          streamingIngestionEnabled: '',
          createdUser: '{CREATED_USER}',
          reportTimestamp: '2020-08-01T17:57:58.697',
        },
      ],
      reportTimestamp: '2020-08-01T17:57:58.697',
    });
    NamespaceReportSchema.parse({
      data: [
        {
          sampleCount: 12148,
          samplePercentage: 0.296271,
          reportTimestamp: '2020-08-01T17:57:58.697',
          fullIDsFragmentCount: 13141,
          fullIDsCount: 12631,
          fullIDsPercentage: 0.308051,
          code: 'Email',
          value: '6',
        },
      ],
      reportTimestamp: '2020-08-01T17:57:58.697',
    });
    OverlapReportSchema.parse({ data: { '5d92921872831c163452edc8,5eb2cdc6fa3f9a18a7592a98': 454412, '5eeda0032af7bb19162172a7': 107 }, reportTimestamp: '2021-12-29T19:55:31.147' });
    UnstitchedProfilesReportSchema.parse({ data: { totalNumberOfProfiles: 63606, totalNumberOfEvents: 130977, unstitchedProfiles: periods }, reportTimestamp: '2025-08-25T22:14:55.186' });
    UnknownProfilesReportSchema.parse({ data: { totalNumberOfProfiles: 63606, totalNumberOfEvents: 130977, unknownProfiles: periods }, reportTimestamp: '2025-08-25T22:14:55.186' });
  });

  it('dates: real calendar days written YYYY-MM-DD only', () => {
    expect(isReportDate('2024-12-31')).toBe(true);
    expect(isReportDate('2024-02-29')).toBe(true);
    for (const bad of ['2023-02-29', '2024-13-01', '2024-1-01', '20241231', '2024-12-31T00:00:00Z', '']) expect(isReportDate(bad), bad).toBe(false);
    expect(ReportQuerySchema.safeParse({ date: '2024-02-30' }).success).toBe(false);
    expect(ReportQuerySchema.parse({})).toEqual({});
  });
});
