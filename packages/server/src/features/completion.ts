/**
 * Completion by context, from the tokens around the cursor (completion-context.ts) and the last
 * snapshot's model: keywords where they are legal; topics in bus blocks and sends; handler names after
 * `as`; main-locus fields and placement specs (`cooperative(pool = ...)` with the pools in use, `pinned`,
 * `where async_io`) in `placement { }`; `self.` members; `std::` paths; struct fields in literals; types in
 * type positions; names in expressions. Half-typed lines are the normal case here: nothing is parsed.
 */
import type { LangiumDocument, Lexer } from 'langium';
import type { CompletionProvider, CompletionProviderOptions, LangiumSharedServices } from 'langium/lsp';
import {
    CompletionItemKind, CompletionList, InsertTextFormat,
    type CancellationToken, type CompletionItem, type CompletionParams, type Range,
} from 'vscode-languageserver';
import { lastSegment, paramLocusType, PRIMITIVE_TYPES, type LocusInfo, type ProgramModel, type SymbolIndex } from 'hale-language';
import type { EditorSnapshots } from './editor-snapshots.js';
import type { HaleEditorServices } from './editor-module.js';
import { completionContext, type CompletionContext } from './completion-context.js';
import { stdChildren, STD_CATALOG } from './std-catalog.js';

/** Upstream's annotations (the syntax validator's list). */
const DECORATORS = ['form', 'locality', 'bounded', 'unbounded', 'budget', 'sealed', 'ffi', 'export', 'hot', 'effects', 'phase_effects',
    'supervised', 'secret', 'no_syscall', 'no_block', 'no_ffi', 'no_publish', 'no_spawn', 'no_recursion', 'deterministic', 'no_panic'];

const TRIGGER_SUGGEST = { title: 'suggest', command: 'editor.action.triggerSuggest' };
const WORD = /^[A-Za-z_][A-Za-z0-9_]*$/;

interface Item {
    label: string;
    kind: CompletionItemKind;
    detail?: string;
    insert?: string;
    snippet?: boolean;
    /** Lower sorts first. */
    rank?: number;
    retrigger?: boolean;
    documentation?: string;
}

export class HaleCompletionProvider implements CompletionProvider {
    private readonly snapshots: EditorSnapshots;
    private readonly lexer: Lexer;
    private readonly shared: LangiumSharedServices;
    readonly completionOptions: CompletionProviderOptions = { triggerCharacters: ['.', ':', '@', '=', '(', '"', '<'] };

    constructor(services: HaleEditorServices) {
        this.snapshots = services.editor.Snapshots;
        this.lexer = services.parser.Lexer;
        this.shared = services.shared;
    }

    async getCompletion(document: LangiumDocument, params: CompletionParams, token?: CancellationToken): Promise<CompletionList | undefined> {
        const uri = document.uri.toString();
        await this.snapshots.ready(uri, token);
        const textDocument = this.shared.workspace.TextDocuments.get(uri) ?? document.textDocument;
        const text = textDocument.getText();
        const offset = textDocument.offsetAt(params.position);
        let ctx: CompletionContext;
        try {
            ctx = completionContext(this.lexer, text, offset);
        } catch {
            return CompletionList.create([], false); // never let a strange half-typed line fail the request
        }
        const snapshot = this.snapshots.snapshotFor(uri);
        const items = new Completions(ctx, snapshot?.model, snapshot?.index, uri).items();
        const range: Range = { start: textDocument.positionAt(ctx.wordStart), end: params.position };
        const seen = new Set<string>();
        const out: CompletionItem[] = [];
        for (const it of items) {
            const key = `${it.label}|${it.kind}`;
            if (seen.has(key)) continue;
            seen.add(key);
            out.push({
                label: it.label, kind: it.kind, detail: it.detail,
                documentation: it.documentation ? { kind: 'markdown', value: it.documentation } : undefined,
                sortText: `${String(it.rank ?? 5).padStart(2, '0')}_${it.label}`,
                filterText: it.label.startsWith('"') ? it.label : undefined,
                textEdit: { range, newText: it.insert ?? it.label },
                insertTextFormat: it.snippet ? InsertTextFormat.Snippet : InsertTextFormat.PlainText,
                command: it.retrigger ? TRIGGER_SUGGEST : undefined,
            });
        }
        return CompletionList.create(out, false);
    }
}

