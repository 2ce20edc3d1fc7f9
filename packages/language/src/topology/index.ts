/**
 * The bus topology of a Hale program, shared by the VS Code extension's view and the runtime CLI
 * (`loom graph`): build the graph from `hale/busGraph` + `hale/placement`, lay it out, render it.
 * Pure TypeScript: no editor or DOM dependency.
 */
export * from './model.ts';
export * from './layout.ts';
export * from './svg.ts';
export * from './text.ts';

import { buildTopology, type BusGraphAnswer, type PlacementAnswer } from './model.ts';
import { layoutTopology } from './layout.ts';
import { renderSvg, type SvgOptions } from './svg.ts';
import { renderDot, renderJson, renderMermaid } from './text.ts';

export type TopologyFormat = 'svg' | 'mermaid' | 'dot' | 'json';

/** One call from the server's answers to a rendering, e.g. for `loom graph FILE.hl --format svg`. */
export async function renderTopology(
  busGraph: BusGraphAnswer,
  placement: PlacementAnswer | null | undefined,
  format: TopologyFormat,
  svgOptions?: SvgOptions,
): Promise<string> {
  const graph = buildTopology(busGraph, placement);
  switch (format) {
    case 'svg':
      return renderSvg(await layoutTopology(graph), svgOptions);
    case 'mermaid':
      return renderMermaid(graph);
    case 'dot':
      return renderDot(graph);
    case 'json':
      return renderJson(graph);
  }
}
