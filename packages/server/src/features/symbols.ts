/**
 * Document symbols (loci with their params, bus members, hooks and methods; topics; types with their
 * fields and variants; fns; consts) and workspace symbols across every program's last snapshot, from the
 * model's facts.
 */
import type { LangiumDocument } from 'langium';
import type { DocumentSymbolProvider, WorkspaceSymbolProvider } from 'langium/lsp';
import type { LangiumSharedServices } from 'langium/lsp';
import { SymbolKind, type CancellationToken, type DocumentSymbol, type DocumentSymbolParams, type Range, type WorkspaceSymbol, type WorkspaceSymbolParams } from 'vscode-languageserver';
import { placementSourceText, entryPlacement, type DeclFact } from 'hale-language';
import type { EditorSnapshots, FileView } from './editor-snapshots.js';
import type { HaleEditorServices } from './editor-module.js';

export class HaleDocumentSymbolProvider implements DocumentSymbolProvider {
    private readonly snapshots: EditorSnapshots;

    constructor(services: HaleEditorServices) {
        this.snapshots = services.editor.Snapshots;
    }

    async getSymbols(document: LangiumDocument, _params: DocumentSymbolParams, token?: CancellationToken): Promise<DocumentSymbol[]> {
        const uri = document.uri.toString();
        await this.snapshots.current(uri, token);
        const view = this.snapshots.view(uri);
        if (!view) return [];
        const out: DocumentSymbol[] = [];
        for (const im of view.file.facts.imports) push(out, view, `import ${im.alias}`, SymbolKind.Module, im.range, im.aliasRange, im.path);
        for (const d of view.file.facts.decls) {
            const s = declSymbol(view, d);
            if (s) out.push(s);
        }
        return out;
    }
}

function push(out: DocumentSymbol[], view: FileView, name: string, kind: SymbolKind, range: Range, selection: Range, detail?: string, children?: DocumentSymbol[]): DocumentSymbol | undefined {
    const r = view.toEditor(range);
    const s = view.toEditor(selection);
    if (!r || !s || !name) return undefined;
    const symbol: DocumentSymbol = { name, kind, range: r, selectionRange: within(s, r) ? s : r, detail, children };
    out.push(symbol);
    return symbol;
}

function within(inner: Range, outer: Range): boolean {
    const le = (a: Range['start'], b: Range['start']) => a.line < b.line || (a.line === b.line && a.character <= b.character);
    return le(outer.start, inner.start) && le(inner.end, outer.end);
}

