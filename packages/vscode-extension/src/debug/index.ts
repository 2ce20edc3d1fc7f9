/**
 * Debugging Hale from the editor: the `hale` debug type. F5 on a `.hl` file debugs it without a
 * launch.json (the configuration provider fills one in), `Hale: Debug File` and the server's `Debug`
 * code lens start a session for a file, and the Debug Adapter (packages/runtime/src/debug, bundled to
 * out/debug-adapter.cjs) runs the program on the bundled Loom runtime under the Node inspector and shows
 * it in Hale's terms: Hale frames, locals and values, a thread per pool and pinned locus.
 *
 * Like Run File, debugging runs the program, so it is refused in untrusted workspaces.
 */
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import { HALE_LANGUAGE_ID, baseName, isHaleUri, resolveHaleFile } from '../program';

export const DEBUG_TYPE = 'hale';

export interface HaleLaunchConfiguration extends vscode.DebugConfiguration {
  program?: string;
  args?: string[];
  env?: Record<string, string | null>;
  cwd?: string;
  stopOnEntry?: boolean;
}

export function registerHaleDebugging(context: vscode.ExtensionContext): void {
  context.subscriptions.push(
    vscode.debug.registerDebugConfigurationProvider(DEBUG_TYPE, new HaleConfigurationProvider()),
    vscode.debug.registerDebugAdapterDescriptorFactory(DEBUG_TYPE, new HaleAdapterFactory(context)),
    vscode.commands.registerCommand('hale.debugFile', (arg?: unknown) => debugFile(resolveHaleFile(arg))),
  );
}

/** A launch configuration for one file. */
export function fileConfiguration(file: vscode.Uri): HaleLaunchConfiguration {
  return { type: DEBUG_TYPE, request: 'launch', name: `Debug ${baseName(file)}`, program: file.fsPath };
}

async function debugFile(file: vscode.Uri | undefined): Promise<boolean> {
  if (!refuseUntrusted()) return false;
  if (!file) {
    void vscode.window.showErrorMessage('Hale: Debug File needs a .hl file: open one first.');
    return false;
  }
  if (file.scheme !== 'file') {
    void vscode.window.showErrorMessage(`Hale: Debug File debugs files on disk; ${file.toString(true)} is not one. Save it first.`);
    return false;
  }
  return vscode.debug.startDebugging(vscode.workspace.getWorkspaceFolder(file), fileConfiguration(file));
}

function refuseUntrusted(): boolean {
  if (vscode.workspace.isTrusted) return true;
  void vscode.window
    .showErrorMessage('Hale: debugging is disabled in Restricted Mode, because it runs the program. Trust this workspace to debug Hale programs.', 'Manage Workspace Trust')
    .then((a) => {
      if (a) void vscode.commands.executeCommand('workbench.trust.manage');
    });
  return false;
}

class HaleConfigurationProvider implements vscode.DebugConfigurationProvider {
  provideDebugConfigurations(): vscode.DebugConfiguration[] {
    return [{ type: DEBUG_TYPE, request: 'launch', name: 'Debug Hale file', program: '${file}' }];
  }

  async resolveDebugConfiguration(_folder: vscode.WorkspaceFolder | undefined, config: vscode.DebugConfiguration): Promise<vscode.DebugConfiguration | undefined> {
    if (!refuseUntrusted()) return undefined;
    // F5 without a launch.json: an empty configuration (at most its type); debug the Hale file in the editor.
    if (!config.request && !config.name && !config.program) {
      const editor = vscode.window.activeTextEditor;
      const doc = editor?.document;
      if (!doc || (doc.languageId !== HALE_LANGUAGE_ID && !isHaleUri(doc.uri))) {
        void vscode.window.showErrorMessage('Hale: open a .hl file to debug it, or add a "hale" configuration to launch.json.');
        return undefined;
      }
      return fileConfiguration(doc.uri);
    }
    if (!config.program) {
      void vscode.window.showErrorMessage(`Hale: the launch configuration "${config.name ?? DEBUG_TYPE}" needs "program": the .hl file to debug.`);
      return undefined;
    }
    return config;
  }

  async resolveDebugConfigurationWithSubstitutedVariables(_folder: vscode.WorkspaceFolder | undefined, config: HaleLaunchConfiguration): Promise<vscode.DebugConfiguration | undefined> {
    // Debug what the editor shows: save the program's changed files first.
    for (const doc of vscode.workspace.textDocuments) if (doc.isDirty && isHaleUri(doc.uri)) await doc.save();
    return config;
  }
}

class HaleAdapterFactory implements vscode.DebugAdapterDescriptorFactory {
  constructor(private readonly context: vscode.ExtensionContext) {}

  createDebugAdapterDescriptor(): vscode.ProviderResult<vscode.DebugAdapterDescriptor> {
    const adapter = this.context.asAbsolutePath('out/debug-adapter.cjs');
    const loom = this.context.asAbsolutePath('out/loom.cjs');
    if (!fs.existsSync(adapter) || !fs.existsSync(loom)) {
      throw new Error('the Hale debugger or the Loom runtime is missing from this build of the extension (out/debug-adapter.cjs, out/loom.cjs)');
    }
    // The editor's own Node runs the adapter (Electron acts as Node with ELECTRON_RUN_AS_NODE), and the
    // adapter runs the program with it too, so debugging needs no Node installed on the machine.
    return new vscode.DebugAdapterExecutable(process.execPath, [adapter, '--loom', loom], { env: { ELECTRON_RUN_AS_NODE: '1' } });
  }
}
