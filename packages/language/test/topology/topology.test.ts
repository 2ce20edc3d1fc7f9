import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  buildTopology,
  layoutTopology,
  parsePlacement,
  renderDot,
  renderMermaid,
  renderSvg,
  renderTopology,
  type BusGraphAnswer,
  type PlacementAnswer,
  type TopologyGraph,
} from '../../src/topology/index.ts';
import { parseXml, textOf, walk, type XmlElement } from './xml.ts';

interface Label {
  id: string;
  bus_graph?: BusGraphAnswer;
  placement?: PlacementAnswer;
}

const labelsPath = fileURLToPath(new URL('../../../../../shared/hale-corpus/labels.jsonl', import.meta.url));
const labels: Label[] = readFileSync(labelsPath, 'utf8')
  .split('\n')
  .filter((l) => l.trim())
  .map((l) => JSON.parse(l));
const withBus = labels.filter((l) => l.bus_graph);

/** What upstream's busGraph says the edges are, as `subject|publisher` and `subject|locus.handler` pairs. */
function expectedPairs(bus: BusGraphAnswer) {
  const publish = new Set<string>();
  const subscribe = new Set<string>();
  for (const s of bus.subjects) {
    for (const p of s.publishers) publish.add(`${s.subject}|${p.locus}`);
    for (const x of s.subscribers) subscribe.add(`${s.subject}|${x.locus}.${x.handler}`);
  }
  return { publish: [...publish].sort(), subscribe: [...subscribe].sort() };
}

/** Reads the edges back out of the rendered SVG (their data attributes and the nodes they join). */
function svgPairs(svg: XmlElement) {
  const nodes = new Map<string, XmlElement>();
  for (const el of walk(svg)) if (el.attributes['data-node-id']) nodes.set(el.attributes['data-node-id'], el);
  const publish = new Set<string>();
  const subscribe = new Set<string>();
  for (const el of walk(svg)) {
    const a = el.attributes;
    if (!a.class?.split(' ').includes('edge')) continue;
    const source = nodes.get(a['data-source']);
    const target = nodes.get(a['data-target']);
    expect(source, `edge ${a['data-edge-id']} starts at a drawn node`).toBeDefined();
    expect(target, `edge ${a['data-edge-id']} ends at a drawn node`).toBeDefined();
    const path = el.children.find((c) => c.name === 'path');
    expect(path?.attributes.d, `edge ${a['data-edge-id']} has a path`).toMatch(/^M[\d.-]+,[\d.-]+( [LQ][\d., -]+)+$/);
    if (a['data-kind'] === 'publish') {
      // The drawn ends, not only the data attributes: locus node → topic node.
      expect(source!.attributes['data-kind']).toBe('locus');
      expect(target!.attributes['data-kind']).toBe('topic');
      publish.add(`${target!.attributes['data-name']}|${source!.attributes['data-name']}`);
    } else {
      expect(a['data-kind']).toBe('subscribe');
      expect(source!.attributes['data-kind']).toBe('topic');
      expect(target!.attributes['data-kind']).toBe('locus');
      const label = el.children.find((c) => c.attributes.class === 'label');
      expect(label && textOf(label).trim(), 'subscribe edges are labelled with the handler').toBe(a['data-handler']);
      subscribe.add(`${source!.attributes['data-name']}|${target!.attributes['data-name']}.${a['data-handler']}`);
    }
  }
  return { publish: [...publish].sort(), subscribe: [...subscribe].sort() };
}

