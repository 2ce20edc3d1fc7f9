/**
 * Rename over the symbol index, across the program's files: topics, loci, types and their fields and
 * variants, fns, methods (a handler's `as handler` sites follow its method), params fields (with their
 * placement entries and `self.x` uses), pools and locals. A new name that is not an identifier, is a hard
 * keyword, or would collide with a name already declared in the same namespace is refused.
 */
import type { LangiumDocument } from 'langium';
import type { RenameProvider } from 'langium/lsp';
import { ErrorCodes, LSPErrorCodes, ResponseError, type CancellationToken, type Range, type RenameParams, type TextDocumentPositionParams, type TextEdit, type WorkspaceEdit } from 'vscode-languageserver';
import { HARD_KEYWORDS, type ProgramModel, type SymbolEntry } from 'hale-language';
import type { EditorSnapshots } from './editor-snapshots.js';
import type { HaleEditorServices } from './editor-module.js';
import { targetAt } from './lookup.js';
import { editorRange } from './navigation.js';

const RENAMEABLE = new Set(['topic', 'locus', 'type', 'typeField', 'variant', 'fn', 'method', 'field', 'pool', 'local', 'const', 'perspective']);
const IDENTIFIER = /^[_a-zA-Z][_a-zA-Z0-9]*$/;

export class HaleRenameProvider implements RenameProvider {
    private readonly snapshots: EditorSnapshots;

    constructor(services: HaleEditorServices) {
        this.snapshots = services.editor.Snapshots;
    }

    async prepareRename(document: LangiumDocument, params: TextDocumentPositionParams, token?: CancellationToken): Promise<Range | undefined> {
        const uri = document.uri.toString();
        await this.snapshots.current(uri, token);
        const target = targetAt(this.snapshots, uri, params.position);
        const entry = target?.occurrence.key ? target.view.snapshot.index.symbols.get(target.occurrence.key) : undefined;
        if (!target || !entry || !RENAMEABLE.has(entry.kind)) return undefined;
        if (!entry.declarations.length && entry.kind !== 'pool') return undefined; // declared in another seed, or nowhere
        if (entry.key === 'fn:main') throw new ResponseError(ErrorCodes.InvalidRequest, '`fn main` is the program\'s entry point: it keeps its name');
        return target.range;
    }

    async rename(document: LangiumDocument, params: RenameParams, token?: CancellationToken): Promise<WorkspaceEdit | undefined> {
        const uri = document.uri.toString();
        await this.snapshots.current(uri, token);
        const target = targetAt(this.snapshots, uri, params.position);
        const entry = target?.occurrence.key ? target.view.snapshot.index.symbols.get(target.occurrence.key) : undefined;
        if (!target || !entry || !RENAMEABLE.has(entry.kind)) {
            throw new ResponseError(ErrorCodes.InvalidRequest, 'nothing to rename here: put the cursor on a topic, locus, type, field, fn, method, handler, pool or local');
        }
        const newName = params.newName.trim();
        const refusal = renameRefusal(target.view.snapshot.model, entry, newName);
        if (refusal) throw new ResponseError(ErrorCodes.InvalidRequest, refusal);
        const changes: Record<string, TextEdit[]> = {};
        for (const site of [...entry.declarations, ...entry.uses]) {
            const range = editorRange(this.snapshots, site, target.view.snapshot);
            if (!range) throw new ResponseError(LSPErrorCodes.ContentModified, 'the file changed while renaming: try again');
            (changes[site.uri] ??= []).push({ range, newText: newName });
        }
        return { changes };
    }
}

/** Why `newName` cannot replace the symbol's name, or undefined when it can. */
export function renameRefusal(model: ProgramModel, entry: SymbolEntry, newName: string): string | undefined {
    if (!IDENTIFIER.test(newName)) return `\`${newName}\` is not a Hale name: use letters, digits and \`_\`, not starting with a digit`;
    if (HARD_KEYWORDS.has(newName)) return `\`${newName}\` is a keyword in Hale: pick another name`;
    if (newName === entry.name) return undefined;
    const body = entry.key.slice(entry.key.indexOf(':') + 1);
    const owner = body.includes('::') ? body.slice(0, body.lastIndexOf('::')) : '';
    const topLevel = (): string | undefined => {
        const prefix = owner ? owner + '::' : '';
        const name = prefix + newName;
        if (model.loci.has(name)) return `a locus named \`${newName}\` already exists`;
        if (model.topics.has(name)) return `a topic named \`${newName}\` already exists`;
        if (model.types.has(name)) return `a type named \`${newName}\` already exists`;
        if (model.fns.has(name)) return `a fn named \`${newName}\` already exists`;
        if (model.perspectives.has(name)) return `a perspective named \`${newName}\` already exists`;
        if (model.others.has(name)) return `\`${newName}\` is already declared (${model.others.get(name)!.decl.kind})`;
        return undefined;
    };
    switch (entry.kind) {
        case 'topic': {
            const clash = topLevel();
            if (clash) return clash;
            if (model.subjectIndex.has(newName)) return `the literal subject \`"${newName}"\` is already on the bus: the topic would join it`;
            return undefined;
        }
        case 'locus': case 'type': case 'fn': case 'const': case 'perspective':
            return topLevel();
        case 'method': case 'field': {
            const l = model.loci.get(owner);
            if (!l) return undefined;
            if (l.decl.params.some(p => p.name === newName)) return `locus \`${l.decl.name}\` already has a params field \`${newName}\``;
            if (l.methods.has(newName)) return `locus \`${l.decl.name}\` already has a method \`${newName}\``;
            if (l.hooks.has(newName)) return `\`${newName}\` is a lifecycle hook of locus \`${l.decl.name}\``;
            return undefined;
        }
        case 'typeField': {
            const t = model.types.get(owner);
            return t?.decl.fields.some(f => f.name === newName) ? `type \`${t.decl.name}\` already has a field \`${newName}\`` : undefined;
        }
        case 'variant': {
            const t = model.types.get(owner);
            return t?.decl.variants.some(v => v.name === newName) ? `enum \`${t.decl.name}\` already has a variant \`${newName}\`` : undefined;
        }
        case 'pool': {
            const used = model.instances.some(i => i.placement.kind === 'cooperative' && i.placement.pool === newName);
            return used ? `pool \`${newName}\` is already in use: renaming would merge the two pools onto one thread` : undefined;
        }
    }
    return undefined;
}
