/**
 * The bus topology of a Hale program as a graph: loci grouped by the pool or thread they run on, topics
 * (and literal subjects) as nodes, publish edges locus→topic and subscribe edges topic→locus labelled with
 * the handler. Built from the server's answers to `hale/busGraph` and `hale/placement` (upstream's JSON
 * shapes), so the editor, the runtime CLI and tests draw the same graph.
 */

/** Answer to `hale/busGraph`. */
export interface BusGraphAnswer {
  subjects: BusSubject[];
}

export interface BusSubject {
  /** A declared topic's name (`OrderPlaced`) or a literal subject (`svc.order.intent`, `log.**`). */
  subject: string;
  publishers: BusPublisher[];
  subscribers: BusSubscriber[];
  directCallEligible?: boolean;
  staticDispatchEligible?: boolean;
  ineligibleReason?: string | null;
}

export interface BusPublisher {
  locus: string;
  payload?: string | null;
}

export interface BusSubscriber {
  locus: string;
  handler: string;
  payload?: string | null;
  /** Relative to the publishers: `SameThread`, `Pinned`, `CrossPool("io")`. */
  placement?: string | null;
}

/** Answer to `hale/placement`. */
export interface PlacementAnswer {
  mainLocus?: string | null;
  fields: PlacementField[];
}

export interface PlacementField {
  /** The main locus's param holding the instance. */
  field: string;
  locus: string;
  /** `cooperative(pool = io)`, `cooperative(pool = io) where asyncio`, `pinned`, `pinned(Cores(Single(1)))` ... */
  placement: string;
  explicit?: boolean;
}

/** Where a locus runs: a cooperative pool shared with other loci, or a pinned thread of its own. */
export type Placement =
  | { kind: 'pool'; pool: string; detail?: string }
  | { kind: 'pinned'; detail?: string };

export const DEFAULT_POOL = 'main';

export interface ExecutionGroup {
  id: string;
  kind: 'pool' | 'thread';
  /** The pool's name, or for a pinned thread the field (or locus) it runs. */
  name: string;
  label: string;
  /** `cooperative`, `cooperative · asyncio`, `pinned`, `pinned · cores 1` ... */
  detail: string;
}

export interface LocusNode {
  id: string;
  kind: 'locus';
  locus: string;
  /** The main locus's params that hold instances of it in this group (empty for the main locus itself). */
  fields: string[];
  groupId: string;
  main: boolean;
}

export interface TopicNode {
  id: string;
  kind: 'topic';
  subject: string;
  /** Payload types seen on this topic (more than one is a payload mismatch). */
  payloads: string[];
  /** A literal subject pattern with `*` or `**`. */
  wildcard: boolean;
  /** One end is not wired: nobody publishes, or nobody subscribes. */
  orphan: 'unpublished' | 'unsubscribed' | null;
}

export type TopologyNode = LocusNode | TopicNode;

export interface TopologyEdge {
  id: string;
  kind: 'publish' | 'subscribe';
  source: string;
  target: string;
  subject: string;
  locus: string;
  /** The subscriber's handler (subscribe edges only). */
  handler?: string;
  payload?: string;
}

export interface TopologyGraph {
  mainLocus?: string;
  groups: ExecutionGroup[];
  loci: LocusNode[];
  topics: TopicNode[];
  edges: TopologyEdge[];
}

/**
 * Reads a placement as the server prints it. Upstream prints its own AST (`pinned(Cores(Single(1)))`,
 * `pinned(LN(Ident { name: "fast", .. }))`); Hale's surface syntax (`pinned(cores = 1)`) reads the same way.
 * Anything that is not `pinned...` and names no pool runs on the default pool `main`.
 */
export function parsePlacement(spec: string | null | undefined): Placement {
  const text = (spec ?? '').trim();
  if (/^pinned\b/.test(text)) {
    const detail = describePinned(text.slice('pinned'.length).trim());
    return detail ? { kind: 'pinned', detail } : { kind: 'pinned' };
  }
  const pool = /\bpool\s*=\s*([A-Za-z_][A-Za-z0-9_]*)/.exec(text)?.[1] ?? DEFAULT_POOL;
  const where = /\bwhere\s+([A-Za-z_][A-Za-z0-9_]*)/.exec(text)?.[1];
  return where ? { kind: 'pool', pool, detail: where } : { kind: 'pool', pool };
}

