/**
 * Renders a laid-out topology to a self-contained SVG. Colours and fonts are CSS custom properties
 * (`--hale-topology-*`) that default to VS Code's theme variables when present and to a light palette
 * otherwise; presentation attributes carry the same light palette for renderers without CSS variables.
 * Every node and edge carries `data-*` attributes naming it in Hale's words, so a host page can make nodes
 * clickable and tests can read the graph back.
 */
import { METRICS, type PlacedEdge, type Point, type TopologyLayout } from './layout.ts';

/** The stylesheet of the diagram. Embedded in exported SVG; a webview may load it on its own instead. */
export const TOPOLOGY_CSS = `
.hale-topology {
  --hale-topology-background: var(--vscode-editor-background, #ffffff);
  --hale-topology-foreground: var(--vscode-editor-foreground, #1f2328);
  --hale-topology-muted: var(--vscode-descriptionForeground, #59636e);
  --hale-topology-pool-background: var(--vscode-sideBar-background, #f6f8fa);
  --hale-topology-pool-border: var(--vscode-panel-border, #d0d7de);
  --hale-topology-thread-border: var(--vscode-charts-orange, #bc4c00);
  --hale-topology-locus-background: var(--vscode-editorWidget-background, #ffffff);
  --hale-topology-locus-border: var(--vscode-charts-blue, #0969da);
  --hale-topology-topic-background: var(--vscode-editor-background, #fbefff);
  --hale-topology-topic-border: var(--vscode-charts-purple, #8250df);
  --hale-topology-orphan: var(--vscode-editorWarning-foreground, #9a6700);
  --hale-topology-publish: var(--vscode-charts-green, #1a7f37);
  --hale-topology-subscribe: var(--vscode-charts-blue, #0969da);
  --hale-topology-focus: var(--vscode-focusBorder, #0969da);
  --hale-topology-font: var(--vscode-editor-font-family, ui-monospace, "SFMono-Regular", Menlo, Consolas, "Liberation Mono", monospace);
  font-family: var(--hale-topology-font);
  font-size: ${METRICS.fontSize}px;
}
.hale-topology .background { fill: var(--hale-topology-background); }
.hale-topology text { fill: var(--hale-topology-foreground); font-family: var(--hale-topology-font); }
.hale-topology text.caption, .hale-topology text.detail { fill: var(--hale-topology-muted); font-size: ${METRICS.captionFontSize}px; }
.hale-topology .group rect { fill: var(--hale-topology-pool-background); stroke: var(--hale-topology-pool-border); }
.hale-topology .group.thread rect { stroke: var(--hale-topology-thread-border); stroke-dasharray: 5 3; }
.hale-topology .group text.title { font-weight: bold; }
.hale-topology .node.locus rect { fill: var(--hale-topology-locus-background); stroke: var(--hale-topology-locus-border); }
.hale-topology .node.topic rect { fill: var(--hale-topology-topic-background); stroke: var(--hale-topology-topic-border); }
.hale-topology .node.topic.orphan rect { stroke: var(--hale-topology-orphan); stroke-dasharray: 4 2; }
.hale-topology .node[tabindex] { cursor: pointer; }
.hale-topology .node[tabindex]:hover rect, .hale-topology .node[tabindex]:focus rect { stroke-width: 2.5; }
.hale-topology .node:focus { outline: none; }
.hale-topology .node:focus-visible rect { stroke: var(--hale-topology-focus); }
.hale-topology .edge path { fill: none; stroke-width: 1.5; }
.hale-topology .edge.publish path { stroke: var(--hale-topology-publish); }
.hale-topology .edge.subscribe path { stroke: var(--hale-topology-subscribe); }
.hale-topology .edge .label rect { fill: var(--hale-topology-background); opacity: 0.9; }
.hale-topology .edge .label text { fill: var(--hale-topology-subscribe); font-size: ${METRICS.captionFontSize}px; }
.hale-topology marker.publish path { fill: var(--hale-topology-publish); }
.hale-topology marker.subscribe path { fill: var(--hale-topology-subscribe); }
`;

