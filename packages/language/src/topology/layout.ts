/**
 * Lays a topology graph out with elkjs (layered, left to right), pools and threads as compound nodes.
 * Coordinates come back absolute (`elk.json.*Coords: ROOT`), so the renderers need no tree walk.
 */
import ELK from 'elkjs/lib/elk.bundled.js';
import type { ElkExtendedEdge, ElkNode } from 'elkjs/lib/elk-api';
import {
  locusCaption,
  topicCaption,
  type ExecutionGroup,
  type TopologyEdge,
  type TopologyGraph,
  type TopologyNode,
} from './model.ts';

export interface Point {
  x: number;
  y: number;
}

export interface Box extends Point {
  width: number;
  height: number;
}

export interface PlacedGroup extends Box {
  group: ExecutionGroup;
}

export interface PlacedNode extends Box {
  node: TopologyNode;
  label: string;
  caption?: string;
}

export interface PlacedEdge {
  edge: TopologyEdge;
  /** Start, bends, end. */
  points: Point[];
  label?: Box & { text: string };
}

export interface TopologyLayout {
  graph: TopologyGraph;
  width: number;
  height: number;
  groups: PlacedGroup[];
  nodes: PlacedNode[];
  edges: PlacedEdge[];
}

/** Sizes the renderers draw with; the layout measures text with them (monospace, so width is exact enough). */
export const METRICS = {
  fontSize: 12,
  captionFontSize: 10,
  /** Advance of one monospace character, as a fraction of the font size. */
  charWidth: 0.6,
  nodePaddingX: 12,
  nodeHeight: 30,
  nodeHeightWithCaption: 42,
  groupHeader: 26,
  groupPadding: 12,
  edgeLabelPadding: 3,
  margin: 16,
} as const;

/** Width of a text in the monospace font, counting wide (East Asian, emoji) characters as two cells. */
export function textWidth(text: string, fontSize: number = METRICS.fontSize): number {
  let cells = 0;
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    cells += cp >= 0x1100 && (cp <= 0x115f || (cp >= 0x2e80 && cp <= 0xa4cf) || (cp >= 0xac00 && cp <= 0xd7a3) ||
      (cp >= 0xf900 && cp <= 0xfaff) || (cp >= 0xfe30 && cp <= 0xfe4f) || (cp >= 0xff00 && cp <= 0xff60) ||
      (cp >= 0xffe0 && cp <= 0xffe6) || cp >= 0x1f300) ? 2 : 1;
  }
  return cells * fontSize * METRICS.charWidth;
}

export function nodeLabel(node: TopologyNode): string {
  return node.kind === 'locus' ? node.locus : node.subject;
}

export function nodeCaption(node: TopologyNode): string | undefined {
  return node.kind === 'locus' ? locusCaption(node) : topicCaption(node);
}

let elk: InstanceType<typeof ELK> | undefined;

export async function layoutTopology(graph: TopologyGraph): Promise<TopologyLayout> {
  elk ??= new ELK();
  const M = METRICS;
  const sizeOf = (node: TopologyNode) => {
    const label = nodeLabel(node);
    const caption = nodeCaption(node);
    const width = Math.ceil(Math.max(textWidth(label), caption ? textWidth(caption, M.captionFontSize) : 0) + 2 * M.nodePaddingX);
    return { label, caption, width: Math.max(width, 48), height: caption ? M.nodeHeightWithCaption : M.nodeHeight };
  };
  const measured = new Map<string, ReturnType<typeof sizeOf>>();
  const elkNode = (node: TopologyNode): ElkNode => {
    const s = sizeOf(node);
    measured.set(node.id, s);
    return { id: node.id, width: s.width, height: s.height };
  };

  const children: ElkNode[] = graph.groups.map((g) => {
    const headerWidth = textWidth(g.label) + textWidth(g.detail, M.captionFontSize) + 3 * M.groupPadding;
    return {
      id: g.id,
      layoutOptions: {
        'elk.padding': `[top=${M.groupHeader + M.groupPadding / 2},left=${M.groupPadding},bottom=${M.groupPadding},right=${M.groupPadding}]`,
        'elk.nodeSize.constraints': 'MINIMUM_SIZE',
        'elk.nodeSize.minimum': `(${Math.ceil(headerWidth)},${M.groupHeader + M.nodeHeight})`,
      },
      children: graph.loci.filter((n) => n.groupId === g.id).map(elkNode),
    };
  });
  children.push(...graph.topics.map(elkNode));
  const edges: ElkExtendedEdge[] = graph.edges.map((e) => ({
    id: e.id,
    sources: [e.source],
    targets: [e.target],
    ...(e.handler
      ? { labels: [{ text: e.handler, width: Math.ceil(textWidth(e.handler, M.captionFontSize) + 2 * M.edgeLabelPadding), height: M.captionFontSize + 2 * M.edgeLabelPadding }] }
      : {}),
  }));

  const root: ElkNode = {
    id: 'root',
    layoutOptions: {
      'elk.algorithm': 'layered',
      'elk.direction': 'RIGHT',
      'elk.hierarchyHandling': 'INCLUDE_CHILDREN',
      'elk.json.edgeCoords': 'ROOT',
      'elk.json.shapeCoords': 'ROOT',
      'elk.edgeRouting': 'ORTHOGONAL',
      'elk.layered.spacing.nodeNodeBetweenLayers': '48',
      'elk.layered.spacing.edgeNodeBetweenLayers': '16',
      'elk.spacing.nodeNode': '24',
      'elk.spacing.edgeNode': '12',
      'elk.spacing.edgeEdge': '10',
      'elk.spacing.edgeLabel': '2',
      'elk.edgeLabels.placement': 'CENTER',
      'elk.layered.nodePlacement.strategy': 'NETWORK_SIMPLEX',
      'elk.padding': `[top=${M.margin},left=${M.margin},bottom=${M.margin},right=${M.margin}]`,
    },
    children,
    edges,
  };
  const laid = await elk.layout(root);

  const groups: PlacedGroup[] = [];
  const nodes: PlacedNode[] = [];
  const groupById = new Map(graph.groups.map((g) => [g.id, g]));
  const nodeById = new Map<string, TopologyNode>([...graph.loci, ...graph.topics].map((n) => [n.id, n]));
  const visit = (n: ElkNode) => {
    const box = { x: n.x ?? 0, y: n.y ?? 0, width: n.width ?? 0, height: n.height ?? 0 };
    const group = groupById.get(n.id);
    const node = nodeById.get(n.id);
    if (group) groups.push({ group, ...box });
    if (node) {
      const s = measured.get(n.id)!;
      nodes.push({ node, label: s.label, ...(s.caption ? { caption: s.caption } : {}), ...box });
    }
    n.children?.forEach(visit);
  };
  laid.children?.forEach(visit);

  const edgeById = new Map(graph.edges.map((e) => [e.id, e]));
  const placedEdges: PlacedEdge[] = (laid.edges ?? []).map((e) => {
    const edge = edgeById.get(e.id)!;
    const points: Point[] = [];
    for (const s of e.sections ?? []) {
      if (!points.length) points.push(s.startPoint);
      points.push(...(s.bendPoints ?? []), s.endPoint);
    }
    const l = e.labels?.[0];
    return {
      edge,
      points,
      ...(l && edge.handler ? { label: { text: edge.handler, x: l.x ?? 0, y: l.y ?? 0, width: l.width ?? 0, height: l.height ?? 0 } } : {}),
    };
  });

  return { graph, width: Math.ceil(laid.width ?? 0), height: Math.ceil(laid.height ?? 0), groups, nodes, edges: placedEdges };
}
