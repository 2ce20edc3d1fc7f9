/**
 * Semantic tokens from the symbol index: topics, loci, handlers and pools get token types of their own
 * (the extension maps them onto standard ones — `event`, `class`, `method`, `namespace` — for themes that
 * do not know them), params fields are properties with the `params` modifier, `std::` paths carry
 * `defaultLibrary`. Keywords, strings and numbers are left to the TextMate grammar.
 */
import type { LangiumDocument } from 'langium';
import { SemanticTokensBuilder, type SemanticTokenProvider } from 'langium/lsp';
import type {
    CancellationToken, Range, SemanticTokens, SemanticTokensDelta, SemanticTokensDeltaParams, SemanticTokensOptions,
    SemanticTokensParams, SemanticTokensRangeParams,
} from 'vscode-languageserver';
import { segmentRanges, type Occurrence, type SymbolIndex } from 'hale-language';
import type { EditorSnapshots, FileView } from './editor-snapshots.js';
import type { HaleEditorServices } from './editor-module.js';
import { STD_CATALOG, STD_MODULES } from './std-catalog.js';

/** Standard token types first, then Hale's own. */
export const TOKEN_TYPES = [
    'namespace', 'type', 'class', 'enum', 'interface', 'struct', 'typeParameter', 'parameter', 'variable', 'property',
    'enumMember', 'event', 'function', 'method', 'decorator',
    'topic', 'locus', 'handler', 'pool',
] as const;

export const TOKEN_MODIFIERS = [
    'declaration', 'readonly', 'static', 'defaultLibrary',
    /** a params field of a locus */
    'params',
    /** the main locus */
    'main',
] as const;

type TokenType = typeof TOKEN_TYPES[number];
type TokenModifier = typeof TOKEN_MODIFIERS[number];

const typeIndex = Object.fromEntries(TOKEN_TYPES.map((t, i) => [t, i])) as Record<TokenType, number>;
const modifierBit = Object.fromEntries(TOKEN_MODIFIERS.map((m, i) => [m, 1 << i])) as Record<TokenModifier, number>;

export class HaleSemanticTokenProvider implements SemanticTokenProvider {
    private readonly snapshots: EditorSnapshots;
    private readonly builders = new Map<string, SemanticTokensBuilder>();
    /** Documents answered from a snapshot older than their text: refreshed when the next one lands. */
    private readonly staleAnswers = new Set<string>();
    private refreshSupported = false;

    readonly tokenTypes: Record<string, number> = typeIndex;
    readonly tokenModifiers: Record<string, number> = modifierBit;
    readonly semanticTokensOptions: SemanticTokensOptions = {
        legend: { tokenTypes: [...TOKEN_TYPES], tokenModifiers: [...TOKEN_MODIFIERS] },
        full: { delta: true },
        range: true,
    };

    constructor(services: HaleEditorServices) {
        this.snapshots = services.editor.Snapshots;
        const connection = services.shared.lsp.Connection;
        services.shared.lsp.LanguageServer.onInitialize(params => {
            this.refreshSupported = params.capabilities.workspace?.semanticTokens?.refreshSupport === true;
        });
        this.snapshots.onPublish(snapshot => {
            if (!this.staleAnswers.size || !connection || !this.refreshSupported) return;
            const affected = [...this.staleAnswers].filter(uri => snapshot.index.files.has(uri));
            if (!affected.length) return;
            for (const uri of affected) this.staleAnswers.delete(uri);
            // Sent directly so that a client answering with an error cannot leave a rejected promise behind.
            connection.sendRequest('workspace/semanticTokens/refresh').catch(() => undefined);
        });
    }

    async semanticHighlight(document: LangiumDocument, _params: SemanticTokensParams, token?: CancellationToken): Promise<SemanticTokens> {
        const builder = new SemanticTokensBuilder();
        this.builders.set(document.uri.toString(), builder);
        await this.fill(document, builder, undefined, token);
        return builder.build();
    }

    async semanticHighlightRange(document: LangiumDocument, params: SemanticTokensRangeParams, token?: CancellationToken): Promise<SemanticTokens> {
        const builder = new SemanticTokensBuilder();
        await this.fill(document, builder, params.range, token);
        return builder.build();
    }

    async semanticHighlightDelta(document: LangiumDocument, params: SemanticTokensDeltaParams, token?: CancellationToken): Promise<SemanticTokens | SemanticTokensDelta> {
        const uri = document.uri.toString();
        const builder = this.builders.get(uri) ?? new SemanticTokensBuilder();
        this.builders.set(uri, builder);
        builder.previousResult(params.previousResultId);
        await this.fill(document, builder, undefined, token);
        return builder.buildEdits();
    }

