/**
 * Name occurrences of one parsed file, for the editor features (hover, navigation, rename, semantic
 * tokens): every place a name is written, with its exact range and what the syntax says about it (a
 * type position, a value, `self.a.b`, a field of a struct literal, a local binding ...), plus the source
 * texts a hover shows (signatures, defaults, doc comments) and the few declaration details facts.ts does
 * not keep (topic bounds, a subscription's shed policy).
 *
 * Extracted once per parse (cached by the syntax tree, like the model's facts) and resolved against the
 * program model once per snapshot by symbol-index.ts. Plain data: no AST nodes are kept.
 */
import { GrammarUtils, type AstNode, type CstNode, type LangiumDocument } from 'langium';
import type { Range } from 'vscode-languageserver-types';
import * as ast from '../generated/ast.js';



/** A name as written somewhere in the file, before resolution. */
export type RawOccurrence =
    /** A type position: `x: Order`, `of type T`, `payload: T`, `Order { }`, `perspective(P)`, an adapter locus. */
    | { readonly k: 'type'; readonly path: string; readonly range: Range; readonly literal?: boolean }
    /** A path in an expression that no local binding shadows: `pump`, `std::time::sleep`, `Light::Red`, `MAX`. */
    | { readonly k: 'value'; readonly path: string; readonly range: Range; readonly call: boolean }
    /** A local binding (`let`, a fn parameter, a `for` variable, a match binding) or a use of one. */
    | { readonly k: 'local'; readonly name: string; readonly range: Range; readonly decl: Range; readonly isDecl: boolean; readonly param: boolean }
    /** `self.a.b.m`: one occurrence per member, `chain` is the path from `self` to it (`['a', 'b']` for `b`). */
    | { readonly k: 'self'; readonly locus: string; readonly chain: readonly string[]; readonly range: Range; readonly call: boolean }
    /** A field name in a struct or locus literal: `Order { qty: 1 }`. */
    | { readonly k: 'fieldInit'; readonly type: string; readonly field: string; readonly range: Range }
    /** A constructor pattern: `Light::Red`, `Some(x)`, `Red`. */
    | { readonly k: 'pattern'; readonly path: string; readonly range: Range }
    | { readonly k: 'decorator'; readonly name: string; readonly range: Range }
    /** The subject of a bus member outside a locus (a perspective's bus contract): loci's are facts. */
    | { readonly k: 'busSubject'; readonly literal?: string; readonly topic?: string; readonly range: Range }
    /** A topic named in a claim (`count publishers(topic Orders) == 1`). */
    | { readonly k: 'topicRef'; readonly path: string; readonly range: Range }
    /** Declarations facts.ts keeps without a name range: a struct field and an enum variant. */
    | { readonly k: 'typeField'; readonly type: string; readonly field: string; readonly range: Range }
    | { readonly k: 'variant'; readonly type: string; readonly variant: string; readonly range: Range };

/** What a hover shows about a fn, method or hook: its header as written. */
export interface SignatureText {
    /** `fn pump(n: Int) -> Int fallible(IoError)`, `run()`; whitespace collapsed. */
    readonly text: string;
    readonly fallible?: string;
    /** `@hot`, `@effects(none: { syscall })` as written. */
    readonly decorators: readonly string[];
}

export interface FileOccurrences {
    readonly uri: string;
    /** In source order. */
    readonly occurrences: readonly RawOccurrence[];
    /** `///` doc comments, by the 0-based line of the declaration they document (its decorators included). */
    readonly docs: ReadonlyMap<number, string>;
    /** By the position (`line:character`) of the fn/method/hook name. */
    readonly signatures: ReadonlyMap<string, SignatureText>;
    /** A params field's default as written, by the position of the field name. */
    readonly defaults: ReadonlyMap<string, string>;
    /** A type declaration's source (at most 40 lines), by the position of its name. */
    readonly typeTexts: ReadonlyMap<string, string>;
    /** `bounded(N)` / `on_full:` of a topic, by the position of its name. */
    readonly topicBounds: ReadonlyMap<string, { readonly bounded?: string; readonly onFull?: string }>;
    /** `bounded(N, policy)` of a subscription, by the position of its `subscribe` member's start. */
    readonly subscribeBounds: ReadonlyMap<string, { readonly bound: string; readonly shedPolicy?: string }>;
}