/** Decodes the Mermaid entity codes our labels use. */
const unMermaid = (s: string) =>
  s.replace(/#(quot|lt|gt|amp|35);/g, (_, e) => ({ quot: '"', lt: '<', gt: '>', amp: '&', '35': '#' })[e as string]!);

/** Parses the flowchart back: node labels, subgraph membership, and edges. */
function mermaidPairs(text: string, graph: TopologyGraph) {
  const lines = text.trimEnd().split('\n');
  expect(lines[0]).toBe('flowchart LR');
  const names = new Map<string, { name: string; kind: 'locus' | 'topic' }>();
  let depth = 0;
  const publish = new Set<string>();
  const subscribe = new Set<string>();
  for (const line of lines.slice(1)) {
    let m: RegExpExecArray | null;
    if ((m = /^\s*subgraph (G\d+)\["([^"]*)"\]$/.exec(line))) depth++;
    else if (/^\s*end$/.test(line)) depth--;
    else if (/^\s*direction TB$/.test(line) || /^\s*(classDef|class) /.test(line)) continue;
    else if ((m = /^\s*(L\d+)\["([^"]*)"\]$/.exec(line))) names.set(m[1], { name: unMermaid(m[2].split('<br/>')[0]), kind: 'locus' });
    else if ((m = /^\s*(T\d+)\(\["([^"]*)"\]\)$/.exec(line))) {
      expect(depth, 'topics sit outside the pool subgraphs').toBe(0);
      names.set(m[1], { name: unMermaid(m[2].split('<br/>')[0]), kind: 'topic' });
    } else if ((m = /^\s*([LT]\d+) -->(?:\|"([^"]*)"\|)? ([LT]\d+)$/.exec(line))) {
      const from = names.get(m[1]);
      const to = names.get(m[3]);
      expect(from && to, `edge ${line} joins declared nodes`).toBeTruthy();
      if (from!.kind === 'locus') publish.add(`${to!.name}|${from!.name}`);
      else subscribe.add(`${from!.name}|${to!.name}.${unMermaid(m[2])}`);
    } else throw new Error(`unexpected Mermaid line: ${line}`);
    expect(depth).toBeGreaterThanOrEqual(0);
  }
  expect(depth, 'every subgraph is closed').toBe(0);
  expect(names.size).toBe(graph.loci.length + graph.topics.length);
  return { publish: [...publish].sort(), subscribe: [...subscribe].sort() };
}

/** Tokenizes DOT (ids, strings, punctuation), checks nesting, and reads the edges back. */
function dotPairs(text: string) {
  const tokens: string[] = [];
  const re = /\s+|"((?:[^"\\]|\\.)*)"|->|[{}[\];,=]|[A-Za-z_][A-Za-z0-9_]*|-?\d+(?:\.\d+)?/y;
  let i = 0;
  while (i < text.length) {
    re.lastIndex = i;
    const m = re.exec(text);
    if (!m) throw new Error(`DOT: bad token at ${JSON.stringify(text.slice(i, i + 30))}`);
    if (!/^\s/.test(m[0])) tokens.push(m[1] !== undefined ? `"${m[1]}` : m[0]);
    i = re.lastIndex;
  }
  expect(tokens.slice(0, 3)).toEqual(['digraph', '"hale_topology', '{']);
  let depth = 0;
  for (const t of tokens) {
    if (t === '{') depth++;
    if (t === '}') depth--;
    expect(depth).toBeGreaterThanOrEqual(0);
  }
  expect(depth).toBe(0);
  const attrs = (at: number): Record<string, string> => {
    const out: Record<string, string> = {};
    if (tokens[at] !== '[') return out;
    for (let k = at + 1; tokens[k] !== ']'; k++) {
      if (tokens[k] === ',') continue;
      expect(tokens[k + 1]).toBe('=');
      out[tokens[k]] = tokens[k + 2].replace(/^"/, '').replace(/\\(["\\])/g, '$1');
      k += 2;
    }
    return out;
  };
  const names = new Map<string, string>();
  const edges: Array<[string, string, string | undefined]> = [];
  for (let k = 0; k < tokens.length; k++) {
    if (/^[LT]\d+$/.test(tokens[k]) && tokens[k - 1] !== '->' && tokens[k + 1] === '[') names.set(tokens[k], attrs(k + 1).label.split('\\n')[0]);
    if (tokens[k + 1] === '->') edges.push([tokens[k], tokens[k + 2], attrs(k + 3).label]);
  }
  const publish = new Set<string>();
  const subscribe = new Set<string>();
  for (const [from, to, label] of edges) {
    expect(names.has(from) && names.has(to)).toBe(true);
    if (from.startsWith('L')) publish.add(`${names.get(to)}|${names.get(from)}`);
    else subscribe.add(`${names.get(from)}|${names.get(to)}.${label}`);
  }
  return { publish: [...publish].sort(), subscribe: [...subscribe].sort() };
}

