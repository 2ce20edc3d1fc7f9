/**
 * Drives a real VS Code for the end-to-end suite: code-server 4.100.3 (VS Code 1.100.3) on a free
 * loopback port with a fresh profile and our .vsix installed, and Debian's Chromium through
 * playwright-core. The recipe is ../shared/notes/vscode-e2e.md; `.ci/e2e-setup.sh` installs both.
 * Everything waits on page elements, never on sleeps. The code-server process group is always killed.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync, closeSync } from 'node:fs';
import { createServer } from 'node:net';
import { homedir, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { chromium, type Browser, type FrameLocator, type Locator, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll } from 'vitest';

export const extensionDir = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const fixturesDir = join(dirname(fileURLToPath(import.meta.url)), 'fixtures');
export const corpusDir = join(extensionDir, '..', '..', '..', 'shared', 'hale-corpus');
export const resultsDir = join(extensionDir, 'test-results');
export const mediaDir = join(extensionDir, 'media');

const CODE_SERVER_VERSION = '4.100.3';
const codeServerBin =
  process.env.HALE_CODE_SERVER ?? join(process.env.HALE_E2E_CACHE ?? join(homedir(), '.cache', 'hale-e2e'), `code-server-${CODE_SERVER_VERSION}`, 'node_modules', '.bin', 'code-server');
const chromiumBin = process.env.CHROMIUM ?? '/usr/bin/chromium';
export const vsixPath = process.env.HALE_VSIX ?? join(extensionDir, 'hale-vscode.vsix');

/** What the packaged extension carries (written by scripts/build.mjs). */
export function buildInfo(): { server: boolean; runtime: boolean; grammar: boolean } {
  return JSON.parse(readFileSync(join(extensionDir, 'out', 'build-info.json'), 'utf8'));
}

export interface Session {
  page: Page;
  workspace: string;
  runDir: string;
  /** The pid (and process group) of code-server. */
  pid: number;
  log(): string;
  stop(): Promise<void>;
}

export interface StartOptions {
  /** Fixture folder under fixtures/ copied as the workspace. */
  fixture: string;
  /** Corpus programs (ids) copied into the workspace, each alone in its folder `corpus/<id>/` (a program is a folder). */
  corpus?: string[];
  /** Leave workspace trust on (Restricted Mode for the folder). */
  restricted?: boolean;
  settings?: Record<string, unknown>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

async function waitForHealth(port: number, child: ChildProcess, logFile: string, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`code-server exited with ${child.exitCode}:\n${readFileSync(logFile, 'utf8')}`);
    try {
      const res = await fetch(`http://127.0.0.1:${port}/healthz`);
      if (res.ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((r) => setTimeout(r, 100)); // a poll interval, not a wait for behaviour
  }
  throw new Error(`code-server did not answer /healthz within ${timeoutMs} ms:\n${readFileSync(logFile, 'utf8')}`);
}

const live = new Set<number>();
process.on('exit', () => {
  for (const pid of live) {
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      // Already gone.
    }
  }
});

