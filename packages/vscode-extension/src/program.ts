/** A Hale program is the folder of its `.hl` files: helpers to find it from what a command was given. */
import * as vscode from 'vscode';

export const HALE_LANGUAGE_ID = 'hale';

export function isHaleUri(uri: vscode.Uri): boolean {
  return uri.path.toLowerCase().endsWith('.hl');
}

/**
 * The `.hl` file a command is about: its argument (a Uri, or a URI string as a code lens sends it), else
 * the active editor's file, else a visible Hale editor.
 */
export function resolveHaleFile(arg: unknown): vscode.Uri | undefined {
  if (arg instanceof vscode.Uri) return arg;
  if (typeof arg === 'string' && arg) {
    try {
      return arg.includes('://') || arg.startsWith('file:') ? vscode.Uri.parse(arg, true) : vscode.Uri.file(arg);
    } catch {
      return undefined;
    }
  }
  if (arg && typeof arg === 'object' && 'uri' in arg) return resolveHaleFile((arg as { uri: unknown }).uri);
  const active = vscode.window.activeTextEditor?.document;
  if (active && (active.languageId === HALE_LANGUAGE_ID || isHaleUri(active.uri))) return active.uri;
  return vscode.window.visibleTextEditors.find((e) => e.document.languageId === HALE_LANGUAGE_ID)?.document.uri;
}

/** The program's folder. */
export function programFolder(file: vscode.Uri): vscode.Uri {
  return vscode.Uri.joinPath(file, '..');
}

/** Whether `uri` is a `.hl` file of the program in `folder` (directly in it: a program is one folder). */
export function inProgram(uri: vscode.Uri, folder: vscode.Uri): boolean {
  return isHaleUri(uri) && programFolder(uri).toString() === folder.toString();
}

/** The program's `.hl` files, sorted by name. */
export async function programFiles(folder: vscode.Uri): Promise<vscode.Uri[]> {
  try {
    const entries = await vscode.workspace.fs.readDirectory(folder);
    return entries
      .filter(([name, type]) => type === vscode.FileType.File && name.toLowerCase().endsWith('.hl'))
      .map(([name]) => vscode.Uri.joinPath(folder, name))
      .sort((a, b) => a.path.localeCompare(b.path));
  } catch {
    return [];
  }
}

export function baseName(uri: vscode.Uri): string {
  return uri.path.split('/').filter(Boolean).pop() ?? uri.path;
}
