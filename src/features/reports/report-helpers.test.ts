import { describe, expect, it } from 'vitest';
import { aepCount, aepTime, unquote } from './aep-values.ts';
import { toCsv } from './csv.ts';
import { overlapDelta, parseOverlap, vennRegions } from './overlap.ts';

describe('overlap sets', () => {
  const data = { a: 4, 'a,b': 3, 'a,b,c': 1, b: 2, c: 5 };

  it('intersections largest first, set sizes, total', () => {
    const o = parseOverlap(data);
    expect(o.intersections.map((i) => [i.key, i.count])).toEqual([['c', 5], ['a', 4], ['a,b', 3], ['b', 2], ['a,b,c', 1]]);
    expect(o.sets).toEqual([{ id: 'a', size: 8 }, { id: 'b', size: 6 }, { id: 'c', size: 6 }]);
    expect(o.total).toBe(15);
  });

  it('Venn regions of the selected sets ignore the others', () => {
    const { intersections } = parseOverlap(data);
    expect(vennRegions(intersections, ['a', 'b'])).toEqual([
      { members: ['a'], count: 4 },
      { members: ['b'], count: 2 },
      { members: ['a', 'b'], count: 4 },
    ]);
    const three = vennRegions(intersections, ['a', 'b', 'c']);
    expect(three.find((r) => r.members.join() === 'a,b,c')!.count).toBe(1);
    expect(three.reduce((s, r) => s + r.count, 0)).toBe(15);
  });

  it('changes per combination between two days', () => {
    expect(overlapDelta({ a: 5, b: 1 }, { a: 4, c: 2 })).toEqual({ a: 1, b: 1, c: -2 });
  });
});

describe('AEP values', () => {
  it('reads the double-quoted strings and both timestamp styles as UTC', () => {
    expect(unquote('"null"')).toBeUndefined();
    expect(aepCount('"300803"')).toBe(300803);
    expect(aepCount('41003')).toBe(41003);
    expect(aepCount('"null"')).toBeUndefined();
    expect(aepTime('2020-08-01 17:57:57.0')).toBe(Date.UTC(2020, 7, 1, 17, 57, 57));
    expect(aepTime('2020-08-01T17:57:58.697')).toBe(Date.UTC(2020, 7, 1, 17, 57, 58, 697));
    expect(aepTime('"2020-08-01 17:57:57.12"')).toBe(Date.UTC(2020, 7, 1, 17, 57, 57, 120));
    expect(aepTime('"null"')).toBeUndefined();
    expect(aepTime('yesterday')).toBeUndefined();
  });
});

describe('CSV', () => {
  it('quotes what needs quoting and neutralises formulas', () => {
    expect(toCsv(['name', 'n'], [['Web, "events"', 3], ['=HYPERLINK("x")', -1], ['@me', null]])).toBe(
      'name,n\r\n"Web, ""events""",3\r\n"\'=HYPERLINK(""x"")",-1\r\n\'@me,\r\n',
    );
  });

  it('neutralises every formula lead (= + - @ tab CR), in headers too, and leaves numbers alone', () => {
    for (const lead of ['=', '+', '-', '@', '\t', '\r']) {
      const [header, row] = toCsv([`${lead}h`], [[`${lead}1+1`]]).split(/\r\n(?!$)/);
      expect(header.replace(/^"/, '')[0], JSON.stringify(lead)).toBe("'");
      expect(row.replace(/^"/, '')[0], JSON.stringify(lead)).toBe("'");
    }
    expect(toCsv(['n'], [[-5]])).toBe('n\r\n-5\r\n');
  });
});