class Completions {
    private readonly st: string[];
    private readonly frame: CompletionContext['frames'][number];

    constructor(private readonly ctx: CompletionContext, private readonly model: ProgramModel | undefined, private readonly index: SymbolIndex | undefined, private readonly uri: string) {
        this.st = ctx.statement.map(t => t.image);
        this.frame = ctx.frames[ctx.frames.length - 1];
    }

    private get locus(): LocusInfo | undefined {
        const name = this.ctx.locus?.name;
        return name ? this.model?.loci.get(name) : undefined;
    }

    items(): Item[] {
        const st = this.st;
        const last = st[st.length - 1];
        if (last === '.') return this.memberAccess();
        if (last === '::') return this.path();
        if (last === '@') return DECORATORS.map(d => ({ label: d, kind: CompletionItemKind.Function, detail: 'annotation' }));
        switch (this.frame.kind) {
            case 'top': case 'module': return this.topLevel();
            case 'locus': return this.locusMembers();
            case 'bus': return this.bus();
            case 'placement': return this.placement();
            case 'params': return this.params();
            case 'literal': return this.literal();
            case 'topic': return this.topicFields();
            case 'typeDecl': return last === ':' ? this.types() : [];
            case 'body': case 'match': return this.body();
            case 'bindings': return st.length === 0 ? this.topics('binding') : [];
        }
        return [];
    }

    // ------------------------------------------------------------ keywords by block

    private topLevel(): Item[] {
        const st = this.st;
        if (st.length === 1 && st[0] === 'main') return [kw('locus')];
        if (st.length && (st[st.length - 1] === ':' || st[st.length - 1] === '->')) return this.types();
        if (st.length) return [];
        const s = (label: string, insert: string, detail: string): Item => ({ label, kind: CompletionItemKind.Snippet, insert, snippet: true, detail, rank: 3 });
        return [
            s('locus', 'locus ${1:Name} {\n    $0\n}', 'a locus'),
            s('main locus', 'main locus ${1:App} {\n    params {\n        $0\n    }\n}', 'the program\'s main locus'),
            s('topic', 'topic ${1:Name} {\n    payload: ${2:Type};\n}', 'a bus topic'),
            s('type', 'type ${1:Name} {\n    $0\n}', 'a struct'),
            s('type enum', 'type ${1:Name} = enum { ${2:A}, ${3:B} };', 'an enum'),
            s('fn', 'fn ${1:name}($2) {\n    $0\n}', 'a function'),
            s('fn main', 'fn main() {\n    $0\n}', 'the entry point'),
            ...['const', 'import', 'module', 'interface', 'perspective', 'group', 'effect', 'domain', 'target', 'ring_layout', 'constitution', 'claims'].map(k => kw(k, 4)),
        ];
    }

    private locusMembers(): Item[] {
        const st = this.st;
        if (st.length && (st[st.length - 1] === ':' || st[st.length - 1] === '->')) return this.types();
        if (st.length) return [];
        const l = this.locus;
        const has = (kind: string) => {
            if (!l) return false;
            if (kind === 'params') return l.decl.params.length > 0;
            if (kind === 'bus') return l.decl.bus.length > 0;
            if (kind === 'placement') return l.decl.placementRange !== undefined;
            return l.hooks.has(kind);
        };
        const out: Item[] = [];
        const block = (k: string, detail: string) => { if (!has(k)) out.push({ label: k, kind: CompletionItemKind.Keyword, insert: `${k} {\n    $0\n}`, snippet: true, detail, rank: 2 }); };
        block('params', 'the locus\'s fields');
        block('bus', 'publish and subscribe');
        if (this.ctx.locus?.isMain) {
            block('placement', 'where each field runs');
            block('bindings', 'transports for topics');
            block('topology', 'cores and NUMA nodes');
        }
        for (const h of ['birth', 'run', 'drain', 'dissolve', 'accept', 'release']) {
            if (!has(h)) out.push({ label: h, kind: CompletionItemKind.Keyword, insert: `${h}() {\n    $0\n}`, snippet: true, detail: 'lifecycle hook', rank: 3 });
        }
        out.push({ label: 'fn', kind: CompletionItemKind.Keyword, insert: 'fn ${1:name}($2) {\n    $0\n}', snippet: true, detail: 'a method', rank: 3 });
        out.push({ label: 'on_failure', kind: CompletionItemKind.Keyword, insert: 'on_failure(${1:e}: ${2:Failure}) {\n    $0\n}', snippet: true, rank: 4 });
        for (const k of ['contract', 'capacity', 'closure', 'claims', 'mode', 'type', 'const', 'birth_check']) out.push(kw(k, 5));
        return out;
    }