    private async fill(document: LangiumDocument, builder: SemanticTokensBuilder, range: Range | undefined, token?: CancellationToken): Promise<void> {
        const uri = document.uri.toString();
        await this.snapshots.ready(uri, token);
        const view = this.snapshots.view(uri);
        if (!view) return;
        if (view.stale) this.staleAnswers.add(uri);
        for (const t of semanticTokensOf(view, range)) builder.push(t.line, t.character, t.length, t.type, t.modifiers);
    }
}

export interface HaleToken {
    readonly line: number;
    readonly character: number;
    readonly length: number;
    readonly type: number;
    readonly modifiers: number;
}

/** The tokens of one file of a snapshot, in the editor's coordinates, sorted. */
export function semanticTokensOf(view: FileView, range?: Range): HaleToken[] {
    const out: HaleToken[] = [];
    const index = view.snapshot.index;
    const model = view.snapshot.model;
    const handlers = handlerKeys(index);
    const push = (r: Range, type: TokenType, ...mods: Array<TokenModifier | false | undefined>) => {
        if (r.start.line !== r.end.line || r.end.character <= r.start.character) return;
        const e = view.toEditor(r);
        if (!e || e.start.line !== e.end.line) return;
        if (range && (e.end.line < range.start.line || e.start.line > range.end.line)) return;
        let m = 0;
        for (const x of mods) if (x) m |= modifierBit[x];
        out.push({ line: e.start.line, character: e.start.character, length: e.end.character - e.start.character, type: typeIndex[type], modifiers: m });
    };
    for (const o of view.file.occurrences) {
        const decl = o.role === 'declaration' ? 'declaration' as const : undefined;
        switch (o.kind) {
            case 'topic': case 'externalTopic': push(o.range, 'topic', decl); break;
            case 'locus': push(o.range, 'locus', decl, o.key !== undefined && model.loci.get(o.key.slice(6))?.decl.isMain && 'main'); break;
            case 'method':
                push(o.range, o.key && handlers.has(o.key) ? 'handler' : 'method', decl);
                break;
            case 'hook': break; // lifecycle hooks are keywords
            case 'field': push(o.range, 'property', decl, 'params'); break;
            case 'pool': push(o.range, 'pool'); break;
            case 'type': {
                const t = o.key ? model.types.get(o.key.slice(5)) : undefined;
                push(o.range, t?.decl.variants.length ? 'enum' : t ? 'struct' : 'type', decl);
                break;
            }
            case 'primitive': push(o.range, 'type', 'defaultLibrary'); break;
            case 'typeField': push(o.range, 'property', decl); break;
            case 'variant': push(o.range, 'enumMember', decl); break;
            case 'fn': push(o.range, 'function', decl); break;
            case 'builtin': push(o.range, 'function', 'defaultLibrary'); break;
            case 'const': push(o.range, 'variable', decl, 'readonly'); break;
            case 'perspective': push(o.range, 'interface', decl); break;
            case 'alias': push(o.range, 'namespace', decl); break;
            case 'decorator': push(o.range, 'decorator'); break;
            case 'local': push(o.range, o.context === 'param' ? 'parameter' : 'variable', decl); break;
            case 'std': stdTokens(o, push); break;
        }
    }
    return out;
}

/** `std::io::tcp::recv_into`: the modules as namespaces, the last segment as what the catalog says it is. */
function stdTokens(o: Occurrence, push: (r: Range, type: TokenType, ...mods: Array<TokenModifier | false | undefined>) => void): void {
    const path = o.key!.slice(4);
    const segs = segmentRanges(path, o.range);
    if (!segs) return;
    const names = path.split('::');
    for (let i = 0; i < segs.length; i++) {
        const prefix = names.slice(0, i + 1).join('::');
        const last = i === segs.length - 1;
        if (!last || STD_MODULES[prefix]) { push(segs[i], 'namespace', 'defaultLibrary'); continue; }
        const entry = STD_CATALOG[prefix];
        const kind: TokenType = entry ? (entry.kind === 'fn' ? 'function' : entry.kind === 'locus' ? 'locus' : entry.kind === 'interface' ? 'interface' : 'type')
            : /^[A-Z]/.test(names[i]) ? 'type' : o.context === 'call' ? 'function' : 'namespace';
        push(segs[i], kind, 'defaultLibrary');
    }
}

const handlersByIndex = new WeakMap<SymbolIndex, Set<string>>();

/** Methods named by a `subscribe ... as handler` (once per snapshot). */
function handlerKeys(index: SymbolIndex): Set<string> {
    let out = handlersByIndex.get(index);
    if (out) return out;
    out = new Set<string>();
    for (const [key, e] of index.symbols) if (key.startsWith('method:') && e.uses.some(u => u.context === 'handler')) out.add(key);
    handlersByIndex.set(index, out);
    return out;
}
