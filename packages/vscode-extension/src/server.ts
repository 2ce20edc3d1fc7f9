/**
 * The Hale language server, bundled into this extension (`out/server/main.cjs`) and run over Node IPC.
 * Shows its state in the status bar, logs to the "Hale" output channel, and restarts it when it dies
 * (saying so), up to a limit; past the limit it stays stopped until `Hale: Restart Language Server`.
 */
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import {
  CloseAction,
  ErrorAction,
  LanguageClient,
  State,
  TransportKind,
  type CloseHandlerResult,
  type ErrorHandlerResult,
  type LanguageClientOptions,
  type ServerOptions,
} from 'vscode-languageclient/node';
import type { Location, Position } from 'vscode-languageclient/node';
import { HALE_LANGUAGE_ID } from './program';

/** Crashes tolerated in this window before we stop restarting. */
const MAX_RESTARTS = 4;
const RESTART_WINDOW_MS = 3 * 60_000;

/** Commands of this extension that the server's code lenses may call (each takes a file URI). */
export const CLIENT_COMMANDS = ['hale.runFile', 'hale.debugFile', 'hale.showTopology'];

type ServerState = 'starting' | 'running' | 'restarting' | 'stopped' | 'crashed' | 'missing';

export class HaleServer implements vscode.Disposable {
  readonly output: vscode.LogOutputChannel;
  private client: LanguageClient | undefined;
  private readonly status: vscode.StatusBarItem;
  private readonly crashes: number[] = [];
  private readonly stateEmitter = new vscode.EventEmitter<ServerState>();
  /** Fires when the server becomes usable (again), e.g. so views can re-request. */
  readonly onDidChangeState = this.stateEmitter.event;
  private state: ServerState = 'stopped';
  private readonly serverModule: string;

  constructor(context: vscode.ExtensionContext) {
    this.output = vscode.window.createOutputChannel('Hale', { log: true });
    this.status = vscode.window.createStatusBarItem('hale.server', vscode.StatusBarAlignment.Left, 10);
    this.status.name = 'Hale Language Server';
    this.status.command = 'hale.showOutput';
    this.serverModule = context.asAbsolutePath('out/server/main.cjs');
  }

  get currentState(): ServerState {
    return this.state;
  }

  async start(): Promise<void> {
    if (!fs.existsSync(this.serverModule)) {
      this.output.error(`The language server is missing from this build of the extension: ${this.serverModule}`);
      this.setState('missing');
      void vscode.window.showErrorMessage(
        'Hale: the language server is missing from this build of the extension (out/server/main.cjs). Rebuild it with `pnpm package`.',
      );
      return;
    }
    const run = { module: this.serverModule, transport: TransportKind.ipc };
    const serverOptions: ServerOptions = {
      run,
      debug: { ...run, options: { execArgv: ['--nolazy', '--inspect=6019'] } },
    };
    const clientOptions: LanguageClientOptions = {
      documentSelector: [
        { scheme: 'file', language: HALE_LANGUAGE_ID },
        { scheme: 'untitled', language: HALE_LANGUAGE_ID },
      ],
      synchronize: { fileEvents: vscode.workspace.createFileSystemWatcher('**/*.hl') },
      // The commands this client implements, so the server offers only code lenses that work here
      // (e.g. no `Debug` lens before the debugger exists).
      initializationOptions: { clientCommands: CLIENT_COMMANDS },
      middleware: {
        // A command's arguments travel as JSON: the topic lens's `editor.action.showReferences` needs a
        // vscode.Uri, a Position and Locations before VS Code can open the list.
        provideCodeLenses: async (document, token, next) => {
          const lenses = await next(document, token);
          return lenses?.map((lens) => withShowReferencesArguments(lens, this.client));
        },
      },
      outputChannel: this.output,
      traceOutputChannel: this.output,
      errorHandler: {
        error: (error, _message, count): ErrorHandlerResult => {
          this.output.error(`Connection to the language server failed: ${error.message}`);
          return { action: (count ?? 0) <= 3 ? ErrorAction.Continue : ErrorAction.Shutdown, handled: true };
        },
        closed: (): CloseHandlerResult => this.onServerDied(),
      },
    };
    this.client = new LanguageClient('hale', 'Hale Language Server', serverOptions, clientOptions);
    this.client.onDidChangeState((e) => {
      if (e.newState === State.Running) this.setState('running');
      else if (e.newState === State.Starting) this.setState(this.state === 'crashed' || this.state === 'restarting' ? 'restarting' : 'starting');
      else if (e.newState === State.Stopped && this.state !== 'crashed' && this.state !== 'restarting') this.setState('stopped');
    });
    this.setState('starting');
    this.output.info(`Starting the Hale language server: ${this.serverModule}`);
    try {
      await this.client.start();
    } catch (e) {
      this.output.error(`The Hale language server did not start: ${(e as Error).message}`);
      this.setState('crashed');
      void vscode.window.showErrorMessage(`Hale: the language server did not start: ${(e as Error).message}`, 'Show Output').then((a) => {
        if (a) this.output.show(true);
      });
    }
  }