    // ------------------------------------------------------------ bus blocks

    private bus(): Item[] {
        const st = this.st;
        if (st.length === 0) {
            return [
                { label: 'subscribe', kind: CompletionItemKind.Keyword, insert: 'subscribe ', retrigger: true, detail: 'subscribe TOPIC as handler;', rank: 1 },
                { label: 'publish', kind: CompletionItemKind.Keyword, insert: 'publish ', retrigger: true, detail: 'publish TOPIC;', rank: 1 },
            ];
        }
        const verb = st[0];
        if (verb !== 'subscribe' && verb !== 'publish') return [];
        const last = st[st.length - 1];
        if (last === 'of') return [kw('type')];
        if (st.length >= 2 && st[st.length - 2] === 'of' && last === 'type') return this.types();
        if (st.length === 1) return this.topics(verb);
        const asAt = st.indexOf('as');
        if (verb === 'subscribe') {
            if (asAt < 0) return [{ ...kw('as', 1), retrigger: true, insert: 'as ' }];
            if (asAt === st.length - 1) return this.handlerNames(st.slice(1, asAt));
            if (st.length === asAt + 2) {
                return [
                    { label: 'of type', kind: CompletionItemKind.Keyword, insert: 'of type ', retrigger: true, rank: 1 },
                    { label: 'bounded', kind: CompletionItemKind.Keyword, insert: 'bounded(${1:64}, ${2:drop_oldest})', snippet: true, rank: 2 },
                    { label: 'where key ==', kind: CompletionItemKind.Keyword, insert: 'where key == ', rank: 3 },
                ];
            }
            if (last === 'where') return [kw('key')];
            return [];
        }
        if (asAt < 0 && st.length <= 4) return [{ label: 'of type', kind: CompletionItemKind.Keyword, insert: 'of type ', retrigger: true, rank: 1 }, kw('as', 2)];
        return [];
    }

    /** Topics (and literal subjects in use), ranked for the verb: a publisher's own sends, another's publishes. */
    private topics(verb: 'subscribe' | 'publish' | 'binding' | 'send'): Item[] {
        const model = this.model;
        if (!model) return [];
        const l = this.locus;
        const out: Item[] = [];
        const label = (s: { kind: string; path?: string; value?: string }) => s.kind === 'topic' ? lastSegment(s.path!) : s.kind === 'literal' ? `"${s.value}"` : '';
        const already = new Set((l?.decl.bus ?? []).filter(m => m.kind === verb).map(m => label(m.subject)));
        // What this locus sends (`X <- v`), from its own bodies.
        const sent = new Set([...(l?.decl.methods ?? []), ...(l?.decl.hooks ?? [])].flatMap(fn => fn.body.sends.map(x => label(x.subject))));
        for (const [name, t] of model.topics) {
            if (name !== t.decl.name) continue;
            const s = model.subjectIndex.get(name);
            let rank = 3;
            if (verb === 'publish' && sent.has(name)) rank = 1;
            if (verb === 'subscribe' && s?.publishers.length && !s.subscribers.length) rank = 1;
            if (verb === 'send' && l?.decl.bus.some(m => m.kind === 'publish' && m.subject.kind === 'topic' && lastSegment(m.subject.path) === name)) rank = 0;
            if (already.has(name)) rank = 8;
            const detail = `topic · ${t.decl.payload ? 'payload ' + t.decl.payload.text : 'no payload'} · ${s ? `${s.subscribers.length} sub · ${new Set(s.publishers.map(p => p.locus)).size} pub` : 'unwired'}`;
            const insert = verb === 'send' ? `${name} <- ` : undefined;
            out.push({ label: name, kind: CompletionItemKind.Event, detail, rank, insert, retrigger: verb === 'send' });
        }
        if (verb === 'subscribe' || verb === 'publish') {
            for (const s of model.subjects) {
                if (!s.isLiteral || model.topics.has(s.subject)) continue;
                const quoted = JSON.stringify(s.subject);
                const payload = [...s.publishers, ...s.subscribers].find(e => e.member.payloadType)?.member.payloadType?.text;
                const rank = already.has(quoted) ? 8 : verb === 'publish' && sent.has(quoted) ? 1 : 4;
                out.push({ label: quoted, kind: CompletionItemKind.Event, detail: `literal subject${payload ? ' · of type ' + payload : ''}`, rank });
            }
        }
        return out;
    }

