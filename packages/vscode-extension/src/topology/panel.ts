/**
 * The bus topology view: a webview per program that asks the server for `hale/busGraph` and
 * `hale/placement`, draws them with the shared renderer, and redraws (debounced) when the program's
 * diagnostics or text change. Clicking a node opens its declaration; the toolbar exports SVG and Mermaid.
 */
import * as vscode from 'vscode';
import { baseName, inProgram, programFiles, programFolder } from '../program';
import type { HaleServer } from '../server';
import { locate } from './locate';
import type { HostMessage, WebviewMessage } from './protocol';
import {
  buildTopology,
  layoutTopology,
  renderSvg,
  TOPOLOGY_CSS,
  type BusGraphAnswer,
  type PlacementAnswer,
  type TopologyGraph,
} from './shared';

export const TOPOLOGY_VIEW_TYPE = 'hale.topology';

interface PanelState {
  file: string;
}

export interface TopologyAnswers {
  graph: TopologyGraph;
  notes: string[];
}

/** Asks the server about the program that `file` belongs to and builds the graph. */
export async function fetchTopology(server: HaleServer, file: vscode.Uri, token?: vscode.CancellationToken): Promise<TopologyAnswers> {
  const params = { uri: file.toString() };
  const [bus, placement] = await Promise.allSettled([
    server.request<BusGraphAnswer | null>('hale/busGraph', params, token),
    server.request<PlacementAnswer | null>('hale/placement', params, token),
  ]);
  if (bus.status === 'rejected') throw new Error(`The language server did not answer hale/busGraph: ${errorText(bus.reason)}`);
  const notes: string[] = [];
  let placementAnswer: PlacementAnswer | null = null;
  if (placement.status === 'rejected') notes.push(`No placement (${errorText(placement.reason)}): every locus is drawn on pool main.`);
  else placementAnswer = placement.value;
  const busAnswer = bus.value ?? { subjects: [] };
  if (!Array.isArray(busAnswer.subjects)) throw new Error('The language server answered hale/busGraph without a `subjects` list.');
  if (placementAnswer && !Array.isArray(placementAnswer.fields)) {
    notes.push('The placement answer has no `fields` list: every locus is drawn on pool main.');
    placementAnswer = null;
  }
  return { graph: buildTopology(busAnswer, placementAnswer), notes };
}

function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

export class TopologyPanel implements vscode.Disposable {
  private static readonly panels = new Map<string, TopologyPanel>();

