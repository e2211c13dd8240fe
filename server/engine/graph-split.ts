// Pure graph repair: what becomes of one identity graph once some of its links and records are gone.
//
// A graph is a connected component of identity links; its label is the id of one of its member
// identities (the store's invariant: label L is in use only by the graph that contains identity L,
// so labels never collide with other graphs or with identities created later). After a delete:
// * an identity survives when it is an endpoint of a remaining link or still has data (a fragment
//   or an event); the others disappear;
// * the survivors fall into connected components of the remaining links;
// * the component that contains the old label's identity keeps the label (no rewrite); every other
//   component takes its smallest member id, which no other graph can be using.
import { UnionFind } from './identity-graph.ts';

export interface GraphSplitInput {
  /** The graph's current label. */
  label: number;
  /** Every identity in the graph. */
  members: readonly number[];
  /** Links that remain, as (a, b) pairs of members; duplicates allowed. */
  links: readonly (readonly [number, number])[];
  /** Members that still have data (fragments or events) after the delete. */
  withData: ReadonlySet<number>;
}

export interface GraphComponent {
  label: number;
  members: number[];
  /** The label differs from the old one: the members need rewriting. */
  relabel: boolean;
}

export interface GraphSplitResult {
  components: GraphComponent[];
  /** Members that no longer appear in any record or link. */
  removed: number[];
}

export function splitGraph(input: GraphSplitInput): GraphSplitResult {
  const uf = new UnionFind<number>();
  const linked = new Set<number>();
  for (const [a, b] of input.links) {
    uf.union(a, b);
    linked.add(a);
    linked.add(b);
  }
  const removed: number[] = [];
  for (const id of input.members) {
    if (input.withData.has(id)) uf.add(id);
    else if (!linked.has(id)) removed.push(id);
  }
  const components = uf.groups().map((members): GraphComponent => {
    members.sort((x, y) => x - y);
    const keeps = members.includes(input.label);
    return { label: keeps ? input.label : members[0], members, relabel: !keeps };
  });
  components.sort((x, y) => x.label - y.label);
  return { components, removed };
}