    private handlerNames(subjectTokens: readonly string[]): Item[] {
        const l = this.locus;
        const subject = subjectTokens.filter(t => t !== '::').pop() ?? '';
        const base = `on_${snake(subject.replace(/^"|"$/g, ''))}`;
        const used = new Set((l?.decl.bus ?? []).map(m => m.handler).filter(Boolean));
        const out: Item[] = [];
        if (!l?.methods.has(base)) out.push({ label: base, kind: CompletionItemKind.Method, detail: 'new handler (add the fn)', rank: 1 });
        for (const m of l?.decl.methods ?? []) {
            out.push({ label: m.name, kind: CompletionItemKind.Method, detail: `fn ${m.name}(${m.params.map(p => `${p.name}: ${p.type?.text ?? '?'}`).join(', ')})`, rank: used.has(m.name) ? 6 : m.name === base ? 0 : 2 });
        }
        return out;
    }

    // ------------------------------------------------------------ placement blocks

    private placement(): Item[] {
        const st = this.st;
        const model = this.model;
        const main = (this.ctx.locus?.name ? model?.loci.get(this.ctx.locus.name) : undefined) ?? model?.mainLocus;
        if (st.length === 0) {
            const placed = new Set(main?.decl.placement.map(e => e.field) ?? []);
            return (main?.decl.params ?? []).map(p => {
                const l = model ? paramLocusType(model, p) : undefined;
                return { label: p.name, kind: CompletionItemKind.Field, detail: `${p.type?.text ?? p.defaultLiteral ?? ''}${placed.has(p.name) ? ' · already placed' : ''}`, insert: `${p.name}: `, retrigger: true, rank: placed.has(p.name) ? 6 : l ? 1 : 4 };
            });
        }
        const last = st[st.length - 1];
        const pools = this.poolsInUse();
        if (st.length === 2 && last === ':') {
            const out: Item[] = [];
            pools.forEach((asyncIo, pool) => out.push({ label: `cooperative(pool = ${pool})${asyncIo ? ' where async_io' : ''}`, kind: CompletionItemKind.Value, detail: pool === 'main' ? 'the main pool (the default)' : `pool in use${asyncIo ? ', async_io' : ''}`, rank: pool === 'main' ? 3 : 1 }));
            out.push({ label: 'cooperative(pool = …)', kind: CompletionItemKind.Snippet, insert: 'cooperative(pool = ${1:io})', snippet: true, detail: 'a new pool', rank: 2 });
            out.push({ label: 'cooperative(pool = …) where async_io', kind: CompletionItemKind.Snippet, insert: 'cooperative(pool = ${1:io}) where async_io', snippet: true, detail: 'a pool whose worker parks on I/O', rank: 2 });
            out.push({ label: 'pinned', kind: CompletionItemKind.Value, detail: 'its own thread', rank: 1 });
            out.push({ label: 'pinned(core = …)', kind: CompletionItemKind.Snippet, insert: 'pinned(core = ${1:0})', snippet: true, detail: 'its own thread, on a core', rank: 2 });
            return out;
        }
        const specAt = st.indexOf(':');
        const spec = st[specAt + 1];
        if (spec === 'cooperative' && last === '=' && st[st.length - 2] === 'pool') {
            return [...pools.keys()].map(p => ({ label: p, kind: CompletionItemKind.EnumMember, detail: p === 'main' ? 'the main pool' : 'pool in use', rank: p === 'main' ? 3 : 1 }));
        }
        if (this.ctx.parens > 0 && (last === '(' || last === ',')) {
            const attrs = spec === 'pinned' ? ['core', 'cores', 'node', 'l3', 'replicas'] : ['pool', 'core', 'cores', 'node', 'l3'];
            return attrs.map(a => ({ label: a, kind: CompletionItemKind.Property, insert: `${a} = `, retrigger: a === 'pool' }));
        }
        if (last === 'where') return [{ label: 'async_io', kind: CompletionItemKind.Keyword, detail: 'the pool parks on I/O instead of blocking' }];
        if (this.ctx.parens === 0 && (last === ')' || (st.length === 3 && spec === 'cooperative'))) {
            if (spec === 'cooperative') return [{ label: 'where async_io', kind: CompletionItemKind.Keyword, detail: 'the pool parks on I/O instead of blocking', rank: 1 }];
        }
        return [];
    }

