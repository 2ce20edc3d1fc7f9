/** `Hale: Export Bus Topology as SVG / Mermaid`: the same drawing as the view, written to a file. */
import * as vscode from 'vscode';
import { baseName, programFolder } from '../program';
import type { HaleServer } from '../server';
import { fetchTopology, TopologyPanel } from './panel';
import { layoutTopology, renderMermaid, renderSvg } from './shared';

export type ExportFormat = 'svg' | 'mermaid';

/**
 * Renders the program's topology and saves it. `target` skips the save dialog (for scripts and tasks:
 * `vscode.commands.executeCommand('hale.exportTopologySvg', fileUri, targetUri)`).
 */
export async function exportTopology(server: HaleServer, file: vscode.Uri, format: ExportFormat, target?: vscode.Uri): Promise<vscode.Uri | undefined> {
  const folder = programFolder(file);
  const program = baseName(folder);
  const graph = TopologyPanel.forFile(file)?.currentGraph ?? (await fetchTopology(server, file)).graph;
  const text =
    format === 'svg'
      ? renderSvg(await layoutTopology(graph), { embedStyle: true, title: `Bus topology of ${program}` })
      : renderMermaid(graph);
  const extension = format === 'svg' ? 'svg' : 'mmd';
  const destination =
    target ??
    (await vscode.window.showSaveDialog({
      title: `Export the bus topology of ${program} as ${format === 'svg' ? 'SVG' : 'Mermaid'}`,
      defaultUri: vscode.Uri.joinPath(folder, `${program}.topology.${extension}`),
      filters: format === 'svg' ? { SVG: ['svg'] } : { Mermaid: ['mmd', 'mermaid', 'md'] },
      saveLabel: 'Export',
    }));
  if (!destination) return undefined;
  // A Markdown target gets a fenced block, which renders on GitHub and in VS Code's preview.
  const content = format === 'mermaid' && destination.path.endsWith('.md') ? `\`\`\`mermaid\n${text}\`\`\`\n` : text;
  await vscode.workspace.fs.writeFile(destination, new TextEncoder().encode(content));
  server.output.info(`Exported the bus topology of ${program} to ${destination.toString(true)}`);
  if (!target) {
    void vscode.window.showInformationMessage(`Hale: exported the bus topology to ${baseName(destination)}.`, 'Open').then((a) => {
      if (a) void vscode.commands.executeCommand('vscode.open', destination);
    });
  }
  return destination;
}