export function posKey(p: { line: number; character: number }): string {
    return `${p.line}:${p.character}`;
}

const EMPTY: Range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

/**
 * A copy of a node's range: occurrences are plain data, and a CST's range objects may be updated in place
 * when a later parse reuses the node (the chunked parser relocates unchanged declarations).
 */
function copy(r: Range): Range {
    return { start: { line: r.start.line, character: r.start.character }, end: { line: r.end.line, character: r.end.character } };
}

function rangeOf(node: AstNode | undefined): Range {
    const r = node?.$cstNode?.range;
    return r ? copy(r) : EMPTY;
}
function propNode(node: AstNode | undefined, property: string, index?: number): CstNode | undefined {
    return GrammarUtils.findNodeForProperty(node?.$cstNode, property, index);
}
function propRange(node: AstNode | undefined, property: string, index?: number): Range {
    const r = propNode(node, property, index)?.range;
    return r ? copy(r) : rangeOf(node);
}

/**
 * The range of a name written first (or last) in a node: `Order` of `Order { id: 1 }`, `bump` of
 * `self.reg.bump`. Computed from the node's range and the name's length — cheaper than searching the CST,
 * and it works where Langium's infix rules leave CST nodes without their assignment (in expressions).
 * Names are single tokens or `::` paths written without spaces.
 */
function nameRange(node: AstNode, name: string, atEnd = false): Range {
    const r = node.$cstNode?.range;
    if (!r) return EMPTY;
    if (atEnd) return r.end.character >= name.length ? { start: { line: r.end.line, character: r.end.character - name.length }, end: { line: r.end.line, character: r.end.character } } : copy(r);
    return { start: { line: r.start.line, character: r.start.character }, end: { line: r.start.line, character: r.start.character + name.length } };
}

function keywordCopy(node: AstNode, keyword: string): Range | undefined {
    const r = GrammarUtils.findNodeForKeyword(node.$cstNode, keyword)?.range;
    return r ? copy(r) : undefined;
}

function isNode(value: unknown): value is AstNode {
    return typeof value === 'object' && value !== null && typeof (value as AstNode).$type === 'string';
}

/**
 * `///` doc comment blocks, keyed by the line after the block (the documented declaration's first line).
 * Found by searching for `///` rather than splitting the file into lines: most files have few.
 */
function docComments(text: string): Map<number, string> {
    const docs = new Map<number, string>();
    let line = 0, lineAt = 0; // a line counter kept in step with the search
    const lineOf = (offset: number) => {
        for (let i = text.indexOf('\n', lineAt); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) { line++; lineAt = i + 1; }
        return line;
    };
    let block: string[] = [];
    let blockEnd = -1;
    let blockEol = -1;
    for (let at = text.indexOf('///'); at >= 0; at = text.indexOf('///', at + 3)) {
        const lineStart = text.lastIndexOf('\n', at - 1) + 1;
        if (text.slice(lineStart, at).trim() || text.startsWith('////', at)) continue; // not at the start of its line
        const l = lineOf(at);
        if (block.length && l !== blockEnd + 1) { flush(); }
        const eol = text.indexOf('\n', at);
        block.push(text.slice(at + 3, eol < 0 ? text.length : eol).replace(/\r$/, '').replace(/^ /, ''));
        blockEnd = l;
        blockEol = eol;
    }
    flush();
    return docs;

    function flush(): void {
        if (!block.length) return;
        // The documented declaration: the next line that is not blank.
        let next = blockEnd + 1;
        let i = blockEol < 0 ? -1 : blockEol + 1;
        while (i >= 0 && i < text.length) {
            const eol = text.indexOf('\n', i);
            if (text.slice(i, eol < 0 ? text.length : eol).trim()) { docs.set(next, block.join('\n')); break; }
            if (eol < 0) break;
            i = eol + 1;
            next++;
        }
        block = [];
    }
}