export async function startSession(options: StartOptions): Promise<Session> {
  if (!existsSync(codeServerBin)) throw new Error(`code-server ${CODE_SERVER_VERSION} is not installed at ${codeServerBin}: run .ci/e2e-setup.sh`);
  if (!existsSync(chromiumBin)) throw new Error(`Chromium is not at ${chromiumBin}: run .ci/e2e-setup.sh`);
  if (!existsSync(vsixPath)) throw new Error(`no .vsix at ${vsixPath}: run pnpm package`);

  const runDir = mkdtempSync(join(tmpdir(), 'hale-e2e-'));
  const userData = join(runDir, 'user-data');
  const extensions = join(runDir, 'extensions');
  const workspace = join(runDir, 'workspace');
  mkdirSync(join(userData, 'User'), { recursive: true });
  mkdirSync(extensions, { recursive: true });
  cpSync(join(fixturesDir, options.fixture), workspace, { recursive: true });
  for (const id of options.corpus ?? []) {
    mkdirSync(join(workspace, 'corpus', id), { recursive: true });
    cpSync(join(corpusDir, 'programs', `${id}.hl`), join(workspace, 'corpus', id, `${id}.hl`));
  }
  const settings = {
    'workbench.startupEditor': 'none',
    'security.workspace.trust.enabled': !!options.restricted,
    'security.workspace.trust.startupPrompt': 'never',
    'extensions.autoCheckUpdates': false,
    'extensions.autoUpdate': false,
    'telemetry.telemetryLevel': 'off',
    'workbench.tips.enabled': false,
    'workbench.enableExperiments': false,
    // The DOM renderer keeps the terminal's text in the page, where the test can read it.
    'terminal.integrated.gpuAcceleration': 'off',
    'editor.hover.delay': 200,
    'files.autoSave': 'off',
    // Typed text goes in as typed: no auto-closing, auto-indent or suggestions in the way.
    'editor.autoClosingBrackets': 'never',
    'editor.autoClosingQuotes': 'never',
    'editor.autoIndent': 'none',
    'editor.formatOnType': false,
    'editor.quickSuggestions': { other: false, comments: false, strings: false },
    'editor.suggestOnTriggerCharacters': false,
    'window.restoreWindows': 'none',
    ...options.settings,
  };
  writeFileSync(join(userData, 'User', 'settings.json'), JSON.stringify(settings, null, 2));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    XDG_CONFIG_HOME: join(runDir, 'config'),
    XDG_DATA_HOME: join(runDir, 'data'),
    XDG_CACHE_HOME: join(runDir, 'cache'),
  };
  delete env.VSCODE_IPC_HOOK_CLI;

  await promisify(execFile)(codeServerBin, ['--user-data-dir', userData, '--extensions-dir', extensions, '--install-extension', vsixPath], { env, timeout: 60_000 });

  const port = await freePort();
  const logFile = join(runDir, 'code-server.log');
  const logFd = openSync(logFile, 'a');
  const args = [
    '--auth', 'none',
    '--bind-addr', `127.0.0.1:${port}`,
    '--disable-telemetry',
    '--disable-update-check',
    ...(options.restricted ? [] : ['--disable-workspace-trust']),
    '--user-data-dir', userData,
    '--extensions-dir', extensions,
    workspace,
  ];
  // detached: its own process group (as setsid), so stop() can end it and all its children.
  const child = spawn(codeServerBin, args, { env, detached: true, stdio: ['ignore', logFd, logFd] });
  closeSync(logFd);
  const pid = child.pid!;
  live.add(pid);

  let browser: Browser | undefined;
  const stop = async () => {
    await browser?.close().catch(() => undefined);
    browser = undefined;
    if (live.has(pid)) {
      live.delete(pid);
      const exited = new Promise<void>((r) => (child.exitCode !== null ? r() : child.once('exit', () => r())));
      try {
        process.kill(-pid, 'SIGTERM');
      } catch {
        // Already gone.
      }
      const timer = setTimeout(() => {
        try {
          process.kill(-pid, 'SIGKILL');
        } catch {
          // Already gone.
        }
      }, 5000);
      await exited;
      clearTimeout(timer);
      // Children (extension host, language server, runtime) share the group: make sure none is left.
      try {
        process.kill(-pid, 'SIGKILL');
      } catch {
        // Nothing left.
      }
    }
    if (!process.env.HALE_E2E_KEEP) rmSync(runDir, { recursive: true, force: true });
  };

  try {
    await waitForHealth(port, child, logFile);
    browser = await chromium.launch({
      executablePath: chromiumBin,
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    const page = await context.newPage();
    await page.goto(`http://127.0.0.1:${port}/?folder=${encodeURIComponent(workspace)}`);
    await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
    return { page, workspace, runDir, pid, log: () => readFileSync(logFile, 'utf8'), stop };
  } catch (e) {
    await stop();
    throw e;
  }
}

// --- workbench helpers ---------------------------------------------------------------------------

/**
 * One code-server session for the enclosing `describe` block: started before its tests (`started` gets
 * it), a screenshot of the page for each test that fails, stopped after the last test.
 */
export function sessionForSuite(options: StartOptions, started: (session: Session) => void): void {
  let session: Session | undefined;
  beforeAll(async () => {
    session = await startSession(options);
    started(session);
  });
  afterEach(async (ctx) => {
    if (ctx.task.result?.state === 'fail' && session) await screenshot(session.page, `failed-${ctx.task.name.replace(/\W+/g, '-').slice(0, 60)}`).catch(() => undefined);
  });
  afterAll(async () => {
    await session?.stop();
  });
}

export async function screenshot(page: Page, name: string, alsoToMedia?: string): Promise<void> {
  mkdirSync(resultsDir, { recursive: true });
  const buffer = await page.screenshot({ path: join(resultsDir, `${name}.png`) });
  // `HALE_E2E_SCREENSHOTS=media` refreshes the README's screenshots.
  if (alsoToMedia && process.env.HALE_E2E_SCREENSHOTS === 'media') writeFileSync(join(mediaDir, alsoToMedia), buffer);
}

/** A pattern matching exactly `text`. */
function exactly(text: string): RegExp {
  return new RegExp(`^${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);
}

/** Opens a file of the workspace through Quick Open and waits for its editor. */
export async function openFile(page: Page, name: string): Promise<Locator> {
  await page.locator('.monaco-workbench').click({ position: { x: 700, y: 450 } }).catch(() => undefined);
  await page.keyboard.press('Control+P');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor();
  await input.fill(name);
  await page.locator('.quick-input-list .monaco-list-row').filter({ has: page.locator('.label-name', { hasText: exactly(name) }) }).first().click();
  const tab = page.locator('.tabs-container .tab.active', { hasText: name });
  await tab.waitFor();
  const editor = page.locator('.editor-instance .monaco-editor').first();
  await editor.locator('.view-lines').waitFor();
  return editor;
}

/** Runs a command through the command palette by its title. */
export async function runCommand(page: Page, title: string): Promise<void> {
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor();
  await input.fill(`>${title}`);
  // Click the row whose label is exactly the title (Enter would take whichever row is highlighted).
  const row = page.locator('.quick-input-list .monaco-list-row').filter({ has: page.locator('.label-name', { hasText: exactly(title) }) });
  await row.first().click();
  await page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
}

/** The content frame of the webview whose tab is titled `title` (webviews nest two iframes). */
export function webviewFrame(page: Page, title: string): FrameLocator {
  return page.frameLocator(`iframe.webview.ready[title="${title}"], iframe.webview.ready`).first().frameLocator('#active-frame');
}

/** The 1-based line and column of the cursor, and how many characters are selected, from the status bar. */
export async function cursorPosition(page: Page): Promise<{ line: number; column: number; selected: number }> {
  const text = (await page.locator('#status\\.editor\\.selection').innerText()).trim();
  const m = /Ln (\d+), Col (\d+)(?: \((\d+) selected\))?/.exec(text);
  if (!m) throw new Error(`no cursor position in the status bar: ${text}`);
  return { line: Number(m[1]), column: Number(m[2]), selected: Number(m[3] ?? 0) };
}

/** Waits until no CSS animation or transition runs in the workbench (e.g. a hover's fade-in). */
export async function settled(page: Page): Promise<void> {
  await page.waitForFunction(() => document.getAnimations().every((a) => a.playState !== 'running'));
}

/** Waits for `predicate` to hold, re-evaluating on page changes (playwright's polling), for page state only. */
export async function waitForText(locator: Locator, text: string | RegExp, timeout = 60_000): Promise<void> {
  await locator.filter({ hasText: text }).first().waitFor({ timeout });
}
