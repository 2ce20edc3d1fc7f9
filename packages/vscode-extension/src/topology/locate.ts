/**
 * Finds where a locus, topic or handler of the topology is declared, so a click on the diagram opens it.
 *
 * `hale/busGraph` carries names, not positions. We ask the language server first, through the standard
 * document-symbol request on each `.hl` file of the program (scoped to the program's folder, unlike a
 * workspace-wide symbol search that could land in another program declaring the same name). When the
 * server has no symbol for it (a literal subject like `"log.app"` is no declaration; an older server may
 * not list handlers) we fall back to reading the program's text for the declaration: `locus NAME`,
 * `topic NAME`, `fn HANDLER` inside the locus, or the first `"subject"` in a bus block.
 */
import * as vscode from 'vscode';
import { programFiles } from '../program';
import { findDeclaration } from './find-declaration';
import type { LocateTarget } from './locate-target';

export type { LocateTarget };

export async function locate(folder: vscode.Uri, target: LocateTarget): Promise<vscode.Location | undefined> {
  const files = await programFiles(folder);
  for (const file of files) {
    const hit = await fromSymbols(file, target);
    if (hit) return hit;
  }
  for (const file of files) {
    const hit = await fromText(file, target);
    if (hit) return hit;
  }
  return undefined;
}

const LOCUS_KINDS = new Set([vscode.SymbolKind.Class, vscode.SymbolKind.Module, vscode.SymbolKind.Object, vscode.SymbolKind.Struct, vscode.SymbolKind.Namespace]);

/** Symbol names as servers print them: `Listener`, or with a keyword, `locus Listener`. */
function sameName(symbolName: string, name: string): boolean {
  return symbolName === name || symbolName.endsWith(` ${name}`) || symbolName === `"${name}"`;
}

async function fromSymbols(file: vscode.Uri, target: LocateTarget): Promise<vscode.Location | undefined> {
  let symbols: Array<vscode.DocumentSymbol | vscode.SymbolInformation> | undefined;
  try {
    symbols = await vscode.commands.executeCommand<Array<vscode.DocumentSymbol | vscode.SymbolInformation>>('vscode.executeDocumentSymbolProvider', file);
  } catch {
    return undefined;
  }
  if (!symbols?.length) return undefined;
  const tree: vscode.DocumentSymbol[] = symbols.every((s) => 'children' in s)
    ? (symbols as vscode.DocumentSymbol[])
    : (symbols as vscode.SymbolInformation[]).map((s) => {
        const d = new vscode.DocumentSymbol(s.name, '', s.kind, s.location.range, s.location.range);
        return d;
      });
  const all = (list: vscode.DocumentSymbol[]): vscode.DocumentSymbol[] => list.flatMap((s) => [s, ...all(s.children ?? [])]);
  let found: vscode.DocumentSymbol | undefined;
  if (target.kind === 'handler') {
    const locus = all(tree).find((s) => sameName(s.name, target.locus) && LOCUS_KINDS.has(s.kind));
    found = locus && all(locus.children ?? []).find((s) => sameName(s.name, target.name));
  } else {
    const candidates = all(tree).filter((s) => sameName(s.name, target.name));
    found =
      target.kind === 'locus'
        ? candidates.find((s) => LOCUS_KINDS.has(s.kind)) ?? candidates[0]
        : candidates.find((s) => !LOCUS_KINDS.has(s.kind)) ?? candidates[0];
  }
  return found ? new vscode.Location(file, found.selectionRange) : undefined;
}

async function readText(file: vscode.Uri): Promise<string | undefined> {
  const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === file.toString());
  if (open) return open.getText();
  try {
    return new TextDecoder().decode(await vscode.workspace.fs.readFile(file));
  } catch {
    return undefined;
  }
}

async function fromText(file: vscode.Uri, target: LocateTarget): Promise<vscode.Location | undefined> {
  const text = await readText(file);
  const hit = text === undefined ? undefined : findDeclaration(text, target);
  return hit && new vscode.Location(file, new vscode.Range(hit.line, hit.character, hit.line, hit.character + hit.length));
}