function collapse(text: string): string {
    return text.replace(/\/\/[^\n]*\n/g, ' ').replace(/\s+/g, ' ').replace(/\( /g, '(').replace(/ \)/g, ')').trim();
}

class Extractor {
    readonly occurrences: RawOccurrence[] = [];
    readonly signatures = new Map<string, SignatureText>();
    readonly defaults = new Map<string, string>();
    readonly typeTexts = new Map<string, string>();
    readonly topicBounds = new Map<string, { bounded?: string; onFull?: string }>();
    readonly subscribeBounds = new Map<string, { bound: string; shedPolicy?: string }>();
    private scopes: Array<Map<string, { range: Range; param: boolean }>> = [];
    /** The locus whose `self` the walk is in. */
    private locus: string | undefined;

    constructor(private readonly text: string) {}

    private emit(o: RawOccurrence): void {
        this.occurrences.push(o);
    }

    private declareLocal(name: string | undefined, range: Range, param = false): void {
        if (!name || name === '_' || !this.scopes.length) return;
        this.scopes[this.scopes.length - 1].set(name, { range, param });
        this.emit({ k: 'local', name, range, decl: range, isDecl: true, param });
    }

    private lookupLocal(name: string): { range: Range; param: boolean } | undefined {
        for (let i = this.scopes.length - 1; i >= 0; i--) {
            const found = this.scopes[i].get(name);
            if (found) return found;
        }
        return undefined;
    }

    private scoped(fn: () => void): void {
        this.scopes.push(new Map());
        try { fn(); } finally { this.scopes.pop(); }
    }

    private source(from: number, to: number): string {
        return this.text.slice(from, Math.max(from, to));
    }

    // ------------------------------------------------------------ declarations

    /** Walks the declarations, yielding after each one (so a caller can spread the work over time). */
    *topLevel(list: readonly ast.TopDecl[], modules: readonly string[]): Generator<void, void> {
        for (const d of list) {
            yield;
            if (ast.isModuleDecl(d)) yield* this.topLevel(d.declarations, [...modules, d.name]);
            else if (ast.isLocusDecl(d)) this.locusDecl(d, modules);
            else if (ast.isFunctionDecl(d)) this.fnDecl(d);
            else if (ast.isTypeDecl(d)) this.typeDecl(d, modules);
            else if (ast.isTopicDecl(d)) this.topicDecl(d);
            else this.walk(d);
        }
    }

    private locusDecl(l: ast.LocusDecl, modules: readonly string[]): void {
        const saved = this.locus;
        this.locus = [...modules, l.name].join('::');
        try {
            for (const dec of l.decorators) this.walk(dec);
            for (const h of l.header) if (ast.isServesClause(h)) this.emit({ k: 'type', path: h.perspective, range: propRange(h, 'perspective') });
            for (const m of l.members) {
                if (ast.isParamsBlock(m)) {
                    for (const p of m.fields) {
                        this.walk(p.type);
                        if (p.default) {
                            const cst = p.default.$cstNode;
                            if (cst) this.defaults.set(posKey(propRange(p, 'name').start), collapse(cst.text));
                            this.scoped(() => this.walk(p.default));
                        }
                    }
                } else if (ast.isBusBlock(m)) {
                    for (const b of m.members) {
                        this.walk(b.payloadType);
                        if (ast.isBusSubscribe(b)) {
                            if (b.bound !== undefined) this.subscribeBounds.set(posKey(rangeOf(b).start), { bound: b.bound, shedPolicy: b.shedPolicy });
                            if (b.keyFilter) this.scoped(() => this.walk(b.keyFilter));
                        }
                    }
                } else if (ast.isFunctionDecl(m)) this.fnDecl(m);
                else if (ast.isLifecycleHook(m) || ast.isModeDecl(m) || ast.isFailureHandler(m)) this.hook(m);
                else if (ast.isTypeDecl(m)) this.typeDecl(m, []);
                else if (ast.isPlacementBlock(m)) { /* placement entries are facts (fields, pools) */ }
                else if (ast.isBindingsBlock(m)) {
                    for (const e of m.entries) {
                        const t = e.transport;
                        if (ast.isAdapterTransport(t)) this.literalLike(t, t.locus, t.fields);
                        if (e.codec) this.literalLike(e.codec, e.codec.locus, e.codec.fields);
                    }
                } else this.scoped(() => this.walk(m));
            }
        } finally {
            this.locus = saved;
        }
    }