export interface SvgOptions {
  /** Embed TOPOLOGY_CSS in a `<style>` (true for files; a webview with a strict CSP loads it separately). */
  embedStyle?: boolean;
  /** The SVG's `<title>`. */
  title?: string;
  /** Prefix for element ids, so several diagrams can share a page. */
  idPrefix?: string;
  /** Give nodes `tabindex` and `role="button"` (a host that opens sources on click). */
  interactive?: boolean;
}

export function escapeXml(text: string): string {
  // Characters XML 1.0 forbids are dropped rather than escaped (they cannot be escaped).
  return text
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '')
    .replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!);
}

const n = (v: number) => String(Math.round(v * 10) / 10);

function pathOf(points: Point[], radius = 4): string {
  if (points.length < 2) return '';
  let d = `M${n(points[0].x)},${n(points[0].y)}`;
  for (let i = 1; i < points.length - 1; i++) {
    const prev = points[i - 1];
    const cur = points[i];
    const next = points[i + 1];
    const r = Math.min(radius, dist(prev, cur) / 2, dist(cur, next) / 2);
    const a = toward(cur, prev, r);
    const b = toward(cur, next, r);
    d += ` L${n(a.x)},${n(a.y)} Q${n(cur.x)},${n(cur.y)} ${n(b.x)},${n(b.y)}`;
  }
  const last = points[points.length - 1];
  return `${d} L${n(last.x)},${n(last.y)}`;
}

const dist = (a: Point, b: Point) => Math.hypot(a.x - b.x, a.y - b.y);
function toward(from: Point, to: Point, r: number): Point {
  const d = dist(from, to) || 1;
  return { x: from.x + ((to.x - from.x) * r) / d, y: from.y + ((to.y - from.y) * r) / d };
}

function edgeTitle(e: PlacedEdge['edge']): string {
  return e.kind === 'publish'
    ? `${e.locus} publishes ${e.subject}${e.payload ? ` (${e.payload})` : ''}`
    : `${e.locus}.${e.handler} subscribes to ${e.subject}${e.payload ? ` (${e.payload})` : ''}`;
}