describe('topology over the corpus labels', () => {
  it('has labelled programs with a bus graph to check', () => {
    expect(withBus.length).toBeGreaterThan(300);
  });

  it('renders every program with a bus graph, and every rendering has exactly busGraph\'s edges', async () => {
    let checked = 0;
    for (const l of withBus) {
      const graph = buildTopology(l.bus_graph!, l.placement);
      const expected = expectedPairs(l.bus_graph!);
      const layout = await layoutTopology(graph);

      const svgText = renderSvg(layout, { title: `Bus topology of ${l.id}`, interactive: true });
      let svg: XmlElement;
      try {
        svg = parseXml(svgText);
      } catch (e) {
        throw new Error(`${l.id}: ${(e as Error).message}`);
      }
      expect(svg.name).toBe('svg');
      expect(svg.attributes.xmlns).toBe('http://www.w3.org/2000/svg');
      expect(svgPairs(svg), `${l.id} (svg)`).toEqual(expected);
      expect(mermaidPairs(renderMermaid(graph), graph), `${l.id} (mermaid)`).toEqual(expected);
      expect(dotPairs(renderDot(graph)), `${l.id} (dot)`).toEqual(expected);
      checked++;
    }
    expect(checked).toBe(withBus.length);
  }, 120_000);

  it('lays every node inside the viewBox and every locus inside its pool or thread, without overlaps', async () => {
    for (const l of withBus.filter((l) => l.placement)) {
      const layout = await layoutTopology(buildTopology(l.bus_graph!, l.placement));
      const groups = new Map(layout.groups.map((g) => [g.group.id, g]));
      for (const n of layout.nodes) {
        expect(n.x >= 0 && n.y >= 0 && n.x + n.width <= layout.width && n.y + n.height <= layout.height, `${l.id}: ${n.node.id} in view`).toBe(true);
        if (n.node.kind === 'locus') {
          const g = groups.get(n.node.groupId)!;
          expect(n.x >= g.x && n.y >= g.y && n.x + n.width <= g.x + g.width && n.y + n.height <= g.y + g.height, `${l.id}: ${n.node.id} inside ${g.group.id}`).toBe(true);
        }
      }
      for (const a of layout.nodes)
        for (const b of layout.nodes)
          if (a !== b)
            expect(a.x + a.width <= b.x || b.x + b.width <= a.x || a.y + a.height <= b.y || b.y + b.height <= a.y, `${l.id}: ${a.node.id} overlaps ${b.node.id}`).toBe(true);
    }
  }, 120_000);

  it('groups every placed field by its pool, or on a thread of its own when pinned', () => {
    let fields = 0;
    for (const l of labels.filter((l) => l.placement && l.bus_graph)) {
      const graph = buildTopology(l.bus_graph!, l.placement);
      const groupOf = new Map(graph.groups.map((g) => [g.id, g]));
      for (const f of l.placement!.fields) {
        const holders = graph.loci.filter((n) => n.fields.includes(f.field));
        expect(holders, `${l.id}: field ${f.field} is drawn once`).toHaveLength(1);
        const group = groupOf.get(holders[0].groupId)!;
        expect(holders[0].locus).toBe(f.locus);
        if (f.placement.startsWith('pinned')) {
          expect(group.kind).toBe('thread');
          expect(graph.loci.filter((n) => n.groupId === group.id)).toHaveLength(1);
        } else {
          expect(group.kind).toBe('pool');
          expect(group.name).toBe(/pool = (\w+)/.exec(f.placement)?.[1]);
        }
        fields++;
      }
      // Loci on the bus that the main locus does not place run on pool main.
      const placed = new Set(l.placement!.fields.map((f) => f.locus));
      for (const s of l.bus_graph!.subjects)
        for (const x of [...s.publishers, ...s.subscribers])
          if (!placed.has(x.locus)) expect(graph.loci.filter((n) => n.locus === x.locus).map((n) => n.groupId)).toEqual(['pool:main']);
    }
    expect(fields).toBeGreaterThan(100);
  });
});

