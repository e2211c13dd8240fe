// The identity graph drawn as a graph: nodes coloured by namespace, edges labelled with the
// dataset(s) whose records linked the two identities. Self-made SVG with a deterministic layout
// (graph-layout.ts). Nodes are buttons: Tab reaches them, Enter or Space selects one.
import { useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import Box from '@mui/material/Box';
import type { GraphIdentity, IdentityLink } from '../../../../contracts/entities.ts';
import { layoutGraph, type LayoutEdge } from '../graph-layout.ts';
import { namespaceColor } from './namespace-colors.ts';

export interface GraphEdge extends LayoutEdge {
  /** Dataset ids that linked the pair, in first-link order. */
  datasets: string[];
  links: IdentityLink[];
}

/** One edge per linked pair (links are stored once per dataset and batch). */
export function graphEdges(links: readonly IdentityLink[]): GraphEdge[] {
  const byPair = new Map<string, GraphEdge>();
  for (const link of links) {
    const [a, b] = link.from < link.to ? [link.from, link.to] : [link.to, link.from];
    const key = `${a}\u0000${b}`;
    let edge = byPair.get(key);
    if (!edge) {
      edge = { from: link.from, to: link.to, datasets: [], links: [] };
      byPair.set(key, edge);
    }
    edge.links.push(link);
    if (!edge.datasets.includes(link.datasetId)) edge.datasets.push(link.datasetId);
  }
  return [...byPair.values()];
}

const shorten = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

export interface IdentityGraphProps {
  identities: GraphIdentity[];
  edges: GraphEdge[];
  /** XID of the looked-up identity: drawn in the centre, ringed. */
  centerXid: string;
  selectedXid: string | undefined;
  onSelect: (xid: string) => void;
  datasetName: (id: string) => string;
}

function useWidth(fallback: number) {
  const ref = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(fallback);
  useEffect(() => {
    const el = ref.current;
    if (!el || typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver((entries) => {
      const w = Math.round(entries[0]?.contentRect.width ?? 0);
      if (w > 0) setWidth((current) => (Math.abs(current - w) > 4 ? w : current));
    });
    observer.observe(el);
    return () => observer.disconnect();
  }, []);
  return { ref, width };
}

export function IdentityGraph({ identities, edges, centerXid, selectedXid, onSelect, datasetName }: IdentityGraphProps) {
  const { ref, width } = useWidth(800);
  const narrow = width < 560;
  const height = Math.max(320, Math.min(560, Math.round(width * (narrow ? 1.3 : 0.6))));
  const nodes = useMemo(() => identities.map((i) => i.xid), [identities]);
  const positions = useMemo(
    () => layoutGraph(nodes, edges, centerXid, { width, height, padding: narrow ? 46 : 70 }),
    [nodes, edges, centerXid, width, height, narrow],
  );
  const degree = useMemo(() => {
    const d = new Map<string, number>();
    for (const e of edges) {
      d.set(e.from, (d.get(e.from) ?? 0) + 1);
      d.set(e.to, (d.get(e.to) ?? 0) + 1);
    }
    return d;
  }, [edges]);
  const idLength = narrow ? 14 : 22;

  const onKey = (xid: string) => (e: KeyboardEvent) => {
    if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      onSelect(xid);
    }
  };

  return (
    <Box ref={ref} sx={{ width: '100%' }}>
      <Box
        component="svg"
        role="group"
        aria-label={`Identity graph: ${identities.length} identities, ${edges.length} links`}
        viewBox={`0 0 ${width} ${height}`}
        width="100%"
        height={height}
        sx={(t) => {
          const palette = (t.vars ?? t).palette;
          return {
            display: 'block',
            '& .edge': { stroke: palette.text.secondary, strokeOpacity: 0.45, strokeWidth: 1.5 },
            '& .edge.active': { stroke: palette.primary.main, strokeOpacity: 1, strokeWidth: 2.5 },
            '& .edge-label': { fill: palette.text.secondary, fontSize: 11 },
            '& .halo': { paintOrder: 'stroke', stroke: palette.background.paper, strokeWidth: 4, strokeLinejoin: 'round' },
            '& .node-ns': { fill: palette.text.primary, fontSize: 12, fontWeight: 600 },
            '& .node-id': { fill: palette.text.secondary, fontSize: 11, fontFamily: 'ui-monospace, SFMono-Regular, Menlo, Consolas, monospace' },
            '& .node': { cursor: 'pointer', outline: 'none' },
            '& .node:focus-visible .focus-ring': { stroke: palette.primary.main, strokeWidth: 3, strokeDasharray: '4 3' },
            '& .node .selected-ring': { stroke: palette.primary.main, strokeWidth: 3 },
            '& .center-ring': { stroke: palette.text.primary, strokeWidth: 2 },
          };
        }}
      >
        {edges.map((e) => {
          const a = positions.get(e.from);
          const b = positions.get(e.to);
          if (!a || !b) return null;
          const active = selectedXid !== undefined && (e.from === selectedXid || e.to === selectedXid);
          const names = e.datasets.map(datasetName);
          const label = shorten(names.length > 1 ? `${names[0]} +${names.length - 1}` : (names[0] ?? ''), narrow ? 16 : 26);
          // A label longer than its edge would sit on the nodes: shown only for the selected node's edges.
          const fits = Math.hypot(b.x - a.x, b.y - a.y) - 40 > label.length * 6.2;
          return (
            <g key={`${e.from}-${e.to}`}>
              <line className={active ? 'edge active' : 'edge'} x1={a.x} y1={a.y} x2={b.x} y2={b.y}>
                <title>{`Linked by ${names.join(', ')}`}</title>
              </line>
              {(fits || active) && <text className="edge-label halo" x={(a.x + b.x) / 2} y={(a.y + b.y) / 2} textAnchor="middle" dominantBaseline="middle" aria-hidden>
                {label}
              </text>}
            </g>
          );
        })}
        {identities.map((identity) => {
          const p = positions.get(identity.xid);
          if (!p) return null;
          const center = identity.xid === centerXid;
          const selected = identity.xid === selectedXid;
          const r = center ? 17 : 13;
          const links = degree.get(identity.xid) ?? 0;
          const below = p.y < height - 50;
          return (
            <g
              key={identity.xid}
              className="node"
              role="button"
              tabIndex={0}
              aria-pressed={selected}
              aria-label={`${identity.namespace} ${identity.id}${center ? ' (looked up)' : ''}, ${links} ${links === 1 ? 'link' : 'links'}`}
              onClick={() => onSelect(identity.xid)}
              onKeyDown={onKey(identity.xid)}
              transform={`translate(${p.x} ${p.y})`}
            >
              <title>{`${identity.namespace}: ${identity.id}`}</title>
              <circle className="focus-ring" r={r + 7} fill="none" stroke="none" />
              {selected && <circle className="selected-ring" r={r + 4} fill="none" />}
              {center && !selected && <circle className="center-ring" r={r + 4} fill="none" />}
              <circle r={r} fill={namespaceColor(identity.namespace)} />
              <text className="node-ns halo" y={below ? r + 15 : -r - 20} textAnchor="middle">
                {identity.namespace}
              </text>
              {/* Narrow screens: values only for the looked-up and the selected identity (the rest in the details). */}
              {(!narrow || center || selected) && (
                <text className="node-id halo" y={below ? r + 29 : -r - 6} textAnchor="middle">
                  {shorten(identity.id, idLength)}
                </text>
              )}
            </g>
          );
        })}
      </Box>
    </Box>
  );
}
