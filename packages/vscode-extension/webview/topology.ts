/**
 * Script of the bus topology webview: shows the SVG the extension host rendered, turns clicks (and
 * Enter/Space on a focused node) into "open this declaration" requests, and drives zoom and export.
 */
import type { HostMessage, WebviewMessage } from '../src/topology/protocol';

interface VsCodeApi {
  postMessage(message: WebviewMessage): void;
  getState(): { file?: string; zoom?: number | 'fit' } | undefined;
  setState(state: { file?: string; zoom?: number | 'fit' }): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

const vscode = acquireVsCodeApi();
const $ = (id: string) => document.getElementById(id)!;
const diagram = $('diagram');
const status = $('status');
const summary = $('summary');
const notes = $('notes');
// Fit (never enlarging) until the user zooms.
let zoom: number | 'fit' = vscode.getState()?.zoom ?? 'fit';
let size: { width: number; height: number } | undefined;

function saveState(patch: { file?: string; zoom?: number | 'fit' }) {
  vscode.setState({ ...(vscode.getState() ?? {}), ...patch });
}

function applyZoom() {
  const svg = diagram.querySelector('svg');
  if (!svg || !size) return;
  let factor = typeof zoom === 'number' ? zoom : 1;
  if (zoom === 'fit') {
    const box = diagram.getBoundingClientRect();
    factor = Math.min(1, Math.max(0.2, Math.min((box.width - 20) / size.width, (box.height - 20) / size.height)));
  }
  svg.setAttribute('width', String(Math.round(size.width * factor)));
  svg.setAttribute('height', String(Math.round(size.height * factor)));
}

function render(svgText: string) {
  const parsed = new DOMParser().parseFromString(svgText, 'image/svg+xml');
  const svg = parsed.documentElement;
  if (svg.nodeName !== 'svg' || parsed.getElementsByTagName('parsererror').length) {
    showStatus('The diagram could not be drawn (the renderer produced invalid SVG).', true);
    return;
  }
  size = { width: Number(svg.getAttribute('width')) || 0, height: Number(svg.getAttribute('height')) || 0 };
  diagram.replaceChildren(document.importNode(svg, true));
  const empty = !diagram.querySelector('[data-node-id]');
  diagram.classList.toggle('empty', empty);
  if (empty) diagram.replaceChildren(Object.assign(document.createElement('p'), { textContent: 'This program has no bus: no locus publishes or subscribes to a topic.' }));
  applyZoom();
}

function showStatus(text: string, error: boolean) {
  status.textContent = text;
  status.classList.toggle('error', error);
}

window.addEventListener('message', (event: MessageEvent<HostMessage>) => {
  const m = event.data;
  switch (m.type) {
    case 'render': {
      render(m.svg);
      const s = m.summary;
      const count = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;
      summary.textContent = [
        count(s.loci, 'locus', 'loci'),
        count(s.topics, 'topic', 'topics'),
        count(s.edges, 'edge', 'edges'),
        count(s.groups, 'pool or thread', 'pools and threads'),
        `updated ${m.updatedAt}`,
      ].join(' · ');
      notes.replaceChildren(...m.notes.map((n) => Object.assign(document.createElement('li'), { textContent: n })));
      showStatus('', false);
      break;
    }
    case 'status':
      showStatus(m.text, m.error);
      break;
    case 'state':
      saveState({ file: m.file });
      break;
  }
});

function targetOf(el: Element | null): WebviewMessage | undefined {
  const node = el?.closest('[data-node-id]');
  if (node) {
    const name = node.getAttribute('data-name') ?? '';
    return { type: 'open', target: node.getAttribute('data-kind') === 'locus' ? { kind: 'locus', name } : { kind: 'topic', name } };
  }
  const edge = el?.closest('.edge[data-handler]');
  if (edge) return { type: 'open', target: { kind: 'handler', locus: edge.getAttribute('data-locus') ?? '', name: edge.getAttribute('data-handler') ?? '' } };
  return undefined;
}

diagram.addEventListener('click', (e) => {
  const message = targetOf(e.target as Element);
  if (message) vscode.postMessage(message);
});
diagram.addEventListener('keydown', (e) => {
  if (e.key !== 'Enter' && e.key !== ' ') return;
  const message = targetOf(e.target as Element);
  if (message) {
    e.preventDefault();
    vscode.postMessage(message);
  }
});

$('refresh').addEventListener('click', () => vscode.postMessage({ type: 'refresh' }));
$('export-svg').addEventListener('click', () => vscode.postMessage({ type: 'export', format: 'svg' }));
$('export-mermaid').addEventListener('click', () => vscode.postMessage({ type: 'export', format: 'mermaid' }));
const setZoom = (z: number | 'fit') => {
  zoom = z;
  saveState({ zoom: z });
  applyZoom();
};
const current = () => (typeof zoom === 'number' ? zoom : (diagram.querySelector('svg')?.getBoundingClientRect().width ?? 1) / (size?.width || 1));
$('zoom-in').addEventListener('click', () => setZoom(Math.min(4, current() * 1.25)));
$('zoom-out').addEventListener('click', () => setZoom(Math.max(0.2, current() / 1.25)));
$('zoom-fit').addEventListener('click', () => setZoom('fit'));
window.addEventListener('resize', () => {
  if (zoom === 'fit') applyZoom();
});

vscode.postMessage({ type: 'ready' });