describe('topology graph', () => {
  const bus: BusGraphAnswer = {
    subjects: [
      { subject: 'Beats', publishers: [{ locus: 'Drummer', payload: 'Beat' }], subscribers: [{ locus: 'Listener', handler: 'on_beat', payload: 'Beat', placement: 'Pinned' }, { locus: 'Recorder', handler: 'on_record', payload: 'Beat', placement: 'CrossPool("io")' }] },
      { subject: 'Tempo', publishers: [{ locus: 'Drummer', payload: 'Beat' }], subscribers: [] },
    ],
  };
  const placement: PlacementAnswer = {
    mainLocus: 'Band',
    fields: [
      { field: 'left', locus: 'Listener', placement: 'pinned', explicit: true },
      { field: 'right', locus: 'Listener', placement: 'pinned(Cores(Single(2)))', explicit: true },
      { field: 'recorder', locus: 'Recorder', placement: 'cooperative(pool = io) where asyncio', explicit: true },
      { field: 'drummer', locus: 'Drummer', placement: 'cooperative(pool = main)', explicit: false },
    ],
  };

  it('gives each pinned instance its own thread and draws the subscription to each', () => {
    const g = buildTopology(bus, placement);
    expect(g.groups.map((x) => [x.id, x.detail])).toEqual([
      ['pool:main', 'cooperative'],
      ['pool:io', 'cooperative · asyncio'],
      ['thread:left', 'pinned'],
      ['thread:right', 'pinned · core 2'],
    ]);
    const subs = g.edges.filter((e) => e.kind === 'subscribe').map((e) => `${e.subject}->${e.target}.${e.handler}`);
    expect(subs).toEqual([
      'Beats->locus:thread:left:Listener.on_beat',
      'Beats->locus:thread:right:Listener.on_beat',
      'Beats->locus:pool:io:Recorder.on_record',
    ]);
    expect(g.topics.find((t) => t.subject === 'Tempo')?.orphan).toBe('unsubscribed');
    expect(g.loci.find((n) => n.main)?.locus).toBe('Band');
  });

  it('puts everything on pool main without a placement answer', () => {
    const g = buildTopology(bus, null);
    expect(g.groups.map((x) => x.id)).toEqual(['pool:main']);
    expect(g.loci.map((n) => n.locus).sort()).toEqual(['Drummer', 'Listener', 'Recorder']);
  });

  it('reads placements as upstream prints them', () => {
    expect(parsePlacement('cooperative(pool = io)')).toEqual({ kind: 'pool', pool: 'io' });
    expect(parsePlacement('cooperative(pool = ws) where asyncio')).toEqual({ kind: 'pool', pool: 'ws', detail: 'asyncio' });
    expect(parsePlacement('pinned')).toEqual({ kind: 'pinned' });
    expect(parsePlacement('pinned(Cores(Range { lo: 0, hi: 4, inclusive: false })) replicas = 4')).toEqual({ kind: 'pinned', detail: 'cores 0..4, replicas 4' });
    expect(parsePlacement('pinned(LN(Ident { name: "fast", span: Span { start: Pos(1), end: Pos(5) } }))')).toEqual({ kind: 'pinned', detail: 'fast' });
    expect(parsePlacement('pinned(Cores(Set([1, 3])))')).toEqual({ kind: 'pinned', detail: 'cores {1,3}' });
    expect(parsePlacement('')).toEqual({ kind: 'pool', pool: 'main' });
  });

  it('keeps hostile names well-formed in every format', async () => {
    const nasty: BusGraphAnswer = {
      subjects: [
        { subject: 'a"b<c>&d\u0001', publishers: [{ locus: 'Ünïcødé', payload: 'Map<K, V>' }], subscribers: [{ locus: '日本語', handler: 'on_"x"', payload: 'T' }] },
        { subject: 'log.**', publishers: [], subscribers: [{ locus: 'Sink', handler: 'on#log', payload: null }] },
      ],
    };
    const svg = parseXml(await renderTopology(nasty, null, 'svg'));
    const g = buildTopology(nasty, null);
    expect(svgPairs(svg)).toEqual({ publish: ['a"b<c>&d\u0001|Ünïcødé'].map((s) => s.replace('\u0001', '')), subscribe: ['a"b<c>&d|日本語.on_"x"', 'log.**|Sink.on#log'] });
    const mermaid = await renderTopology(nasty, null, 'mermaid');
    expect(mermaidPairs(mermaid, g).subscribe).toContain('log.**|Sink.on#log');
    expect(mermaid).not.toMatch(/\["[^"\n]*"[^"\]\n]*"\]/);
    expect(dotPairs(await renderTopology(nasty, null, 'dot')).publish).toEqual(['a"b<c>&d |Ünïcødé']);
    expect(JSON.parse(await renderTopology(nasty, null, 'json')).edges).toHaveLength(3);
  });

  it('draws an empty bus as an empty, well-formed diagram', async () => {
    const svg = parseXml(await renderTopology({ subjects: [] }, null, 'svg'));
    expect([...walk(svg)].filter((e) => e.attributes['data-node-id'])).toHaveLength(0);
    expect(await renderTopology({ subjects: [] }, null, 'mermaid')).toMatch(/^flowchart LR\n/);
  });
});