    /** Pools placed on in the main locus, `main` included; true when `where async_io`. */
    private poolsInUse(): Map<string, boolean> {
        const pools = new Map<string, boolean>([['main', false]]);
        for (const e of this.model?.mainLocus?.decl.placement ?? []) {
            if (e.kind === 'cooperative') pools.set(e.pool ?? 'main', (pools.get(e.pool ?? 'main') ?? false) || e.asyncIo);
        }
        return pools;
    }

    // ------------------------------------------------------------ params, literals, topics

    private params(): Item[] {
        const st = this.st;
        if (!st.length) return [];
        const eq = st.indexOf('=');
        if (eq < 0) return st[st.length - 1] === ':' ? this.types() : [];
        if (eq === st.length - 1) {
            // A default: suggest the declared type's literal first.
            const typeName = st.slice(st.indexOf(':') + 1, eq).join('');
            const out = this.values();
            const t = typeName && this.model ? (this.model.loci.get(typeName) ?? this.model.types.get(typeName)) : undefined;
            if (t) out.unshift({ label: `${typeName} { }`, kind: CompletionItemKind.Constructor, insert: `${typeName} { $0 }`, snippet: true, rank: 0 });
            return out;
        }
        return this.expression();
    }

    private literal(): Item[] {
        const st = this.st;
        if (st.length === 0) return this.fieldsOf(this.frame.name);
        return this.expression();
    }

    private fieldsOf(typeName: string | undefined): Item[] {
        const model = this.model;
        if (!model || !typeName) return [];
        const l = model.loci.get(typeName);
        if (l) return l.decl.params.map(p => ({ label: p.name, kind: CompletionItemKind.Field, detail: p.type?.text ?? p.defaultLiteral, insert: `${p.name}: `, rank: 1 }));
        const t = model.types.get(typeName);
        if (t) return t.decl.fields.map(f => ({ label: f.name, kind: CompletionItemKind.Field, detail: f.type?.text, insert: `${f.name}: `, rank: 1 }));
        return [];
    }

    private topicFields(): Item[] {
        const st = this.st;
        if (st.length === 0) {
            return [
                { label: 'payload', kind: CompletionItemKind.Property, insert: 'payload: ', retrigger: true, rank: 1 },
                { label: 'subject', kind: CompletionItemKind.Property, insert: 'subject: "${1}";', snippet: true, rank: 2 },
                { label: 'keyed_by', kind: CompletionItemKind.Property, insert: 'keyed_by ${1:field};', snippet: true, rank: 3 },
                { label: 'bounded', kind: CompletionItemKind.Property, insert: 'bounded(${1:64});', snippet: true, rank: 3 },
                { label: 'on_full', kind: CompletionItemKind.Property, insert: 'on_full: ${1:drop_oldest};', snippet: true, rank: 4 },
                { label: 'on_unmatched', kind: CompletionItemKind.Property, insert: 'on_unmatched: ${1:drop};', snippet: true, rank: 4 },
            ];
        }
        if (st[0] === 'payload' && st[st.length - 1] === ':') return this.types();
        return [];
    }

    // ------------------------------------------------------------ bodies and expressions

    private body(): Item[] {
        const st = this.st;
        if (st.length === 0) {
            return [
                ...['let', 'if', 'while', 'for', 'match', 'return', 'break', 'continue', 'yield', 'terminate'].map(k => kw(k, 4)),
                ...this.topics('send'),
                ...this.values(),
            ];
        }
        const last = st[st.length - 1];
        if (last === '<-') return [...this.sendPayload(st), ...this.values()];
        if (last === ':' && st[0] === 'let') return this.types();
        return this.expression();
    }

