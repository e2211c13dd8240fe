// Layout of an identity graph (≤ 50 nodes): a radial start (the looked-up identity in the centre,
// each further ring one link further away, children near their parent's angle) relaxed by a
// deterministic force simulation (Fruchterman–Reingold: all nodes repel, links attract, the centre
// stays put). Same graph, same box → same picture. Pure: no DOM.

const GRAVITY = 0.08;

export interface LayoutEdge {
  from: string;
  to: string;
}

export interface Point {
  x: number;
  y: number;
}

export interface LayoutOptions {
  width: number;
  height: number;
  /** Kept clear at the edges (labels sit beside the nodes). */
  padding?: number;
  iterations?: number;
}

/** Link distance (hops) from `center` for every node; unreachable nodes get max + 1. */
export function hopsFrom(center: string, nodes: readonly string[], edges: readonly LayoutEdge[]): Map<string, number> {
  const adjacent = new Map<string, string[]>(nodes.map((n) => [n, []]));
  for (const e of edges) {
    adjacent.get(e.from)?.push(e.to);
    adjacent.get(e.to)?.push(e.from);
  }
  const hops = new Map<string, number>();
  if (adjacent.has(center)) {
    hops.set(center, 0);
    const queue = [center];
    while (queue.length > 0) {
      const node = queue.shift()!;
      for (const next of adjacent.get(node) ?? []) {
        if (!hops.has(next)) {
          hops.set(next, hops.get(node)! + 1);
          queue.push(next);
        }
      }
    }
  }
  const max = Math.max(0, ...hops.values());
  for (const n of nodes) if (!hops.has(n)) hops.set(n, max + 1);
  return hops;
}

export function layoutGraph(nodes: readonly string[], edges: readonly LayoutEdge[], center: string, options: LayoutOptions): Map<string, Point> {
  const { width, height, padding = 60, iterations = 250 } = options;
  const out = new Map<string, Point>();
  if (nodes.length === 0) return out;
  if (nodes.length === 1) {
    out.set(nodes[0], { x: width / 2, y: height / 2 });
    return out;
  }
  const known = new Set(nodes);
  const links = edges.filter((e) => e.from !== e.to && known.has(e.from) && known.has(e.to));
  const pivot = known.has(center) ? center : nodes[0];
  const hops = hopsFrom(pivot, nodes, links);

  // 1. Radial start: rings by hop count; a ring's nodes ordered by their parent's angle.
  const angle = new Map<string, number>([[pivot, 0]]);
  const pos = new Map<string, Point>([[pivot, { x: 0, y: 0 }]]);
  const rings = new Map<number, string[]>();
  for (const n of nodes) {
    if (n === pivot) continue;
    const h = hops.get(n)!;
    rings.set(h, [...(rings.get(h) ?? []), n]);
  }
  const parentAngle = (n: string) => {
    const h = hops.get(n)!;
    const parents = links
      .filter((e) => (e.from === n && hops.get(e.to) === h - 1) || (e.to === n && hops.get(e.from) === h - 1))
      .map((e) => angle.get(e.from === n ? e.to : e.from) ?? 0);
    return parents.length ? parents.reduce((a, b) => a + b, 0) / parents.length : 0;
  };
  for (const h of [...rings.keys()].sort((a, b) => a - b)) {
    const ring = rings.get(h)!;
    const order = ring.map((n, i) => ({ n, a: parentAngle(n), i })).sort((p, q) => p.a - q.a || p.i - q.i);
    order.forEach(({ n }, i) => {
      // Each ring turned a little further, so rings never line up on one axis (a 1-D collapse).
      const a = -Math.PI / 2 + (2 * Math.PI * i) / order.length + h * 0.7;
      angle.set(n, a);
      pos.set(n, { x: Math.cos(a) * h, y: Math.sin(a) * h });
    });
  }

  // 2. Forces, in a unit box scaled to the canvas at the end.
  const k = 1 / Math.sqrt(nodes.length) + 0.35;
  const aspect = Math.min(3, Math.max(1 / 3, width / height));
  const spreadX = Math.sqrt(Math.max(1, aspect));
  const spreadY = Math.sqrt(Math.max(1, 1 / aspect));
  let temperature = 0.35;
  const cool = temperature / (iterations + 1);
  for (let it = 0; it < iterations; it++) {
    const shift = new Map<string, Point>(nodes.map((n) => [n, { x: 0, y: 0 }]));
    for (let i = 0; i < nodes.length; i++) {
      for (let j = i + 1; j < nodes.length; j++) {
        const a = pos.get(nodes[i])!;
        const b = pos.get(nodes[j])!;
        let dx = a.x - b.x;
        let dy = a.y - b.y;
        let d = Math.hypot(dx, dy);
        if (d < 1e-6) {
          // Coincident: push apart along a fixed direction (deterministic).
          dx = 1e-3 * (i + 1);
          dy = 1e-3 * (j + 1);
          d = Math.hypot(dx, dy);
        }
        const f = (k * k) / d;
        const sa = shift.get(nodes[i])!;
        const sb = shift.get(nodes[j])!;
        // Repulsion is stronger along the canvas's longer side, so the drawing takes its shape.
        sa.x += (dx / d) * f * spreadX;
        sa.y += (dy / d) * f * spreadY;
        sb.x -= (dx / d) * f * spreadX;
        sb.y -= (dy / d) * f * spreadY;
      }
    }
    for (const e of links) {
      const a = pos.get(e.from)!;
      const b = pos.get(e.to)!;
      const dx = a.x - b.x;
      const dy = a.y - b.y;
      const d = Math.max(Math.hypot(dx, dy), 1e-6);
      const f = (d * d) / k;
      const sa = shift.get(e.from)!;
      const sb = shift.get(e.to)!;
      sa.x -= (dx / d) * f;
      sa.y -= (dy / d) * f;
      sb.x += (dx / d) * f;
      sb.y += (dy / d) * f;
    }
    for (const n of nodes) {
      if (n === pivot) continue;
      const s = shift.get(n)!;
      // A weak pull to the centre keeps loosely linked nodes from drifting off.
      const p0 = pos.get(n)!;
      s.x -= p0.x * GRAVITY;
      s.y -= p0.y * GRAVITY;
      const len = Math.hypot(s.x, s.y);
      if (len < 1e-9) continue;
      const p = pos.get(n)!;
      const step = Math.min(len, temperature);
      p.x += (s.x / len) * step;
      p.y += (s.y / len) * step;
    }
    temperature -= cool;
  }

  // 3. Fit the bounding box into the canvas. The axes may stretch differently (a wide canvas, a
  // tall drawing), but by at most MAX_STRETCH, so the picture keeps its shape.
  const MAX_STRETCH = 2;
  const xs = nodes.map((n) => pos.get(n)!.x);
  const ys = nodes.map((n) => pos.get(n)!.y);
  const minX = Math.min(...xs);
  const minY = Math.min(...ys);
  const spanX = Math.max(...xs) - minX || 1;
  const spanY = Math.max(...ys) - minY || 1;
  let sx = Math.max(1, width - 2 * padding) / spanX;
  let sy = Math.max(1, height - 2 * padding) / spanY;
  if (sx > sy * MAX_STRETCH) sx = sy * MAX_STRETCH;
  if (sy > sx * MAX_STRETCH) sy = sx * MAX_STRETCH;
  const offsetX = (width - spanX * sx) / 2;
  const offsetY = (height - spanY * sy) / 2;
  for (const n of nodes) {
    const p = pos.get(n)!;
    out.set(n, { x: offsetX + (p.x - minX) * sx, y: offsetY + (p.y - minY) * sy });
  }
  return out;
}