/** `(Cores(Single(1))) replicas = 2` → `cores 1, replicas 2`. Unknown shapes are kept as written. */
function describePinned(rest: string): string | undefined {
  const parts: string[] = [];
  let body = rest;
  const replicas = /\breplicas\s*=\s*(\d+)/.exec(body);
  if (replicas) body = body.replace(replicas[0], '').trim();
  if (body.startsWith('(') && body.endsWith(')')) body = body.slice(1, -1).trim();
  if (body) {
    let m: RegExpExecArray | null;
    if ((m = /^Cores\(Single\((\d+)\)\)$/.exec(body))) parts.push(`core ${m[1]}`);
    else if ((m = /^Cores\(Range \{ lo: (\d+), hi: (\d+), inclusive: (true|false) \}\)$/.exec(body)))
      parts.push(`cores ${m[1]}${m[3] === 'true' ? '..=' : '..'}${m[2]}`);
    else if ((m = /^Cores\(Set\(\[([\d,\s]*)\]\)\)$/.exec(body))) parts.push(`cores {${m[1].replace(/\s+/g, '')}}`);
    else if ((m = /^Node\((\d+)\)$/.exec(body))) parts.push(`node ${m[1]}`);
    else if ((m = /^LN\(Ident \{ name: "([^"]*)"/.exec(body))) parts.push(m[1]);
    else parts.push(body);
  }
  if (replicas) parts.push(`replicas ${replicas[1]}`);
  return parts.length ? parts.join(', ') : undefined;
}

function placementDetail(p: Placement): string {
  if (p.kind === 'pinned') return p.detail ? `pinned · ${p.detail}` : 'pinned';
  return p.detail ? `cooperative · ${p.detail}` : 'cooperative';
}

/** Builds the graph. `placement` is optional: without it every locus runs on pool `main`. */
export function buildTopology(busGraph: BusGraphAnswer, placement?: PlacementAnswer | null): TopologyGraph {
  const groups = new Map<string, ExecutionGroup>();
  const loci = new Map<string, LocusNode>();
  /** Locus name → its nodes (one per pool it is placed on, one per pinned instance). */
  const nodesOfLocus = new Map<string, LocusNode[]>();
  const mainLocus = placement?.mainLocus ?? undefined;

  const poolGroup = (pool: string, detail: string): ExecutionGroup => {
    const id = `pool:${pool}`;
    let g = groups.get(id);
    if (!g) {
      g = { id, kind: 'pool', name: pool, label: `pool ${pool}`, detail };
      groups.set(id, g);
    } else if (g.detail === 'cooperative' && detail !== 'cooperative') {
      g.detail = detail;
    }
    return g;
  };
  const addLocusNode = (locus: string, group: ExecutionGroup, field: string | undefined, main: boolean) => {
    const id = `locus:${group.id}:${locus}`;
    let n = loci.get(id);
    if (!n) {
      n = { id, kind: 'locus', locus, fields: [], groupId: group.id, main };
      loci.set(id, n);
      nodesOfLocus.set(locus, [...(nodesOfLocus.get(locus) ?? []), n]);
    }
    if (field && !n.fields.includes(field)) n.fields.push(field);
    return n;
  };

  if (mainLocus) addLocusNode(mainLocus, poolGroup(DEFAULT_POOL, 'cooperative'), undefined, true);
  for (const f of placement?.fields ?? []) {
    const p = parsePlacement(f.placement);
    if (p.kind === 'pool') {
      addLocusNode(f.locus, poolGroup(p.pool, placementDetail(p)), f.field, f.locus === mainLocus);
    } else {
      // Each pinned instance is a thread of its own, named after the field that holds it.
      const name = f.field || f.locus;
      let id = `thread:${name}`;
      for (let i = 2; groups.has(id); i++) id = `thread:${name}#${i}`;
      const g: ExecutionGroup = { id, kind: 'thread', name, label: `thread ${name}`, detail: placementDetail(p) };
      groups.set(id, g);
      addLocusNode(f.locus, g, f.field, false);
    }
  }
  const nodesFor = (locus: string): LocusNode[] =>
    nodesOfLocus.get(locus) ?? [addLocusNode(locus, poolGroup(DEFAULT_POOL, 'cooperative'), undefined, locus === mainLocus)];

  const topics = new Map<string, TopicNode>();
  const edges = new Map<string, TopologyEdge>();
  for (const s of busGraph.subjects ?? []) {
    const topicId = `topic:${s.subject}`;
    let topic = topics.get(topicId);
    if (!topic) {
      topic = { id: topicId, kind: 'topic', subject: s.subject, payloads: [], wildcard: /\*/.test(s.subject), orphan: null };
      topics.set(topicId, topic);
    }
    const addPayload = (p: string | null | undefined) => {
      if (p && !topic!.payloads.includes(p)) topic!.payloads.push(p);
    };
    for (const pub of s.publishers ?? []) {
      addPayload(pub.payload);
      for (const n of nodesFor(pub.locus)) {
        const id = `publish:${n.id}->${topicId}`;
        if (!edges.has(id))
          edges.set(id, { id, kind: 'publish', source: n.id, target: topicId, subject: s.subject, locus: pub.locus, ...(pub.payload ? { payload: pub.payload } : {}) });
      }
    }
    for (const sub of s.subscribers ?? []) {
      addPayload(sub.payload);
      for (const n of nodesFor(sub.locus)) {
        const id = `subscribe:${topicId}->${n.id}.${sub.handler}`;
        if (!edges.has(id))
          edges.set(id, {
            id, kind: 'subscribe', source: topicId, target: n.id, subject: s.subject, locus: sub.locus, handler: sub.handler,
            ...(sub.payload ? { payload: sub.payload } : {}),
          });
      }
    }
  }
  for (const t of topics.values()) {
    const published = [...edges.values()].some((e) => e.kind === 'publish' && e.target === t.id);
    const subscribed = [...edges.values()].some((e) => e.kind === 'subscribe' && e.source === t.id);
    t.orphan = !published && subscribed ? 'unpublished' : published && !subscribed ? 'unsubscribed' : null;
  }

  // Pools first (main leading), then threads; drop groups that ended up empty.
  const used = new Set([...loci.values()].map((n) => n.groupId));
  const orderedGroups = [...groups.values()]
    .filter((g) => used.has(g.id))
    .sort((a, b) => rank(a) - rank(b));
  return {
    ...(mainLocus ? { mainLocus } : {}),
    groups: orderedGroups,
    loci: [...loci.values()],
    topics: [...topics.values()],
    edges: [...edges.values()],
  };
}

function rank(g: ExecutionGroup): number {
  if (g.kind === 'pool' && g.name === DEFAULT_POOL) return 0;
  return g.kind === 'pool' ? 1 : 2;
}

/** A locus node's second line: the fields holding it, when they say more than its name. */
export function locusCaption(n: LocusNode): string | undefined {
  if (n.main) return 'main locus';
  return n.fields.length ? n.fields.join(', ') : undefined;
}

/** A topic node's second line: its payload type(s). */
export function topicCaption(t: TopicNode): string | undefined {
  return t.payloads.length ? t.payloads.join(' | ') : undefined;
}
