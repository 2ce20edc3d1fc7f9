/**
 * Text renderings of a topology graph: a Mermaid flowchart (a subgraph per pool or thread) and Graphviz
 * DOT (a cluster per pool or thread). Node ids are generated (`L0`, `T0`, `G0`) because loci, topics and
 * literal subjects (`log.**`) are not valid ids in either language; the names go in labels.
 */
import { locusCaption, topicCaption, type TopologyGraph, type TopologyNode } from './model.ts';

interface Ids {
  node: Map<string, string>;
  group: Map<string, string>;
}

function assignIds(graph: TopologyGraph): Ids {
  const node = new Map<string, string>();
  const group = new Map<string, string>();
  graph.groups.forEach((g, i) => group.set(g.id, `G${i}`));
  graph.loci.forEach((l, i) => node.set(l.id, `L${i}`));
  graph.topics.forEach((t, i) => node.set(t.id, `T${i}`));
  return { node, group };
}

/** Mermaid label text inside `"..."`: quotes and markup as Mermaid entity codes. */
function mermaidText(text: string): string {
  return text
    .replace(/[\u0000-\u001f]/g, ' ')
    .replace(/[#"<>&]/g, (c) => ({ '#': '#35;', '"': '#quot;', '<': '#lt;', '>': '#gt;', '&': '#amp;' })[c]!);
}

function nodeLines(node: TopologyNode): [string, string | undefined] {
  return node.kind === 'locus' ? [node.locus, locusCaption(node)] : [node.subject, topicCaption(node)];
}

export interface MermaidOptions {
  direction?: 'LR' | 'TB';
}

export function renderMermaid(graph: TopologyGraph, options: MermaidOptions = {}): string {
  const ids = assignIds(graph);
  const out: string[] = [`flowchart ${options.direction ?? 'LR'}`];
  const label = (node: TopologyNode) => {
    const [main, caption] = nodeLines(node);
    return caption ? `${mermaidText(main)}<br/><small>${mermaidText(caption)}</small>` : mermaidText(main);
  };
  for (const g of graph.groups) {
    out.push(`  subgraph ${ids.group.get(g.id)}["${mermaidText(`${g.label} · ${g.detail}`)}"]`, '    direction TB');
    for (const l of graph.loci.filter((l) => l.groupId === g.id)) out.push(`    ${ids.node.get(l.id)}["${label(l)}"]`);
    out.push('  end');
  }
  for (const t of graph.topics) out.push(`  ${ids.node.get(t.id)}(["${label(t)}"])`);
  for (const e of graph.edges) {
    const from = ids.node.get(e.source)!;
    const to = ids.node.get(e.target)!;
    out.push(e.handler ? `  ${from} -->|"${mermaidText(e.handler)}"| ${to}` : `  ${from} --> ${to}`);
  }
  out.push(
    '  classDef locus fill:#ffffff,stroke:#0969da,color:#1f2328',
    '  classDef topic fill:#fbefff,stroke:#8250df,color:#1f2328',
  );
  if (graph.loci.length) out.push(`  class ${graph.loci.map((l) => ids.node.get(l.id)).join(',')} locus`);
  if (graph.topics.length) out.push(`  class ${graph.topics.map((t) => ids.node.get(t.id)).join(',')} topic`);
  return out.join('\n') + '\n';
}

/** A DOT double-quoted string. */
export function dotString(text: string): string {
  return `"${text.replace(/[\u0000-\u001f]/g, ' ').replace(/["\\]/g, (c) => `\\${c}`)}"`;
}

export function renderDot(graph: TopologyGraph, options: { name?: string } = {}): string {
  const ids = assignIds(graph);
  const out: string[] = [
    `digraph ${dotString(options.name ?? 'hale_topology')} {`,
    '  rankdir=LR;',
    '  compound=true;',
    '  fontname="monospace";',
    '  node [fontname="monospace", fontsize=12];',
    '  edge [fontname="monospace", fontsize=10];',
  ];
  const label = (node: TopologyNode) => {
    const [main, caption] = nodeLines(node);
    // `\n` inside a DOT string is Graphviz's centred line break.
    return caption ? `${dotString(main).slice(0, -1)}\\n${dotString(caption).slice(1)}` : dotString(main);
  };
  for (const g of graph.groups) {
    out.push(
      `  subgraph ${dotString(`cluster_${ids.group.get(g.id)}`)} {`,
      `    label=${dotString(`${g.label} · ${g.detail}`)};`,
      `    style=${g.kind === 'thread' ? '"rounded,dashed"' : 'rounded'};`,
    );
    for (const l of graph.loci.filter((l) => l.groupId === g.id))
      out.push(`    ${ids.node.get(l.id)} [label=${label(l)}, shape=box, color="#0969da"];`);
    out.push('  }');
  }
  for (const t of graph.topics)
    out.push(`  ${ids.node.get(t.id)} [label=${label(t)}, shape=box, style="rounded${t.orphan ? ',dashed' : ''}", color="#8250df"];`);
  for (const e of graph.edges) {
    const attrs = e.handler
      ? `label=${dotString(e.handler)}, color="#0969da"`
      : `color="#1a7f37"`;
    out.push(`  ${ids.node.get(e.source)} -> ${ids.node.get(e.target)} [${attrs}];`);
  }
  out.push('}');
  return out.join('\n') + '\n';
}

/** The graph as JSON (for `loom graph --format json` and other tools). */
export function renderJson(graph: TopologyGraph): string {
  return JSON.stringify(graph, null, 2) + '\n';
}
