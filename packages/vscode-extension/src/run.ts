/**
 * `Hale: Run File`: runs a program on the Loom runtime bundled into the extension
 * (`node out/loom.cjs run FILE.hl`) in a terminal. The terminal is an extension pseudoterminal driving a
 * child process, so it needs no shell, quotes nothing, keeps the output after the program ends, forwards
 * typed input and Ctrl+C, and reports the exit code.
 *
 * Running code is refused in untrusted workspaces (Restricted Mode); language features stay on.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import { baseName, programFolder } from './program';
import type { HaleServer } from './server';

const terminals = new Map<string, vscode.Terminal>();

export function runtimePath(context: vscode.ExtensionContext): string {
  return context.asAbsolutePath('out/loom.cjs');
}

export async function runFile(context: vscode.ExtensionContext, server: HaleServer, file: vscode.Uri | undefined): Promise<vscode.Terminal | undefined> {
  if (!vscode.workspace.isTrusted) {
    void vscode.window.showErrorMessage(
      'Hale: Run File is disabled in Restricted Mode, because it runs the program. Trust this workspace to run Hale programs; highlighting, diagnostics and the topology keep working.',
      'Manage Workspace Trust',
    ).then((a) => {
      if (a) void vscode.commands.executeCommand('workbench.trust.manage');
    });
    return undefined;
  }
  if (!file) {
    void vscode.window.showErrorMessage('Hale: Run File needs a .hl file: open one, or run it from the explorer\'s context menu.');
    return undefined;
  }
  if (file.scheme !== 'file') {
    void vscode.window.showErrorMessage(`Hale: Run File runs files on disk; ${file.toString(true)} is not one. Save it first.`);
    return undefined;
  }
  const loom = runtimePath(context);
  if (!fs.existsSync(loom)) {
    server.output.error(`Run File: the Loom runtime is missing from this build of the extension (${loom}).`);
    void vscode.window.showErrorMessage('Hale: the Loom runtime is missing from this build of the extension (out/loom.cjs), so Hale programs cannot be run from the editor yet.');
    return undefined;
  }
  if (!fs.existsSync(file.fsPath)) {
    void vscode.window.showErrorMessage(`Hale: ${file.fsPath} does not exist.`);
    return undefined;
  }
  // Run what the editor shows: save the program's changed files first.
  const folder = programFolder(file).toString();
  for (const doc of vscode.workspace.textDocuments) {
    if (doc.isDirty && programFolder(doc.uri).toString() === folder) await doc.save();
  }

  const key = file.toString();
  terminals.get(key)?.dispose();
  const name = `Hale: ${baseName(file)}`;
  const pty = new LoomPseudoterminal(loom, file.fsPath, programFolder(file).fsPath, server.output);
  const terminal = vscode.window.createTerminal({ name, pty, iconPath: new vscode.ThemeIcon('play'), isTransient: true });
  terminals.set(key, terminal);
  const sub = vscode.window.onDidCloseTerminal((t) => {
    if (t === terminal) {
      if (terminals.get(key) === terminal) terminals.delete(key);
      sub.dispose();
    }
  });
  terminal.show(true);
  return terminal;
}

class LoomPseudoterminal implements vscode.Pseudoterminal {
  private readonly writer = new vscode.EventEmitter<string>();
  private readonly closer = new vscode.EventEmitter<number | void>();
  readonly onDidWrite = this.writer.event;
  readonly onDidClose = this.closer.event;
  private child: ChildProcess | undefined;
  private exited = false;

  constructor(
    private readonly loom: string,
    private readonly file: string,
    private readonly cwd: string,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  private write(text: string) {
    this.writer.fire(text.replace(/\r?\n/g, '\r\n'));
  }

  open(): void {
    this.write(`\x1b[2m$ loom run ${this.file}\x1b[0m\n`);
    this.log.info(`Run File: ${process.execPath} ${this.loom} run ${this.file}`);
    // process.execPath is the editor's own Node (Electron in desktop VS Code, which acts as Node with
    // ELECTRON_RUN_AS_NODE), so running needs no Node installed on the machine.
    const child = spawn(process.execPath, [this.loom, 'run', this.file], {
      cwd: this.cwd,
      env: { ...process.env, ELECTRON_RUN_AS_NODE: '1', FORCE_COLOR: '1' },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    this.child = child;
    child.stdout?.setEncoding('utf8').on('data', (d: string) => this.write(d));
    child.stderr?.setEncoding('utf8').on('data', (d: string) => this.write(d));
    child.on('error', (e) => {
      this.write(`\x1b[31mCould not start the Loom runtime: ${e.message}\x1b[0m\n`);
      this.finish(1);
    });
    child.on('close', (code, signal) => {
      const how = signal ? `was stopped by ${signal}` : `exited with code ${code ?? 0}`;
      this.write(`\n\x1b[2m[Loom ${how}]\x1b[0m\n`);
      this.log.info(`Run File: ${this.file} ${how}`);
      this.finish(code ?? (signal ? 1 : 0));
    });
  }

  private finish(_code: number) {
    this.exited = true;
    this.child = undefined;
  }

  handleInput(data: string): void {
    if (this.exited) return;
    if (data === '\x03') {
      this.write('^C\n');
      this.child?.kill('SIGINT');
      return;
    }
    // Echo what is typed, and send lines to the program's stdin.
    const text = data.replace(/\r/g, '\n');
    this.write(text);
    this.child?.stdin?.write(text);
  }

  close(): void {
    if (this.child && !this.exited) this.child.kill('SIGTERM');
    this.writer.dispose();
    this.closer.dispose();
  }
}