    private expression(): Item[] {
        const st = this.st;
        const last = st[st.length - 1];
        if (last === '->' || (last === ':' && st.includes('fn'))) return this.types();
        if (last && WORD.test(last) && !['return', 'in', 'if', 'while', 'match', 'else', 'let', 'mut', 'or'].includes(last)) return [];
        return this.values();
    }

    /** After `Topic <-`: a literal of the payload type with its fields. */
    private sendPayload(st: readonly string[]): Item[] {
        const model = this.model;
        if (!model) return [];
        const subject = st[st.length - 2];
        const key = subject?.startsWith('"') ? JSON.parse(subject) as string : subject;
        const s = key ? model.subjectIndex.get(key) : undefined;
        const payload = s?.topic?.decl.payload?.name ?? [...(s?.publishers ?? []), ...(s?.subscribers ?? [])].find(e => e.member.payloadType)?.member.payloadType?.name;
        const t = payload ? model.types.get(payload) : undefined;
        if (!t) return [];
        const fields = t.decl.fields.map((f, i) => `${f.name}: \${${i + 1}}`).join(', ');
        return [{ label: `${t.decl.name} { … }`, kind: CompletionItemKind.Constructor, insert: `${t.decl.name} { ${fields} }`, snippet: true, detail: `the payload of ${subject}`, rank: 0 }];
    }

    /** Names usable in an expression: locals, `self`, fns, consts, loci and types (as literals), `std`. */
    private values(): Item[] {
        const out: Item[] = [];
        const model = this.model;
        for (const name of this.locals()) out.push({ label: name, kind: CompletionItemKind.Variable, rank: 1 });
        if (this.ctx.locus) out.push({ label: 'self', kind: CompletionItemKind.Keyword, rank: 2, detail: `locus ${this.ctx.locus.name}` });
        if (model) {
            for (const [name, f] of model.fns) {
                if (name !== f.qualifiedName) continue;
                out.push({ label: name, kind: CompletionItemKind.Function, detail: `fn(${f.decl.params.map(p => `${p.name}: ${p.type?.text ?? '?'}`).join(', ')})${f.decl.returnType ? ' -> ' + f.decl.returnType.text : ''}`, insert: `${name}($1)`, snippet: true, rank: 3 });
            }
            for (const [name, o] of model.others) if (o.decl.kind === 'const' && name === o.qualifiedName) out.push({ label: name, kind: CompletionItemKind.Constant, rank: 3 });
            for (const [name, t] of model.types) {
                if (name !== t.qualifiedName) continue;
                if (t.decl.variants.length) out.push({ label: name, kind: CompletionItemKind.Enum, insert: `${name}::`, retrigger: true, rank: 5 });
                else if (t.decl.fields.length) out.push({ label: name, kind: CompletionItemKind.Struct, insert: `${name} { $0 }`, snippet: true, rank: 5 });
            }
            for (const l of model.locusList) if (!l.decl.isMain) out.push({ label: l.decl.name, kind: CompletionItemKind.Class, insert: `${l.decl.name} { $0 }`, snippet: true, detail: 'locus', rank: 6 });
        }
        out.push({ label: 'std', kind: CompletionItemKind.Module, insert: 'std::', retrigger: true, rank: 6, detail: 'standard library' });
        for (const k of ['true', 'false', 'nil', 'if', 'match']) out.push(kw(k, 7));
        return out;
    }

    /** Locals of the enclosing fn declared in the snapshot (the cursor's own line may be newer). */
    private locals(): string[] {
        const model = this.model, index = this.index;
        if (!model || !index || !this.ctx.fn) return [];
        const l = this.locus;
        const fn = l ? (l.methods.get(this.ctx.fn) ?? l.hooks.get(this.ctx.fn)) : model.fns.get(this.ctx.fn)?.decl;
        const file = index.files.get(this.uri);
        if (!fn || !file) return [];
        const names = new Set<string>();
        for (const o of file.raw.occurrences) {
            if (o.k !== 'local' || !o.isDecl) continue;
            if (o.range.start.line < fn.range.start.line || o.range.start.line > fn.range.end.line) continue;
            names.add(o.name);
        }
        return [...names];
    }

