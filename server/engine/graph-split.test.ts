import { describe, expect, it } from 'vitest';
import { splitGraph } from './graph-split.ts';

const labels = (r: ReturnType<typeof splitGraph>) => r.components.map((c) => [c.label, c.members, c.relabel]);

describe('splitGraph', () => {
  it('keeps a graph whole when the remaining links still connect it', () => {
    const r = splitGraph({ label: 1, members: [1, 2, 3], links: [[1, 2], [2, 3]], withData: new Set([1]) });
    expect(labels(r)).toEqual([[1, [1, 2, 3], false]]);
    expect(r.removed).toEqual([]);
  });

  it('splits where the deleted link was the only connection; the part without the label takes its smallest id', () => {
    // 1-2 (kept), 2-5 gone, 5-7 (kept)
    const r = splitGraph({ label: 2, members: [1, 2, 5, 7], links: [[1, 2], [5, 7]], withData: new Set([1, 7]) });
    expect(labels(r)).toEqual([
      [2, [1, 2], false],
      [5, [5, 7], true],
    ]);
  });

  it('removes identities without links and without data; keeps lone identities that still have data', () => {
    const r = splitGraph({ label: 3, members: [3, 4, 6], links: [], withData: new Set([6]) });
    expect(labels(r)).toEqual([[6, [6], true]]);
    expect(r.removed.sort()).toEqual([3, 4]);
  });

  it('gives every part a new label when the labelled identity itself goes', () => {
    const r = splitGraph({ label: 10, members: [10, 11, 12, 13], links: [[12, 13]], withData: new Set([11]) });
    expect(labels(r)).toEqual([
      [11, [11], true],
      [12, [12, 13], true],
    ]);
    expect(r.removed).toEqual([10]);
  });

  it('ignores duplicate links (the same pair from several datasets)', () => {
    const r = splitGraph({ label: 1, members: [1, 2], links: [[1, 2], [1, 2]], withData: new Set() });
    expect(labels(r)).toEqual([[1, [1, 2], false]]);
  });

  it('leaves nothing of a graph whose every record and link goes', () => {
    const r = splitGraph({ label: 1, members: [1, 2, 3], links: [], withData: new Set() });
    expect(r.components).toEqual([]);
    expect(r.removed).toEqual([1, 2, 3]);
  });
});
