import { describe, expect, it } from 'vitest';
import { ApiError } from '../../http/api-error.ts';
import type { DatasetInfo } from '../datasets/repository.ts';
import { checkDraft, type PolicyDraft } from './rules.ts';

const ds = (id: string, cls: DatasetInfo['class'], profileEnabled = true): DatasetInfo => ({ id, name: `Dataset ${id}`, class: cls, profileEnabled, upsert: false });
const records = Array.from({ length: 51 }, (_, i) => ds(`rec-${i}`, 'profile'));
const events = Array.from({ length: 51 }, (_, i) => ds(`ee-${i}`, 'experienceevent'));
const catalog = new Map([...records, ...events, ds('rec-off', 'profile', false), ds('ee-off', 'experienceevent', false)].map((d) => [d.id, d]));
const lookup = (id: string) => catalog.get(id);

const draft = (order: string[] | null, attributeMerge: PolicyDraft['attributeMerge'] = 'dataSetPrecedence'): PolicyDraft => ({
  name: 'p',
  schemaName: '_xdm.context.profile',
  identityGraph: 'pdg',
  attributeMerge,
  order,
  isActiveOnEdge: false,
  isDefault: false,
});

function refusal(order: string[]): { status: number; detail: string } | undefined {
  try {
    checkDraft(draft(order), [], lookup, undefined);
    return undefined;
  } catch (e) {
    if (!(e instanceof ApiError)) throw e;
    return { status: e.status, detail: (e.body as { detail: string }).detail };
  }
}

describe('attributeMerge.order datasets (dataSetPrecedence)', () => {
  it.each([
    ['record datasets only', ['rec-0', 'rec-1']],
    ['record and event datasets, in any position', ['ee-0', 'rec-0', 'ee-1', 'rec-1']],
    ['50 record and 50 event datasets', [...records.slice(0, 50), ...events.slice(0, 50)].map((d) => d.id)],
  ])('accepts %s', (_label, order) => {
    expect(refusal(order)).toBeUndefined();
  });

  it.each([
    ['an unknown id', ['rec-0', 'nope'], /attributeMerge.order\[1\]: dataset nope does not exist/],
    ['a record dataset not enabled for Profile', ['rec-off'], /attributeMerge.order\[0\]: dataset rec-off \("Dataset rec-off"\) is not enabled for Profile/],
    ['an event dataset not enabled for Profile', ['rec-0', 'ee-off'], /attributeMerge.order\[1\]: dataset ee-off .* is not enabled for Profile/],
    ['event datasets only', ['ee-0', 'ee-1'], /at least one Profile-class dataset/],
    ['51 record datasets', records.map((d) => d.id), /ranks 51 Profile-class datasets; at most 50/],
    ['51 event datasets', ['rec-0', ...events.map((d) => d.id)], /selects 51 ExperienceEvent datasets; at most 50/],
  ])('refuses %s with a 400 naming it', (_label, order, message) => {
    const r = refusal(order);
    expect(r?.status).toBe(400);
    expect(r?.detail).toMatch(message);
  });

  it('does not look at datasets under timestampOrdered', () => {
    expect(() => checkDraft(draft(null, 'timestampOrdered'), [], lookup, undefined)).not.toThrow();
  });
});