  /** Opens (or reveals) the view of the program that `file` belongs to. */
  static show(context: vscode.ExtensionContext, server: HaleServer, file: vscode.Uri): TopologyPanel {
    const folder = programFolder(file);
    const existing = TopologyPanel.panels.get(folder.toString());
    if (existing) {
      existing.file = file;
      existing.panel.reveal(existing.panel.viewColumn ?? vscode.ViewColumn.Beside);
      existing.schedule(0);
      return existing;
    }
    const panel = vscode.window.createWebviewPanel(TOPOLOGY_VIEW_TYPE, `Bus Topology: ${baseName(folder)}`, { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, TopologyPanel.webviewOptions(context));
    return new TopologyPanel(context, server, panel, file);
  }

  /** Restores a view after a window reload. */
  static revive(context: vscode.ExtensionContext, server: HaleServer, panel: vscode.WebviewPanel, state: PanelState | undefined): void {
    if (!state?.file) {
      panel.dispose();
      return;
    }
    panel.webview.options = TopologyPanel.webviewOptions(context);
    new TopologyPanel(context, server, panel, vscode.Uri.parse(state.file));
  }

  /** The view of the active program, if one is open (for export commands run from the palette). */
  static forFile(file: vscode.Uri | undefined): TopologyPanel | undefined {
    if (file) return TopologyPanel.panels.get(programFolder(file).toString());
    return [...TopologyPanel.panels.values()].find((p) => p.panel.active);
  }

  private static webviewOptions(context: vscode.ExtensionContext): vscode.WebviewPanelOptions & vscode.WebviewOptions {
    return {
      enableScripts: true,
      enableFindWidget: true,
      localResourceRoots: [vscode.Uri.joinPath(context.extensionUri, 'out', 'webview')],
    };
  }

  private readonly folder: vscode.Uri;
  private readonly disposables: vscode.Disposable[] = [];
  private timer: ReturnType<typeof setTimeout> | undefined;
  private generation = 0;
  private cancel: vscode.CancellationTokenSource | undefined;
  private lastRender: HostMessage | undefined;
  private lastStatus: HostMessage | undefined;
  private graph: TopologyGraph | undefined;
  private ready = false;

  private constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly server: HaleServer,
    readonly panel: vscode.WebviewPanel,
    private file: vscode.Uri,
  ) {
    this.folder = programFolder(file);
    TopologyPanel.panels.set(this.folder.toString(), this);
    panel.iconPath = vscode.Uri.joinPath(context.extensionUri, 'media', 'icon.png');
    panel.webview.html = this.html();
    this.disposables.push(
      panel.onDidDispose(() => this.dispose()),
      panel.webview.onDidReceiveMessage((m: WebviewMessage) => this.onMessage(m)),
      vscode.languages.onDidChangeDiagnostics((e) => {
        if (e.uris.some((u) => inProgram(u, this.folder))) this.schedule();
      }),
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.contentChanges.length && inProgram(e.document.uri, this.folder)) this.schedule();
      }),
      vscode.workspace.onDidSaveTextDocument((d) => {
        if (inProgram(d.uri, this.folder)) this.schedule();
      }),
      server.onDidChangeState((s) => {
        if (s === 'running') this.schedule(0);
      }),
    );
    const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(this.folder, '*.hl'));
    this.disposables.push(watcher, watcher.onDidCreate(() => this.schedule()), watcher.onDidDelete(() => this.schedule()));
    this.schedule(0);
  }

  private delay(): number {
    return vscode.workspace.getConfiguration('hale.topology').get<number>('updateDelay', 300);
  }

  /** Redraws after `ms` of quiet (edits and diagnostics come in bursts). */
  schedule(ms = this.delay()): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.update();
    }, ms);
  }

  /** Posts to the webview and remembers it for when the webview reloads (it does when hidden and shown). */
  private post(message: HostMessage) {
    if (message.type === 'render') {
      this.lastRender = message;
      this.lastStatus = undefined;
    } else {
      this.lastStatus = message;
    }
    if (this.ready) void this.panel.webview.postMessage(message);
  }

  private async update(): Promise<void> {
    const generation = ++this.generation;
    this.cancel?.cancel();
    const cancel = (this.cancel = new vscode.CancellationTokenSource());
    const program = baseName(this.folder);
    if (!this.lastRender) this.post({ type: 'status', program, text: 'Asking the language server for the bus graph…', error: false });
    try {
      const file = await this.liveFile();
      if (!file) throw new Error(`The folder ${this.folder.fsPath} has no .hl file any more.`);
      const { graph, notes } = await fetchTopology(this.server, file, cancel.token);
      const layout = await layoutTopology(graph);
      if (generation !== this.generation) return;
      this.graph = graph;
      const svg = renderSvg(layout, { embedStyle: false, interactive: true, title: `Bus topology of ${program}`, idPrefix: 'hale-topology' });
      this.post({
        type: 'render',
        program,
        svg,
        summary: { groups: graph.groups.length, loci: graph.loci.length, topics: graph.topics.length, edges: graph.edges.length },
        notes,
        updatedAt: new Date().toLocaleTimeString(),
      });
    } catch (e) {
      if (generation !== this.generation) return;
      this.server.output.warn(`Bus topology of ${program}: ${errorText(e)}`);
      this.post({ type: 'status', program, text: errorText(e), error: true });
    } finally {
      cancel.dispose();
      if (this.cancel === cancel) this.cancel = undefined;
    }
  }

  /** The file to name in requests: the one the view was opened from, or another of the program if it is gone. */
  private async liveFile(): Promise<vscode.Uri | undefined> {
    try {
      await vscode.workspace.fs.stat(this.file);
      return this.file;
    } catch {
      const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === this.file.toString());
      if (open) return this.file;
      const files = await programFiles(this.folder);
      if (files[0]) this.file = files[0];
      return files[0];
    }
  }

  private async onMessage(m: WebviewMessage): Promise<void> {
    switch (m.type) {
      case 'ready':
        this.ready = true;
        void this.panel.webview.postMessage({ type: 'state', file: this.file.toString() } satisfies HostMessage);
        if (this.lastRender) void this.panel.webview.postMessage(this.lastRender);
        if (this.lastStatus) void this.panel.webview.postMessage(this.lastStatus);
        return;
      case 'refresh':
        this.schedule(0);
        return;
      case 'export':
        await vscode.commands.executeCommand(m.format === 'svg' ? 'hale.exportTopologySvg' : 'hale.exportTopologyMermaid', this.file);
        return;
      case 'open': {
        const location = await locate(this.folder, m.target);
        if (!location) {
          void vscode.window.showInformationMessage(`Hale: could not find where ${m.target.kind === 'handler' ? `${m.target.locus}.${m.target.name}` : m.target.name} is declared in ${baseName(this.folder)}.`);
          return;
        }
        const other = this.panel.viewColumn === vscode.ViewColumn.One ? vscode.ViewColumn.Two : vscode.ViewColumn.One;
        const visible = vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === location.uri.toString());
        await vscode.window.showTextDocument(location.uri, { selection: location.range, viewColumn: visible?.viewColumn ?? other, preserveFocus: false });
        return;
      }
    }
  }

  /** The last graph drawn, for export without asking again. */
  get currentGraph(): TopologyGraph | undefined {
    return this.graph;
  }

  private html(): string {
    const webview = this.panel.webview;
    const nonce = Array.from({ length: 32 }, () => 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'[Math.floor(Math.random() * 62)]).join('');
    const script = webview.asWebviewUri(vscode.Uri.joinPath(this.context.extensionUri, 'out', 'webview', 'topology.js'));
    const csp = [
      "default-src 'none'",
      `img-src ${webview.cspSource} data:`,
      `style-src 'nonce-${nonce}'`,
      `font-src ${webview.cspSource}`,
      `script-src 'nonce-${nonce}'`,
    ].join('; ');
    return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>Bus Topology</title>
<style nonce="${nonce}">${TOPOLOGY_CSS}${PAGE_CSS}</style>
</head>
<body>
<header class="toolbar" role="toolbar" aria-label="Bus topology">
  <span class="program" id="program">${escapeHtml(baseName(this.folder))}</span>
  <span class="spacer"></span>
  <button id="zoom-out" title="Zoom out" aria-label="Zoom out">−</button>
  <button id="zoom-fit" title="Fit to the view" aria-label="Fit to the view">Fit</button>
  <button id="zoom-in" title="Zoom in" aria-label="Zoom in">+</button>
  <button id="refresh" title="Ask the server again">Refresh</button>
  <button id="export-svg" title="Save the diagram as an SVG file">Export SVG</button>
  <button id="export-mermaid" title="Save the diagram as a Mermaid flowchart">Export Mermaid</button>
</header>
<div class="summary" id="summary" aria-live="polite"></div>
<div class="status" id="status" role="status">Loading…</div>
<ul class="notes" id="notes"></ul>
<main class="diagram" id="diagram" aria-label="Bus topology diagram"></main>
<script nonce="${nonce}" src="${script}"></script>
</body>
</html>`;
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.cancel?.cancel();
    TopologyPanel.panels.delete(this.folder.toString());
    for (const d of this.disposables.splice(0)) d.dispose();
    this.panel.dispose();
  }

  static disposeAll(): void {
    for (const p of [...TopologyPanel.panels.values()]) p.dispose();
  }
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

const PAGE_CSS = `
html, body { height: 100%; }
body { margin: 0; padding: 0; color: var(--vscode-foreground); background: var(--vscode-editor-background); font-family: var(--vscode-font-family); font-size: var(--vscode-font-size); display: flex; flex-direction: column; }
.toolbar { display: flex; align-items: center; gap: 6px; padding: 6px 10px; border-bottom: 1px solid var(--vscode-panel-border, transparent); flex-wrap: wrap; }
.toolbar .program { font-weight: bold; }
.summary { padding: 4px 10px 0; color: var(--vscode-descriptionForeground); }
.summary:empty { display: none; }
.toolbar .spacer { flex: 1; }
.toolbar button { color: var(--vscode-button-secondaryForeground); background: var(--vscode-button-secondaryBackground); border: 1px solid var(--vscode-button-border, transparent); border-radius: 2px; padding: 2px 8px; cursor: pointer; font: inherit; }
.toolbar button:hover { background: var(--vscode-button-secondaryHoverBackground); }
.toolbar button:focus-visible { outline: 1px solid var(--vscode-focusBorder); outline-offset: 1px; }
.status { padding: 4px 10px; color: var(--vscode-descriptionForeground); }
.status:empty { display: none; }
.status.error { color: var(--vscode-errorForeground); }
.notes { margin: 0; padding: 0 10px 0 28px; color: var(--vscode-editorWarning-foreground); }
.notes:empty { display: none; }
.diagram { flex: 1; overflow: auto; padding: 8px; }
.diagram.empty { display: flex; align-items: center; justify-content: center; color: var(--vscode-descriptionForeground); }
`;