export function renderSvg(layout: TopologyLayout, options: SvgOptions = {}): string {
  const { embedStyle = true, idPrefix = 'hale-topology', interactive = false } = options;
  const title = options.title ?? 'Hale bus topology';
  const width = Math.max(layout.width, 120);
  const height = Math.max(layout.height, 60);
  const M = METRICS;
  const out: string[] = [];
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" class="hale-topology" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-labelledby="${idPrefix}-title" font-family="monospace" font-size="${M.fontSize}">`,
    `<title id="${idPrefix}-title">${escapeXml(title)}</title>`,
  );
  if (embedStyle) out.push(`<style>${TOPOLOGY_CSS}</style>`);
  out.push(
    '<defs>',
    ...(['publish', 'subscribe'] as const).map(
      (kind) =>
        `<marker id="${idPrefix}-arrow-${kind}" class="${kind}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="${kind === 'publish' ? '#1a7f37' : '#0969da'}"/></marker>`,
    ),
    '</defs>',
    `<rect class="background" x="0" y="0" width="${width}" height="${height}" fill="#ffffff"/>`,
  );

  out.push('<g class="groups">');
  for (const g of layout.groups) {
    const { group } = g;
    out.push(
      `<g class="group ${group.kind}" data-group-id="${escapeXml(group.id)}" data-kind="${group.kind}" data-name="${escapeXml(group.name)}">`,
      `<rect x="${n(g.x)}" y="${n(g.y)}" width="${n(g.width)}" height="${n(g.height)}" rx="6" fill="#f6f8fa" stroke="${group.kind === 'thread' ? '#bc4c00' : '#d0d7de'}"/>`,
      `<text class="title" x="${n(g.x + M.groupPadding)}" y="${n(g.y + M.groupHeader / 2 + 4)}" font-weight="bold" fill="#1f2328">${escapeXml(group.label)}<tspan class="detail" dx="8" font-weight="normal" font-size="${M.captionFontSize}" fill="#59636e">${escapeXml(group.detail)}</tspan></text>`,
      '</g>',
    );
  }
  out.push('</g>', '<g class="edges">');
  for (const pe of layout.edges) {
    const e = pe.edge;
    const attrs = [
      `class="edge ${e.kind}"`,
      `data-edge-id="${escapeXml(e.id)}"`,
      `data-kind="${e.kind}"`,
      `data-subject="${escapeXml(e.subject)}"`,
      `data-locus="${escapeXml(e.locus)}"`,
      ...(e.handler ? [`data-handler="${escapeXml(e.handler)}"`] : []),
      `data-source="${escapeXml(e.source)}"`,
      `data-target="${escapeXml(e.target)}"`,
    ];
    out.push(
      `<g ${attrs.join(' ')}>`,
      `<title>${escapeXml(edgeTitle(e))}</title>`,
      `<path d="${pathOf(pe.points)}" fill="none" stroke="${e.kind === 'publish' ? '#1a7f37' : '#0969da'}" stroke-width="1.5" marker-end="url(#${idPrefix}-arrow-${e.kind})"/>`,
    );
    if (pe.label) {
      const l = pe.label;
      out.push(
        `<g class="label"><rect x="${n(l.x)}" y="${n(l.y)}" width="${n(l.width)}" height="${n(l.height)}" rx="3" fill="#ffffff"/>`,
        `<text x="${n(l.x + l.width / 2)}" y="${n(l.y + l.height / 2)}" text-anchor="middle" dominant-baseline="central" font-size="${M.captionFontSize}" fill="#0969da">${escapeXml(l.text)}</text></g>`,
      );
    }
    out.push('</g>');
  }
  out.push('</g>', '<g class="nodes">');
  for (const pn of layout.nodes) {
    const node = pn.node;
    const name = node.kind === 'locus' ? node.locus : node.subject;
    const classes = ['node', node.kind];
    if (node.kind === 'topic' && node.orphan) classes.push('orphan');
    if (node.kind === 'locus' && node.main) classes.push('main');
    const attrs = [
      `class="${classes.join(' ')}"`,
      `data-node-id="${escapeXml(node.id)}"`,
      `data-kind="${node.kind}"`,
      `data-name="${escapeXml(name)}"`,
      ...(node.kind === 'locus' ? [`data-group-id="${escapeXml(node.groupId)}"`] : []),
      ...(interactive ? ['tabindex="0"', 'role="button"'] : []),
    ];
    const tooltip =
      node.kind === 'locus'
        ? `locus ${node.locus}${node.fields.length ? ` (${node.fields.join(', ')})` : ''}`
        : `topic ${node.subject}${node.payloads.length ? ` of ${node.payloads.join(' | ')}` : ''}${node.orphan === 'unpublished' ? ' (never published)' : node.orphan === 'unsubscribed' ? ' (no subscriber)' : ''}`;
    const cx = pn.x + pn.width / 2;
    const rx = node.kind === 'topic' ? pn.height / 2 : 4;
    out.push(
      `<g ${attrs.join(' ')}>`,
      `<title>${escapeXml(tooltip)}</title>`,
      `<rect x="${n(pn.x)}" y="${n(pn.y)}" width="${n(pn.width)}" height="${n(pn.height)}" rx="${n(rx)}" fill="#ffffff" stroke="${node.kind === 'topic' ? '#8250df' : '#0969da'}" stroke-width="1.5"/>`,
    );
    if (pn.caption) {
      out.push(
        `<text class="label" x="${n(cx)}" y="${n(pn.y + 16)}" text-anchor="middle" dominant-baseline="central" fill="#1f2328">${escapeXml(pn.label)}</text>`,
        `<text class="caption" x="${n(cx)}" y="${n(pn.y + 30)}" text-anchor="middle" dominant-baseline="central" font-size="${M.captionFontSize}" fill="#59636e">${escapeXml(pn.caption)}</text>`,
      );
    } else {
      out.push(`<text class="label" x="${n(cx)}" y="${n(pn.y + pn.height / 2)}" text-anchor="middle" dominant-baseline="central" fill="#1f2328">${escapeXml(pn.label)}</text>`);
    }
    out.push('</g>');
  }
  out.push('</g>', '</svg>');
  return out.join('\n') + '\n';
}
