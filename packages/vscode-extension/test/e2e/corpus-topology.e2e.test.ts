/**
 * The topology of every corpus program with a bus, end to end: the language server bundled in the built
 * extension (out/server/main.cjs, over stdio) answers `hale/busGraph` and `hale/placement` for each
 * program opened alone; the extension's renderer draws it; Chromium (the engine of VS Code's webviews)
 * parses the SVG as the webview does, and the drawn edges are exactly the server's.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTopology, layoutTopology, renderSvg, type BusGraphAnswer, type PlacementAnswer } from '../../src/topology/shared';
import { extensionDir } from './harness';

const corpus = join(extensionDir, '..', '..', '..', 'shared', 'hale-corpus');
const serverModule = join(extensionDir, 'out', 'server', 'main.cjs');
interface Label {
  id: string;
  bus_graph?: BusGraphAnswer;
}
const withBus: Label[] = readFileSync(join(corpus, 'labels.jsonl'), 'utf8')
  .split('\n')
  .filter((l) => l.trim())
  .map((l) => JSON.parse(l) as Label)
  .filter((l) => l.bus_graph);

let server: ChildProcess;
let programs: string;
/** Resolvers waiting for a file's first diagnostics (the server has built it). */
const diagnosed = new Map<string, () => void>();
let connection: MessageConnection;
let browser: Browser;
let page: Page;

function pairs(bus: BusGraphAnswer) {
  const out = new Set<string>();
  for (const s of bus.subjects) {
    for (const p of s.publishers) out.add(`publish ${s.subject} ${p.locus}`);
    for (const x of s.subscribers) out.add(`subscribe ${s.subject} ${x.locus}.${x.handler}`);
  }
  return [...out].sort();
}

describe('the topology of every corpus program with a bus', () => {
  beforeAll(async () => {
    if (!existsSync(serverModule)) throw new Error(`no language server in the built extension (${serverModule}): run pnpm package`);
    programs = mkdtempSync(join(tmpdir(), 'hale-corpus-topology-'));
    server = spawn(process.execPath, [serverModule, '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
    connection = createMessageConnection(new StreamMessageReader(server.stdout!), new StreamMessageWriter(server.stdin!));
    // The server may close its end first at shutdown: that is not an error of the test.
    server.stdin!.on('error', () => undefined);
    connection.onError(() => undefined);
    connection.onNotification('textDocument/publishDiagnostics', (p: { uri: string }) => {
      diagnosed.get(p.uri)?.();
    });
    connection.listen();
    await connection.sendRequest('initialize', { processId: process.pid, rootUri: null, capabilities: {}, workspaceFolders: null });
    connection.sendNotification('initialized', {});
    browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
    page = await browser.newPage();
  });
  afterAll(async () => {
    await browser?.close();
    if (connection) {
      await Promise.race([connection.sendRequest('shutdown').catch(() => undefined), new Promise((r) => setTimeout(r, 2000))]);
      if (server.exitCode === null) await connection.sendNotification('exit').catch(() => undefined);
      connection.dispose();
    }
    server?.kill();
    if (programs) rmSync(programs, { recursive: true, force: true });
  });

  it('renders each one without error, with exactly the edges of the server\'s hale/busGraph', async () => {
    let drawn = 0;
    let agreeWithUpstream = 0;
    const failures: string[] = [];
    for (const label of withBus) {
      // A program is a folder: each corpus program alone in its own, as upstream labelled it.
      mkdirSync(join(programs, label.id));
      const file = join(programs, label.id, `${label.id}.hl`);
      copyFileSync(join(corpus, 'programs', `${label.id}.hl`), file);
      const uri = pathToFileURL(file).toString();
      // Ask once the server has built the program, as the view does (it redraws when diagnostics change).
      const built = new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, 10_000);
        diagnosed.set(uri, () => {
          clearTimeout(timer);
          resolve();
        });
      });
      connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'hale', version: 1, text: readFileSync(file, 'utf8') } });
      await built;
      diagnosed.delete(uri);
      const [bus, placement] = await Promise.all([
        connection.sendRequest<BusGraphAnswer | null>('hale/busGraph', { uri }),
        connection.sendRequest<PlacementAnswer | null>('hale/placement', { uri }),
      ]);
      connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
      if (!bus?.subjects?.length) {
        // Upstream found a bus here: an empty diagram would be wrong.
        failures.push(`${label.id}: the server answered hale/busGraph with ${JSON.stringify(bus)}`);
        continue;
      }
      const answer = bus;
      if (JSON.stringify(pairs(answer)) === JSON.stringify(pairs(label.bus_graph!))) agreeWithUpstream++;
      const svg = renderSvg(await layoutTopology(buildTopology(answer, placement)), { interactive: true, embedStyle: false });
      // What the webview does with it: DOMParser as SVG, then read the edges back from the DOM.
      const parsed = await page.evaluate((text) => {
        const doc = new DOMParser().parseFromString(text, 'image/svg+xml');
        const error = doc.getElementsByTagName('parsererror')[0]?.textContent ?? null;
        const names = new Map([...doc.querySelectorAll('[data-node-id]')].map((n) => [n.getAttribute('data-node-id'), n.getAttribute('data-name')]));
        const edges = [...doc.querySelectorAll('.edge')].map((e) =>
          e.getAttribute('data-kind') === 'publish'
            ? `publish ${names.get(e.getAttribute('data-target'))} ${names.get(e.getAttribute('data-source'))}`
            : `subscribe ${names.get(e.getAttribute('data-source'))} ${names.get(e.getAttribute('data-target'))}.${e.getAttribute('data-handler')}`,
        );
        return { error, root: doc.documentElement.nodeName, edges: [...new Set(edges)].sort() };
      }, svg);
      if (parsed.error || parsed.root !== 'svg') failures.push(`${label.id}: ${parsed.error ?? parsed.root}`);
      else if (JSON.stringify(parsed.edges) !== JSON.stringify(pairs(answer))) failures.push(`${label.id}: drawn ${parsed.edges.join(', ')} ≠ server ${pairs(answer).join(', ')}`);
      else drawn++;
    }
    console.log(`topology: ${drawn}/${withBus.length} corpus programs drawn; the server's bus graph matches upstream's edges for ${agreeWithUpstream}`);
    expect(failures).toEqual([]);
    expect(drawn).toBe(withBus.length);
  }, 240_000);
});
