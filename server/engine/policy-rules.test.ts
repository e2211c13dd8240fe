import { describe, expect, it } from 'vitest';
import { mergeProfile, type GraphIdentity, type ProfileEvent } from './merge.ts';
import { engineRules, type DatasetClassOf } from './policy-rules.ts';

const classes: Record<string, 'profile' | 'experienceevent'> = { crm: 'profile', loyalty: 'profile', web: 'experienceevent', app: 'experienceevent' };
const classOf: DatasetClassOf = (id) => classes[id];

describe('engineRules', () => {
  it('timestampOrdered: no order, every event dataset (a stale order is ignored)', () => {
    expect(engineRules({ identityGraph: 'pdg', attributeMerge: 'timestampOrdered', order: ['crm', 'web'] }, classOf)).toEqual({
      identityGraph: { type: 'pdg' },
      attributeMerge: { type: 'timestampOrdered' },
    });
  });

  it('dataSetPrecedence without event datasets: record precedence as listed, every event dataset', () => {
    const rules = engineRules({ identityGraph: 'none', attributeMerge: 'dataSetPrecedence', order: ['loyalty', 'crm'] }, classOf);
    expect(rules).toEqual({ identityGraph: { type: 'none' }, attributeMerge: { type: 'dataSetPrecedence', order: ['loyalty', 'crm'] } });
    expect(rules.eventDatasets).toBeUndefined();
  });

  it('dataSetPrecedence with event datasets: they select events and do not shift record ranks', () => {
    expect(engineRules({ identityGraph: 'pdg', attributeMerge: 'dataSetPrecedence', order: ['web', 'loyalty', 'app', 'crm'] }, classOf)).toEqual({
      identityGraph: { type: 'pdg' },
      attributeMerge: { type: 'dataSetPrecedence', order: ['loyalty', 'crm'] },
      eventDatasets: ['web', 'app'],
    });
  });

  it('ids of unknown class stay in the record order (they select no events)', () => {
    const rules = engineRules({ identityGraph: 'pdg', attributeMerge: 'dataSetPrecedence', order: ['gone', 'crm'] }, classOf);
    expect(rules.attributeMerge).toEqual({ type: 'dataSetPrecedence', order: ['gone', 'crm'] });
    expect(rules.eventDatasets).toBeUndefined();
  });

  it('the engine then keeps only the selected datasets’ events and ranks records as before', () => {
    const id: GraphIdentity = { xid: 'x1', namespace: 'Email', id: 'a@example.com' };
    const ev = (eventId: string, datasetId: string, timestamp: number): ProfileEvent => ({ eventId, datasetId, batchId: 'b', identity: id, timestamp, ingestedAt: timestamp, record: {} });
    const frag = (fragmentId: number, datasetId: string, tier: string) => ({ fragmentId, datasetId, batchId: 'b', identity: id, ingestedAt: fragmentId, record: { tier } });
    const policy = engineRules({ identityGraph: 'pdg', attributeMerge: 'dataSetPrecedence', order: ['web', 'loyalty', 'crm'] }, classOf);
    const out = mergeProfile({
      lookedUp: id,
      graph: [id],
      fragments: [frag(2, 'crm', 'silver'), frag(1, 'loyalty', 'gold')],
      events: [ev('w1', 'web', 1), ev('a1', 'app', 2), ev('w2', 'web', 3)],
      policy,
    });
    expect(out.events.map((e) => e.eventId)).toEqual(['w1', 'w2']);
    expect(out.entity).toEqual({ tier: 'gold' });
    expect(out.provenance.tier.reason).toBe('dataset ranked 1 of 2 in the merge policy order');
    expect(out.sources).toEqual(['crm', 'loyalty', 'web']);
  });
});