    /** An adapter or codec `Locus { field: value }` in a bindings entry: a literal of a locus type. */
    private literalLike(node: AstNode, type: string, fields: readonly ast.FieldInit[]): void {
        this.emit({ k: 'type', path: type, range: propRange(node, 'locus'), literal: true });
        for (const f of fields) {
            this.emit({ k: 'fieldInit', type, field: f.name, range: nameRange(f, f.name) });
            this.scoped(() => this.walk(f.value));
        }
    }

    private signature(node: ast.FunctionDecl | ast.LifecycleHook | ast.ModeDecl | ast.FailureHandler, nameRange: Range): void {
        const cst = node.$cstNode;
        if (!cst) return;
        const decorators = 'decorators' in node ? node.decorators.map(d => collapse(d.$cstNode?.text ?? `@${d.name}`)) : [];
        const startNode = ast.isFunctionDecl(node) ? GrammarUtils.findNodeForKeyword(cst, 'fn')
            : ast.isLifecycleHook(node) ? propNode(node, 'kind') : ast.isModeDecl(node) ? GrammarUtils.findNodeForKeyword(cst, 'mode')
            : GrammarUtils.findNodeForKeyword(cst, 'on_failure');
        const start = startNode?.offset ?? cst.offset;
        const end = node.body?.$cstNode?.offset ?? cst.end;
        let text = collapse(this.source(start, end));
        if (text.endsWith(';')) text = text.slice(0, -1).trimEnd();
        const fallible = ast.isFunctionDecl(node) && node.fallible ? collapse(node.fallible.$cstNode?.text ?? '') : undefined;
        this.signatures.set(posKey(nameRange.start), { text, fallible, decorators });
    }

    private params(params: readonly ast.Parameter[]): void {
        for (const p of params) {
            for (const d of p.decorators) this.walk(d);
            this.walk(p.type);
            if (p.default) this.walk(p.default);
            this.declareLocal(p.name, p.decorators.length ? propRange(p, 'name') : nameRange(p, p.name), true);
        }
    }

    private fnDecl(f: ast.FunctionDecl): void {
        this.signature(f, propRange(f, 'name'));
        for (const d of f.decorators) this.walk(d);
        this.scoped(() => {
            for (const g of f.generics) this.walk(g.bound);
            this.params(f.params);
            this.walk(f.returnType);
            this.walk(f.fallible);
            this.walk(f.body);
        });
    }

    private hook(h: ast.LifecycleHook | ast.ModeDecl | ast.FailureHandler): void {
        const nameRange = ast.isLifecycleHook(h) ? propRange(h, 'kind') : ast.isModeDecl(h) ? propRange(h, 'name')
            : (keywordCopy(h, 'on_failure') ?? rangeOf(h));
        this.signature(h, nameRange);
        if (ast.isLifecycleHook(h)) for (const d of h.decorators) this.walk(d);
        this.scoped(() => {
            this.params(h.params);
            if ('returnType' in h) this.walk(h.returnType);
            this.walk(h.body);
        });
    }