    private types(): Item[] {
        const out: Item[] = [...PRIMITIVE_TYPES].map(t => ({ label: t, kind: CompletionItemKind.TypeParameter, detail: 'built-in', rank: 3 }));
        const model = this.model;
        if (model) {
            for (const [name, t] of model.types) if (name === t.qualifiedName) out.push({ label: name, kind: t.decl.variants.length ? CompletionItemKind.Enum : CompletionItemKind.Struct, rank: 1 });
            for (const l of model.locusList) if (!l.decl.isMain) out.push({ label: l.qualifiedName, kind: CompletionItemKind.Class, detail: 'locus', rank: 2 });
        }
        out.push({ label: 'std', kind: CompletionItemKind.Module, insert: 'std::', retrigger: true, rank: 6 });
        return out;
    }

    // ------------------------------------------------------------ `self.` and paths

    private memberAccess(): Item[] {
        const st = this.st;
        const chain: string[] = [];
        let i = st.length - 2;
        while (i >= 0 && WORD.test(st[i])) {
            chain.unshift(st[i]);
            if (st[i - 1] === '.') i -= 2; else break;
        }
        if (chain[0] !== 'self' || !this.model) return [];
        let l = this.locus;
        let typeName: string | undefined;
        for (const seg of chain.slice(1)) {
            if (l) {
                const p = l.decl.params.find(x => x.name === seg);
                const next = p ? paramLocusType(this.model, p) : undefined;
                typeName = !next && p?.type?.name ? p.type.name : undefined;
                l = next;
            } else if (typeName) {
                const f = this.model.types.get(typeName)?.decl.fields.find(x => x.name === seg);
                typeName = f?.type?.name;
                l = typeName ? this.model.loci.get(typeName) : undefined;
                if (l) typeName = undefined;
            } else return [];
        }
        if (l) {
            return [
                ...l.decl.params.map(p => ({ label: p.name, kind: CompletionItemKind.Field, detail: p.type?.text ?? p.defaultLiteral, rank: 1 })),
                ...l.decl.methods.map(m => ({ label: m.name, kind: CompletionItemKind.Method, detail: `(${m.params.map(p => `${p.name}: ${p.type?.text ?? '?'}`).join(', ')})${m.returnType ? ' -> ' + m.returnType.text : ''}`, insert: `${m.name}($1)`, snippet: true, rank: 2 })),
            ];
        }
        const t = typeName ? this.model.types.get(typeName) : undefined;
        return t ? t.decl.fields.map(f => ({ label: f.name, kind: CompletionItemKind.Field, detail: f.type?.text, rank: 1 })) : [];
    }

    private path(): Item[] {
        const st = this.st;
        const parts: string[] = [];
        let i = st.length - 2;
        while (i >= 0 && WORD.test(st[i])) {
            parts.unshift(st[i]);
            if (st[i - 1] === '::') i -= 2; else break;
        }
        const prefix = parts.join('::');
        if (parts[0] === 'std') {
            return stdChildren(prefix).map(c => ({
                label: c.name,
                kind: c.isModule ? CompletionItemKind.Module : c.entry?.kind === 'fn' ? CompletionItemKind.Function : c.entry?.kind === 'locus' ? CompletionItemKind.Class : c.entry?.kind === 'interface' ? CompletionItemKind.Interface : CompletionItemKind.Struct,
                detail: c.entry?.signature ?? (c.isModule ? 'module' : undefined),
                documentation: c.entry?.doc,
                insert: c.isModule ? `${c.name}::` : c.entry?.kind === 'fn' ? `${c.name}($1)` : c.name,
                snippet: !c.isModule && c.entry?.kind === 'fn',
                retrigger: c.isModule,
                rank: c.isModule ? 2 : 1,
            }));
        }
        const t = this.model?.types.get(prefix);
        if (t?.decl.variants.length) return t.decl.variants.map(v => ({ label: v.name, kind: CompletionItemKind.EnumMember, detail: `${t.decl.name}::${v.name}` }));
        return [];
    }
}

function kw(label: string, rank = 5): Item {
    return { label, kind: CompletionItemKind.Keyword, rank };
}

function snake(name: string): string {
    return name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').replace(/[^A-Za-z0-9_]+/g, '_').replace(/^_+|_+$/g, '').toLowerCase() || 'message';
}

export { STD_CATALOG };