  private onServerDied(): CloseHandlerResult {
    const now = Date.now();
    while (this.crashes.length && now - this.crashes[0] > RESTART_WINDOW_MS) this.crashes.shift();
    this.crashes.push(now);
    if (this.crashes.length > MAX_RESTARTS) {
      const msg = `The Hale language server stopped ${this.crashes.length} times in the last 3 minutes; it will not be restarted automatically.`;
      this.output.error(msg);
      this.setState('crashed');
      void vscode.window.showErrorMessage(`Hale: ${msg}`, 'Restart', 'Show Output').then((a) => {
        if (a === 'Restart') void vscode.commands.executeCommand('hale.restartServer');
        if (a === 'Show Output') this.output.show(true);
      });
      return { action: CloseAction.DoNotRestart, handled: true };
    }
    const msg = `The Hale language server stopped unexpectedly; restarting it (restart ${this.crashes.length} of ${MAX_RESTARTS}).`;
    this.output.warn(msg);
    this.setState('restarting');
    void vscode.window.showWarningMessage(`Hale: ${msg}`);
    return { action: CloseAction.Restart, handled: true };
  }

  async restart(): Promise<void> {
    this.crashes.length = 0;
    if (!this.client) return this.start();
    this.output.info('Restarting the Hale language server on request.');
    this.setState('restarting');
    try {
      if (this.client.isRunning()) await this.client.restart();
      else await this.client.start();
    } catch (e) {
      this.output.error(`Restart failed: ${(e as Error).message}`);
      this.setState('crashed');
    }
  }

  /** Sends a request once the server runs; rejects with a readable message when it cannot. */
  async request<R>(method: string, params: unknown, token?: vscode.CancellationToken): Promise<R> {
    const client = this.client;
    if (!client) throw new Error(this.state === 'missing' ? 'the language server is missing from this build' : 'the language server is not running');
    if (!client.isRunning()) {
      // Starting or restarting: wait for it, a bounded time.
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => {
          sub.dispose();
          reject(new Error(`the language server is ${this.state}`));
        }, 20_000);
        const sub = client.onDidChangeState((e) => {
          if (e.newState === State.Running) {
            clearTimeout(timer);
            sub.dispose();
            resolve();
          }
        });
        if (client.isRunning()) {
          clearTimeout(timer);
          sub.dispose();
          resolve();
        }
      });
    }
    return token ? client.sendRequest<R>(method, params, token) : client.sendRequest<R>(method, params);
  }

  private setState(state: ServerState) {
    this.state = state;
    const s = this.status;
    s.backgroundColor = undefined;
    switch (state) {
      case 'starting':
        s.text = '$(loading~spin) Hale';
        s.tooltip = 'Hale language server: starting';
        break;
      case 'running':
        s.text = '$(check) Hale';
        s.tooltip = 'Hale language server: running. Click for its output.';
        break;
      case 'restarting':
        s.text = '$(sync~spin) Hale';
        s.tooltip = 'Hale language server: restarting';
        break;
      case 'stopped':
        s.text = '$(circle-slash) Hale';
        s.tooltip = 'Hale language server: stopped';
        break;
      case 'crashed':
        s.text = '$(error) Hale';
        s.tooltip = 'Hale language server: stopped after repeated failures. Run "Hale: Restart Language Server".';
        s.backgroundColor = new vscode.ThemeColor('statusBarItem.errorBackground');
        break;
      case 'missing':
        s.text = '$(error) Hale';
        s.tooltip = 'Hale language server: missing from this build of the extension';
        s.backgroundColor = new vscode.ThemeColor('statusBarItem.errorBackground');
        break;
    }
    s.accessibilityInformation = { label: String(s.tooltip) };
    s.show();
    this.stateEmitter.fire(state);
  }

  async dispose(): Promise<void> {
    this.status.dispose();
    this.stateEmitter.dispose();
    try {
      await this.client?.stop(2000);
    } catch {
      // The server may already be gone.
    }
    this.output.dispose();
  }
}

/** Converts the LSP JSON arguments of an `editor.action.showReferences` lens into VS Code's types. */
export function withShowReferencesArguments(lens: vscode.CodeLens, client: LanguageClient | undefined): vscode.CodeLens {
  const command = lens.command;
  if (!client || command?.command !== 'editor.action.showReferences' || !command.arguments || command.arguments.length !== 3) return lens;
  const [uri, position, locations] = command.arguments as [string, Position, Location[]];
  if (typeof uri !== 'string') return lens;
  const p2c = client.protocol2CodeConverter;
  lens.command = {
    ...command,
    arguments: [p2c.asUri(uri), p2c.asPosition(position), locations.map((l) => p2c.asLocation(l))],
  };
  return lens;
}

