// Checks one raw record against what the profile store accepts and normalises its identities.
// Pure: the namespace lookup is passed in.
import {
  MAX_EVENT_RECORD_BYTES,
  MAX_PROFILE_RECORD_BYTES,
  RECORD_ERROR_CODES as E,
  type DatasetClass,
} from '../../contracts/index.ts';
import type { RawRecord } from './read-records.ts';

export interface NormalizedIdentity {
  namespaceId: number;
  /** The namespace's canonical code (as stored), whatever casing the record used. */
  code: string;
  value: string;
  primary: boolean;
}

export interface ValidRecord {
  ok: true;
  record: Record<string, unknown>;
  json: string;
  identities: NormalizedIdentity[];
  primary: NormalizedIdentity;
  /** Events only. */
  timestamp?: number;
  eventId?: string;
}

export interface InvalidRecord {
  ok: false;
  code: string;
  message: string;
}

export type NamespaceLookup = (code: string) => { id: number; code: string } | undefined;

const fail = (code: string, message: string): InvalidRecord => ({ ok: false, code, message });
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export function validateRecord(raw: RawRecord, datasetClass: DatasetClass, namespaces: NamespaceLookup): ValidRecord | InvalidRecord {
  if (raw.error) return fail(E.invalidJson, raw.error);
  const limit = datasetClass === 'profile' ? MAX_PROFILE_RECORD_BYTES : MAX_EVENT_RECORD_BYTES;
  const bytes = raw.bytes;
  if (bytes > limit) {
    const kind = datasetClass === 'profile' ? 'profile record' : 'experience event';
    return fail(E.tooLarge, `${kind} is ${bytes} bytes; the limit is ${limit / 1024} KB`);
  }
  let value = raw.value;
  if (value === undefined) {
    try {
      value = JSON.parse(raw.text);
    } catch (e) {
      return fail(E.invalidJson, `invalid JSON: ${(e as Error).message}`);
    }
  }
  if (!isObject(value)) return fail(E.notObject, 'a record must be a JSON object');

  const looksLikeEvent = typeof value.timestamp === 'string' && typeof value.eventType === 'string';
  if (datasetClass === 'profile' && looksLikeEvent) {
    return fail(E.wrongClass, 'record has timestamp and eventType: it is an ExperienceEvent, but the dataset is of the Profile class');
  }
  let timestamp: number | undefined;
  let eventId: string | undefined;
  if (datasetClass === 'experienceevent') {
    if (value.timestamp === undefined && value.eventType === undefined) {
      return fail(E.wrongClass, 'record has no timestamp or eventType: it looks like a profile record, but the dataset is of the ExperienceEvent class');
    }
    timestamp = typeof value.timestamp === 'string' ? Date.parse(value.timestamp) : NaN;
    if (!Number.isFinite(timestamp)) return fail(E.missingTimestamp, 'experience event needs a timestamp as an ISO-8601 string');
    if (typeof value._id !== 'string' || !value._id) return fail(E.missingId, 'experience event needs a non-empty string _id');
    eventId = value._id;
  }

  const map = value.identityMap;
  if (!isObject(map) || Object.keys(map).length === 0) return fail(E.noIdentity, 'record has no identity: identityMap is missing or empty');
  const identities: NormalizedIdentity[] = [];
  for (const [code, entries] of Object.entries(map)) {
    const ns = namespaces(code);
    if (!ns) return fail(E.unknownNamespace, `unknown identity namespace "${code}": create it before ingesting`);
    if (!Array.isArray(entries) || entries.length === 0) {
      return fail(E.invalidIdentity, `identityMap.${code} must be a non-empty array of {"id": "..."}`);
    }
    for (const entry of entries) {
      if (!isObject(entry) || typeof entry.id !== 'string' || entry.id.trim() === '') {
        return fail(E.invalidIdentity, `identityMap.${code} entries need a non-empty string id`);
      }
      if (entry.id.length > 1024) return fail(E.invalidIdentity, `identityMap.${code} id is longer than 1024 characters`);
      identities.push({ namespaceId: ns.id, code: ns.code, value: entry.id, primary: entry.primary === true });
    }
  }
  const primary = identities.find((i) => i.primary) ?? identities[0];
  return { ok: true, record: value, json: raw.text, identities, primary, timestamp, eventId };
}