function declSymbol(view: FileView, d: DeclFact): DocumentSymbol | undefined {
    const model = view.snapshot.model;
    const out: DocumentSymbol[] = [];
    const name = [...d.modules, d.name].join('::');
    switch (d.kind) {
        case 'locus': {
            const children: DocumentSymbol[] = [];
            for (const p of d.params) {
                const placed = d.isMain ? model.placementFields.find(f => f.field === p.name) : undefined;
                const detail = [p.type?.text ?? p.defaultLiteral, placed ? `→ ${placementSourceText(placed.placement)}` : undefined].filter(Boolean).join(' ');
                push(children, view, p.name, SymbolKind.Field, p.range, p.nameRange, detail);
            }
            for (const m of d.bus) {
                const subject = m.subject.kind === 'literal' ? JSON.stringify(m.subject.value) : m.subject.kind === 'topic' ? m.subject.path : '…';
                push(children, view, m.kind === 'subscribe' ? `subscribe ${subject}` : `publish ${subject}`, SymbolKind.Event, m.range, m.subject.range, m.handler ? `as ${m.handler}` : m.payloadType?.text);
            }
            for (const e of d.placement) push(children, view, `placement ${e.field}`, SymbolKind.Property, e.range, e.fieldRange, placementSourceText(entryPlacement(e)));
            for (const h of d.hooks) push(children, view, h.name, SymbolKind.Constructor, h.range, h.nameRange, 'lifecycle hook');
            for (const m of d.methods) push(children, view, m.name, SymbolKind.Method, m.range, m.nameRange, signatureDetail(m.params, m.returnType?.text));
            return push(out, view, name, SymbolKind.Class, d.range, d.nameRange, d.isMain ? 'main locus' : 'locus', children);
        }
        case 'topic': return push(out, view, name, SymbolKind.Event, d.range, d.nameRange, d.payload ? `payload ${d.payload.text}` : 'topic');
        case 'type': {
            const children: DocumentSymbol[] = [];
            for (const f of d.fields) push(children, view, f.name, SymbolKind.Field, f.range, f.range, f.type?.text);
            for (const v of d.variants) push(children, view, v.name, SymbolKind.EnumMember, v.range, v.range);
            return push(out, view, name, d.variants.length ? SymbolKind.Enum : d.alias ? SymbolKind.TypeParameter : SymbolKind.Struct, d.range, d.nameRange, d.alias ? `= ${d.alias.text}` : undefined, children);
        }
        case 'fnDecl': return push(out, view, name, SymbolKind.Function, d.range, d.nameRange, signatureDetail(d.params, d.returnType?.text));
        case 'perspective': return push(out, view, name, SymbolKind.Interface, d.range, d.nameRange, 'perspective');
        case 'const': return push(out, view, name, SymbolKind.Constant, d.range, d.nameRange, 'const');
        case 'interface': return push(out, view, name, SymbolKind.Interface, d.range, d.nameRange, 'interface');
        default: return push(out, view, name, SymbolKind.Object, d.range, d.nameRange, d.kind);
    }
}

function signatureDetail(params: ReadonlyArray<{ name: string; type?: { text: string } }>, returns?: string): string {
    return `(${params.map(p => `${p.name}: ${p.type?.text ?? '?'}`).join(', ')})${returns ? ' -> ' + returns : ''}`;
}

export class HaleWorkspaceSymbolProvider implements WorkspaceSymbolProvider {
    constructor(private readonly shared: LangiumSharedServices, private readonly snapshots: () => EditorSnapshots | undefined) {}

    getSymbols(params: WorkspaceSymbolParams, _token?: CancellationToken): WorkspaceSymbol[] {
        const query = params.query.toLowerCase();
        const matches = (name: string) => fuzzy(query, name.toLowerCase());
        const out: WorkspaceSymbol[] = [];
        void this.shared;
        for (const snap of this.snapshots()?.all() ?? []) {
            for (const f of snap.model.files) {
                for (const d of f.decls) {
                    const name = [...d.modules, d.name].join('::');
                    const kind = d.kind === 'locus' ? SymbolKind.Class : d.kind === 'topic' ? SymbolKind.Event : d.kind === 'type' ? (d.variants.length ? SymbolKind.Enum : SymbolKind.Struct)
                        : d.kind === 'fnDecl' ? SymbolKind.Function : d.kind === 'const' ? SymbolKind.Constant : d.kind === 'perspective' || d.kind === 'interface' ? SymbolKind.Interface : SymbolKind.Object;
                    if (matches(d.name)) out.push({ name, kind, location: { uri: f.uri, range: d.nameRange }, containerName: d.modules.join('::') || undefined });
                    if (d.kind === 'locus') {
                        for (const m of d.methods) if (matches(m.name)) out.push({ name: m.name, kind: SymbolKind.Method, location: { uri: f.uri, range: m.nameRange }, containerName: name });
                        for (const p of d.params) if (matches(p.name)) out.push({ name: p.name, kind: SymbolKind.Field, location: { uri: f.uri, range: p.nameRange }, containerName: name });
                    }
                    if (out.length >= 1000) return out;
                }
            }
        }
        return out;
    }
}

/** Every character of the query, in order, in the name (VS Code's own filtering refines the order). */
function fuzzy(query: string, name: string): boolean {
    let i = 0;
    for (let j = 0; j < name.length && i < query.length; j++) if (name[j] === query[i]) i++;
    return i === query.length;
}