    private typeDecl(t: ast.TypeDecl, modules: readonly string[]): void {
        const name = [...modules, t.name].join('::');
        const cst = t.$cstNode;
        if (cst) {
            const lines = cst.text.split(/\r\n|\r|\n/);
            this.typeTexts.set(posKey(propRange(t, 'name').start), lines.length > 40 ? [...lines.slice(0, 39), '    …', lines[lines.length - 1]].join('\n') : cst.text);
        }
        for (const f of t.fields) {
            this.emit({ k: 'typeField', type: name, field: f.name, range: nameRange(f, f.name) });
            this.walk(f.type);
            if (f.default) this.scoped(() => this.walk(f.default));
        }
        for (const v of t.variants) {
            this.emit({ k: 'variant', type: name, variant: v.name, range: nameRange(v, v.name) });
            for (const p of v.payload) this.walk(p);
        }
        for (const g of t.generics) this.walk(g.bound);
        this.walk(t.alias);
    }

    private topicDecl(t: ast.TopicDecl): void {
        let bounded: string | undefined, onFull: string | undefined;
        for (const f of t.fields) {
            if (ast.isTopicPayload(f)) this.walk(f.type);
            else if (ast.isTopicBounded(f)) bounded = f.bound;
            else if (ast.isTopicOnFull(f)) onFull = f.policy;
        }
        if (bounded !== undefined || onFull !== undefined) this.topicBounds.set(posKey(propRange(t, 'name').start), { bounded, onFull });
    }

    // ------------------------------------------------------------ bodies and everything else

