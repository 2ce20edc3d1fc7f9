/**
 * The Hale extension: starts the bundled language server, and adds the bus topology view and Run File.
 * Command ids are a contract with the server's code lenses: `hale.showTopology` and `hale.runFile` take
 * an optional file URI (a string or a Uri).
 */
import * as vscode from 'vscode';
import { registerHaleDebugging } from './debug';
import { resolveHaleFile } from './program';
import { runFile } from './run';
import { HaleServer } from './server';
import { exportTopology } from './topology/export';
import { TOPOLOGY_VIEW_TYPE, TopologyPanel } from './topology/panel';

let server: HaleServer | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const haleServer = new HaleServer(context);
  server = haleServer;

  const needFile = (arg: unknown, what: string): vscode.Uri | undefined => {
    const file = resolveHaleFile(arg);
    if (!file) void vscode.window.showErrorMessage(`Hale: ${what} needs a Hale program: open one of its .hl files first.`);
    return file;
  };

  context.subscriptions.push(
    vscode.commands.registerCommand('hale.showTopology', (arg?: unknown) => {
      const file = needFile(arg, 'Show Bus Topology');
      if (file) TopologyPanel.show(context, haleServer, file);
    }),
    vscode.commands.registerCommand('hale.runFile', (arg?: unknown) => runFile(context, haleServer, resolveHaleFile(arg))),
    vscode.commands.registerCommand('hale.exportTopologySvg', async (arg?: unknown, target?: vscode.Uri) => {
      const file = needFile(arg, 'Export Bus Topology');
      if (file) return reportErrors(() => exportTopology(haleServer, file, 'svg', target));
    }),
    vscode.commands.registerCommand('hale.exportTopologyMermaid', async (arg?: unknown, target?: vscode.Uri) => {
      const file = needFile(arg, 'Export Bus Topology');
      if (file) return reportErrors(() => exportTopology(haleServer, file, 'mermaid', target));
    }),
    vscode.commands.registerCommand('hale.restartServer', () => haleServer.restart()),
    vscode.commands.registerCommand('hale.showOutput', () => haleServer.output.show(true)),
    vscode.window.registerWebviewPanelSerializer(TOPOLOGY_VIEW_TYPE, {
      deserializeWebviewPanel: async (panel, state) => TopologyPanel.revive(context, haleServer, panel, state as { file: string } | undefined),
    }),
    { dispose: () => TopologyPanel.disposeAll() },
  );

  registerHaleDebugging(context);

  await haleServer.start();
}

async function reportErrors<T>(action: () => Promise<T>): Promise<T | undefined> {
  try {
    return await action();
  } catch (e) {
    void vscode.window.showErrorMessage(`Hale: ${(e as Error).message}`);
    return undefined;
  }
}

export async function deactivate(): Promise<void> {
  await server?.dispose();
  server = undefined;
}