    walk(node: AstNode | undefined): void {
        if (!node) return;
        switch (node.$type) {
            case ast.NamedType.$type: {
                const n = node as ast.NamedType;
                this.emit({ k: 'type', path: n.name, range: nameRange(n, n.name) });
                for (const a of n.args) this.walk(a);
                return;
            }
            case ast.PerspectiveType.$type:
                this.emit({ k: 'type', path: (node as ast.PerspectiveType).perspective, range: propRange(node, 'perspective') });
                return;
            case ast.StructLiteral.$type: {
                const l = node as ast.StructLiteral;
                this.emit({ k: 'type', path: l.type, range: nameRange(l, l.type), literal: true });
                for (const a of l.typeArgs) this.walk(a);
                for (const f of l.fields) {
                    this.emit({ k: 'fieldInit', type: l.type, field: f.name, range: nameRange(f, f.name) });
                    this.walk(f.value);
                }
                return;
            }
            case ast.NameExpression.$type: {
                const n = node as ast.NameExpression;
                const range = n.typeArgs.length ? nameRange(n, n.name) : rangeOf(n);
                const local = n.name.includes('::') ? undefined : this.lookupLocal(n.name);
                if (local) this.emit({ k: 'local', name: n.name, range, decl: local.range, isDecl: false, param: local.param });
                else {
                    const c = n.$container;
                    this.emit({ k: 'value', path: n.name, range, call: ast.isCallExpression(c) && c.callee === n });
                }
                for (const a of n.typeArgs) this.walk(a);
                return;
            }
            case ast.MemberAccess.$type: {
                const m = node as ast.MemberAccess;
                const chain: string[] = [m.member];
                let r: ast.Expression = m.receiver;
                while (ast.isMemberAccess(r)) { chain.unshift(r.member); r = r.receiver; }
                if (ast.isSelfExpression(r) && this.locus !== undefined) {
                    const c = m.$container;
                    this.emit({ k: 'self', locus: this.locus, chain, range: nameRange(m, m.member, true), call: ast.isCallExpression(c) && c.callee === m });
                }
                this.walk(m.receiver);
                return;
            }
            case ast.Block.$type:
                this.scoped(() => { for (const s of (node as ast.Block).statements) this.walk(s); });
                return;
            case ast.LetStatement.$type: {
                const l = node as ast.LetStatement;
                this.walk(l.type);
                this.walk(l.value);
                if (l.name) this.declareLocal(l.name, propRange(l, 'name'));
                l.names.forEach((n, i) => this.declareLocal(n, propRange(l, 'names', i)));
                return;
            }
            case ast.ForStatement.$type: {
                const f = node as ast.ForStatement;
                this.walk(f.iterable);
                this.scoped(() => {
                    this.declareLocal(f.variable, propRange(f, 'variable'));
                    this.walk(f.body);
                });
                return;
            }
            case ast.MatchArm.$type: {
                const a = node as ast.MatchArm;
                this.scoped(() => {
                    this.walk(a.pattern);
                    this.walk(a.guard);
                    this.walk(a.body);
                });
                return;
            }
            case ast.ConstructorPattern.$type: {
                const p = node as ast.ConstructorPattern;
                const first = p.name.charCodeAt(0);
                const lower = (first >= 97 && first <= 122) || first === 95;
                if (!p.name.includes('::') && lower && p.args.length === 0) this.declareLocal(p.name, nameRange(p, p.name));
                else {
                    this.emit({ k: 'pattern', path: p.name, range: nameRange(p, p.name) });
                    for (const a of p.args) this.walk(a);
                }
                return;
            }
            case ast.ExpressionStatement.$type: {
                const s = node as ast.ExpressionStatement;
                this.walk(s.expression);
                this.walk(s.sendValue);
                if (s.ringWrite) this.scoped(() => {
                    this.declareLocal(s.writer, propRange(s, 'writer'));
                    for (const st of s.ringStatements) this.walk(st);
                });
                return;
            }
            case ast.Decorator.$type: {
                const d = node as ast.Decorator;
                this.emit({ k: 'decorator', name: d.name, range: propRange(d, 'name') });
                for (const a of d.args) if (!ast.isDecoratorSet(a.value)) this.walk(a.value);
                return;
            }
            case ast.BusSubject.$type: {
                const b = node as ast.BusSubject;
                this.emit({ k: 'busSubject', literal: b.literal, topic: b.topic, range: rangeOf(b) });
                return;
            }
            case ast.EdgeGrant.$type:
                this.emit({ k: 'topicRef', path: (node as ast.EdgeGrant).topic, range: propRange(node, 'topic') });
                return;
            case ast.RequireClaim.$type:
                if ((node as ast.RequireClaim).topic) this.emit({ k: 'topicRef', path: (node as ast.RequireClaim).topic!, range: propRange(node, 'topic') });
                return;
            case ast.CountClaim.$type:
                this.emit({ k: 'topicRef', path: (node as ast.CountClaim).topic, range: propRange(node, 'topic') });
                return;
            case ast.FunctionDecl.$type:
                this.fnDecl(node as ast.FunctionDecl);
                return;
            case ast.TypeDecl.$type:
                this.typeDecl(node as ast.TypeDecl, []);
                return;
            default:
                // Every child node (what AstUtils.streamContents yields, without a generator per node).
                for (const key in node) {
                    if (key.charCodeAt(0) === 36 /* $ */) continue;
                    const value = (node as unknown as Record<string, unknown>)[key];
                    if (Array.isArray(value)) { for (const item of value) if (isNode(item)) this.walk(item); }
                    else if (isNode(value)) this.walk(value);
                }
        }
    }
}

/** Extracts the name occurrences of one document (call once per parse; the result is plain data). */
export function extractOccurrences(document: LangiumDocument): FileOccurrences {
    return runToEnd(extractOccurrencesSteps(document));
}

/**
 * The same extraction in steps: the generator yields between top-level declarations, so that a caller
 * can interleave it with other work (the language server answers requests between slices).
 */
export function* extractOccurrencesSteps(document: LangiumDocument): Generator<void, FileOccurrences> {
    const root = document.parseResult.value as ast.Program | undefined;
    // The text the tree was parsed from (the editor's text may already be newer).
    const text = root?.$cstNode?.root.fullText ?? document.textDocument.getText();
    const x = new Extractor(text);
    if (root && ast.isProgram(root)) yield* x.topLevel(root.declarations, []);
    return {
        uri: document.uri.toString(), occurrences: x.occurrences, docs: docComments(text), signatures: x.signatures,
        defaults: x.defaults, typeTexts: x.typeTexts, topicBounds: x.topicBounds, subscribeBounds: x.subscribeBounds,
    };
}

/** Runs a stepwise computation to its end at once. */
export function runToEnd<T>(steps: Generator<void, T>): T {
    for (;;) {
        const r = steps.next();
        if (r.done) return r.value;
    }
}
