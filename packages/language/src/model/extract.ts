/**
 * One pass over a parsed file's syntax tree, collecting the facts the program model needs (facts.ts).
 * The walk is total: node types it does not know are descended through their children, so additive
 * grammar changes cannot make it miss a call or a send nested in a new construct.
 */
import { GrammarUtils, type AstNode, type LangiumDocument } from 'langium';
import type { Range } from 'vscode-languageserver-types';
import * as ast from '../generated/ast.js';
import type * as F from './facts.js';

const EMPTY: Range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

/**
 * A copy of a range: the chunked parser moves reused declarations by shifting their CST positions in
 * place, and a snapshot's facts must keep the positions of the text they were built from.
 */
function copyRange(range: Range): Range {
    return { start: { line: range.start.line, character: range.start.character }, end: { line: range.end.line, character: range.end.character } };
}

function rangeOf(node: AstNode | undefined): Range {
    const range = node?.$cstNode?.range;
    return range ? copyRange(range) : EMPTY;
}
/** The range of a node's first non-hidden CST child: the leading name of a literal (`Gateway` of `Gateway { }`). */
function firstChildRange(node: AstNode): Range {
    const cst = node.$cstNode;
    if (cst && 'content' in cst) {
        for (const child of (cst as { content: Array<{ hidden: boolean; range: Range }> }).content) if (!child.hidden) return copyRange(child.range);
    }
    return rangeOf(node);
}
function propRange(node: AstNode | undefined, property: string, index?: number): Range {
    const range = GrammarUtils.findNodeForProperty(node?.$cstNode, property, index)?.range;
    return range ? copyRange(range) : rangeOf(node);
}
function keywordRange(node: AstNode | undefined, keyword: string): Range {
    const range = GrammarUtils.findNodeForKeyword(node?.$cstNode, keyword)?.range;
    return range ? copyRange(range) : rangeOf(node);
}

/** Hale integer literal text (`0xFF`, `1_000`, `42i32`) to a number. */
export function intValue(text: string | undefined): number {
    if (!text) return NaN;
    const t = text.replace(/_/g, '').replace(/[iu](8|16|32|64)$/, '');
    if (/^0x/i.test(t)) return parseInt(t.slice(2), 16);
    if (/^0o/i.test(t)) return parseInt(t.slice(2), 8);
    if (/^0b/i.test(t)) return parseInt(t.slice(2), 2);
    return parseInt(t, 10);
}

export function typeRef(node: ast.TypeExpr | undefined): F.TypeRef | undefined {
    if (!node) return undefined;
    const text = node.$cstNode?.text ?? '';
    if (ast.isNamedType(node)) return { text, name: node.name, args: node.args.map(a => typeRef(a)!).filter(Boolean), range: rangeOf(node) };
    return { text, args: [], range: rangeOf(node) };
}

function decorators(list: readonly ast.Decorator[] | undefined): F.DecoratorFact[] {
    return (list ?? []).map(d => ({ name: d.name, keys: d.args.map(a => a.key ?? '').filter(k => k) }));
}

/** Collects body facts; one instance per body (fn, hook, param default). */
class BodyWalker {
    private readonly calls: F.CallFact[] = [];
    private readonly sends: F.SendFact[] = [];
    private readonly loops: F.LoopFact[] = [];
    private readonly flows: F.FlowFact[] = [];
    private readonly literals: F.LiteralFact[] = [];
    private readonly names: F.NameUseFact[] = [];
    private readonly selfUses: Range[] = [];
    private loopStack: number[] = [];
    private guards = 0;

    constructor(private readonly nextLoopId: () => number) {}

    result(): F.BodyFacts {
        return { calls: this.calls, sends: this.sends, loops: this.loops, flows: this.flows, literals: this.literals, names: this.names, selfUses: this.selfUses };
    }

    private ctx(): F.Context {
        return { loops: this.loopStack, guards: this.guards };
    }

    private guarded(node: AstNode | undefined): void {
        if (!node) return;
        this.guards++;
        this.walk(node);
        this.guards--;
    }

    /** Descends into every child node (what `AstUtils.streamContents` yields, without a generator per node). */
    private children(node: AstNode): void {
        for (const key in node) {
            if (key.charCodeAt(0) === 36 /* $ */) continue;
            const value = (node as unknown as Record<string, unknown>)[key];
            if (Array.isArray(value)) {
                for (const item of value) if (isNode(item)) this.walk(item);
            } else if (isNode(value)) this.walk(value);
        }
    }

    walk(node: AstNode | undefined): void {
        if (!node) return;
        switch (node.$type) {
            case ast.WhileStatement.$type: {
                const w = node as ast.WhileStatement;
                const forever = ast.isBoolLiteral(w.condition) && w.condition.value;
                this.walk(w.condition);
                const id = this.nextLoopId();
                this.loops.push({ ...this.ctx(), id, kind: 'while', forever, keywordRange: keywordRange(w, 'while'), range: rangeOf(w) });
                const saved = this.loopStack;
                this.loopStack = [...saved, id];
                if (forever) this.walk(w.body); else this.guarded(w.body);
                this.loopStack = saved;
                return;
            }
            case ast.ForStatement.$type: {
                const f = node as ast.ForStatement;
                this.walk(f.iterable);
                const id = this.nextLoopId();
                this.loops.push({ ...this.ctx(), id, kind: 'for', forever: false, keywordRange: keywordRange(f, 'for'), range: rangeOf(f) });
                const saved = this.loopStack;
                this.loopStack = [...saved, id];
                this.guarded(f.body);
                this.loopStack = saved;
                return;
            }
            case ast.IfExpression.$type: {
                const i = node as ast.IfExpression;
                this.walk(i.condition);
                this.guarded(i.then);
                this.guarded(i.elseIf);
                this.guarded(i.else);
                return;
            }
            case ast.MatchExpression.$type: {
                const m = node as ast.MatchExpression;
                this.walk(m.subject);
                for (const arm of m.arms) { this.walk(arm.guard); this.guarded(arm.body); }
                return;
            }
            case ast.OrDisposition.$type: {
                const o = node as ast.OrDisposition;
                this.walk(o.value);
                this.guarded(o.failure);
                this.guarded(o.fallback);
                return;
            }
            case ast.LogicalExpression.$type: {
                // The right operand of `&&`/`||` runs only sometimes.
                const l = node as ast.LogicalExpression;
                this.walk(l.left);
                this.guarded(l.right);
                return;
            }
            case ast.ExpressionStatement.$type: {
                const s = node as ast.ExpressionStatement;
                if (s.sendValue !== undefined) this.sends.push({ ...this.ctx(), subject: sendSubject(s.expression), range: rangeOf(s) });
                this.children(node);
                return;
            }
            case ast.CallExpression.$type: {
                const c = node as ast.CallExpression;
                this.calls.push({ ...this.ctx(), callee: callee(c.callee), range: rangeOf(c) });
                this.children(node);
                return;
            }
            case ast.StructLiteral.$type: {
                const l = node as ast.StructLiteral;
                this.literals.push({ ...this.ctx(), type: l.type, typeRange: firstChildRange(l), range: rangeOf(l) });
                this.children(node);
                return;
            }
            case ast.NameExpression.$type: {
                const n = node as ast.NameExpression;
                this.names.push({ path: n.name, range: rangeOf(n) });
                return;
            }
            case ast.SelfExpression.$type:
                this.selfUses.push(rangeOf(node));
                return;
            case ast.BreakStatement.$type: this.flow('break', node); return;
            case ast.ContinueStatement.$type: this.flow('continue', node); return;
            case ast.YieldStatement.$type: this.flow('yield', node); return;
            case ast.TerminateStatement.$type: this.flow('terminate', node); return;
            case ast.ReturnStatement.$type: this.flow('return', node); this.children(node); return;
            case ast.FailStatement.$type: this.flow('fail', node); this.children(node); return;
            case ast.ViolateStatement.$type: this.flow('violate', node); this.children(node); return;
            default:
                this.children(node);
        }
    }

    private flow(kind: F.FlowFact['kind'], node: AstNode): void {
        this.flows.push({ ...this.ctx(), kind, range: rangeOf(node) });
    }
}

function isNode(value: unknown): value is AstNode {
    return typeof value === 'object' && value !== null && typeof (value as AstNode).$type === 'string';
}

function sendSubject(e: ast.Expression): F.SubjectRef {
    if (ast.isStringLiteral(e)) return { kind: 'literal', value: e.value, range: rangeOf(e) };
    if (ast.isNameExpression(e) && e.typeArgs.length === 0) return { kind: 'topic', path: e.name, range: rangeOf(e) };
    return { kind: 'computed', range: rangeOf(e) };
}

function callee(e: ast.Expression): F.Callee {
    if (ast.isNameExpression(e)) return { kind: 'path', path: e.typeMember ? `${e.name}::${e.typeMember}` : e.name };
    if (ast.isMemberAccess(e)) {
        const fields: string[] = [];
        let r: ast.Expression = e.receiver;
        while (ast.isMemberAccess(r)) { fields.unshift(r.member); r = r.receiver; }
        if (ast.isSelfExpression(r)) return fields.length === 0 ? { kind: 'self', method: e.member } : { kind: 'selfField', fields, method: e.member };
        const receiver = ast.isNameExpression(r) ? [r.name, ...fields].join('.') : '';
        return { kind: 'method', receiver, method: e.member };
    }
    return { kind: 'other' };
}

function affinityOf(attr: ast.PlacementAttr, toByte: (offset: number) => number): F.Affinity | undefined {
    const v = attr.value;
    switch (attr.name) {
        case 'core': return ast.isPlacementNumber(v) ? { kind: 'core', core: intValue(v.value) } : undefined;
        case 'node': return ast.isPlacementNumber(v) ? { kind: 'node', node: intValue(v.value) } : undefined;
        case 'cores':
            if (ast.isCoreRange(v)) return { kind: 'cores-range', lo: intValue(v.low), hi: intValue(v.high), inclusive: v.op === '..=' };
            if (ast.isCoreSet(v)) return { kind: 'cores-set', cores: v.cores.map(intValue) };
            return undefined;
        case 'l3': {
            if (!ast.isPlacementWord(v) || !v.$cstNode) return undefined;
            return { kind: 'l3', name: v.word, range: rangeOf(v), byteStart: toByte(v.$cstNode.offset), byteEnd: toByte(v.$cstNode.end) };
        }
    }
    return undefined;
}

function coreList(sel: ast.CoreSelection | undefined): number[] {
    if (ast.isCoreRange(sel)) {
        const lo = intValue(sel.low), hi = intValue(sel.high) + (sel.op === '..=' ? 1 : 0);
        const out: number[] = [];
        for (let c = lo; c < hi && out.length < 4096; c++) out.push(c);
        return out;
    }
    if (ast.isCoreSet(sel)) return sel.cores.map(intValue);
    return [];
}

/** Extracts the facts of one document. */
export function extractFacts(document: LangiumDocument): F.FileFacts {
    const root = document.parseResult.value as ast.Program;
    const text = document.textDocument.getText();
    let loopId = 0;
    const nextLoopId = () => ++loopId;
    const body = (node: AstNode | undefined): F.BodyFacts => {
        const w = new BodyWalker(nextLoopId);
        w.walk(node);
        return w.result();
    };
    // UTF-16 offset → UTF-8 byte offset, computed lazily (only `l3 = name` placements need it).
    let byteIndex: number[] | undefined;
    const toByte = (offset: number): number => {
        if (!byteIndex) {
            byteIndex = new Array(text.length + 1);
            let b = 0;
            for (let i = 0; i < text.length; i++) {
                byteIndex[i] = b;
                const c = text.charCodeAt(i);
                if (c < 0x80) b += 1; else if (c < 0x800) b += 2; else if (c >= 0xd800 && c <= 0xdbff) { byteIndex[++i] = b + 2; b += 4; } else b += 3;
            }
            byteIndex[text.length] = b;
        }
        return byteIndex[Math.max(0, Math.min(offset, text.length))] ?? 0;
    };

    const fnFact = (f: ast.FunctionDecl | ast.LifecycleHook | ast.FailureHandler | ast.ModeDecl): F.FnFact => {
        const isFn = ast.isFunctionDecl(f);
        const name = isFn ? f.name : ast.isLifecycleHook(f) ? f.kind : ast.isModeDecl(f) ? f.name : 'on_failure';
        return {
            name,
            nameRange: isFn ? propRange(f, 'name') : ast.isLifecycleHook(f) ? propRange(f, 'kind') : ast.isModeDecl(f) ? propRange(f, 'name') : keywordRange(f, 'on_failure'),
            range: rangeOf(f),
            kind: isFn ? 'fn' : 'hook',
            params: f.params.map(p => ({ name: p.name, type: typeRef(p.type), range: rangeOf(p) })),
            returnType: 'returnType' in f ? typeRef(f.returnType) : undefined,
            decorators: 'decorators' in f ? decorators(f.decorators) : [],
            hasBody: f.body !== undefined,
            body: body(f.body),
        };
    };

    const locusFact = (l: ast.LocusDecl, modules: string[]): F.LocusFact => {
        const params: F.ParamFact[] = [];
        const bus: F.BusMemberFact[] = [];
        const placement: F.PlacementEntryFact[] = [];
        const bindings: F.BindingFact[] = [];
        const methods: F.FnFact[] = [];
        const hooks: F.FnFact[] = [];
        let topology: F.TopologyFact | undefined;
        let placementRange: Range | undefined;
        for (const m of l.members) {
            if (ast.isParamsBlock(m)) {
                for (const p of m.fields) {
                    const lit = ast.isStructLiteral(p.default) ? p.default : undefined;
                    params.push({
                        name: p.name, nameRange: propRange(p, 'name'), type: typeRef(p.type),
                        defaultLiteral: lit?.type, defaultLiteralRange: lit ? propRange(lit, 'type') : undefined,
                        defaultBody: p.default ? body(p.default) : undefined, range: rangeOf(p),
                    });
                }
            } else if (ast.isBusBlock(m)) {
                for (const b of m.members) {
                    const s = b.subject;
                    const subject: F.SubjectRef = s?.literal !== undefined ? { kind: 'literal', value: s.literal, range: rangeOf(s) }
                        : s?.topic !== undefined ? { kind: 'topic', path: s.topic, range: rangeOf(s) } : { kind: 'computed', range: rangeOf(b) };
                    const isSub = ast.isBusSubscribe(b);
                    bus.push({
                        kind: isSub ? 'subscribe' : 'publish', subject,
                        handler: isSub ? b.handler : undefined, handlerRange: isSub ? propRange(b, 'handler') : undefined,
                        payloadType: typeRef(b.payloadType),
                        keyFilter: isSub && b.keyFilter ? (b.keyFilter.$cstNode?.text ?? '') : undefined,
                        alias: isSub ? undefined : b.alias,
                        keywordRange: keywordRange(b, isSub ? 'subscribe' : 'publish'), range: rangeOf(b),
                    });
                }
            } else if (ast.isPlacementBlock(m)) {
                placementRange = rangeOf(m);
                for (const e of m.entries) {
                    const spec = e.spec;
                    let pool: string | undefined, poolRange: Range | undefined, affinity: F.Affinity | undefined, affinityRange: Range | undefined, replicas: number | undefined;
                    for (const a of spec?.attrs ?? []) {
                        if (a.name === 'pool' && ast.isPlacementWord(a.value)) { pool = a.value.word; poolRange = rangeOf(a.value); }
                        else if (a.name === 'replicas' && ast.isPlacementNumber(a.value)) replicas = intValue(a.value.value);
                        else { const af = affinityOf(a, toByte); if (af && !affinity) { affinity = af; affinityRange = rangeOf(a); } }
                    }
                    const asyncIndex = e.constraints.indexOf('async_io');
                    placement.push({
                        field: e.field, fieldRange: propRange(e, 'field'), range: rangeOf(e),
                        kind: spec?.kind === 'pinned' ? 'pinned' : 'cooperative', specRange: rangeOf(spec),
                        pool, poolRange, affinity, affinityRange, replicas,
                        asyncIo: asyncIndex >= 0, asyncIoRange: asyncIndex >= 0 ? propRange(e, 'constraints', asyncIndex) : undefined,
                    });
                }
            } else if (ast.isBindingsBlock(m)) {
                for (const b of m.entries) {
                    const t = b.transport;
                    const role = (ast.isUnixTransport(t) ? t.args : []).find(a => a.name === 'role')?.word;
                    bindings.push({
                        topic: b.topic, topicRange: propRange(b, 'topic'),
                        transport: ast.isUnixTransport(t) ? 'unix' : ast.isShmRingTransport(t) ? 'shm_ring' : 'adapter',
                        role,
                        adapter: ast.isAdapterTransport(t) ? t.locus : undefined, adapterRange: ast.isAdapterTransport(t) ? propRange(t, 'locus') : undefined,
                        codec: b.codec?.locus, codecRange: b.codec ? propRange(b.codec, 'locus') : undefined,
                        range: rangeOf(b),
                    });
                }
            } else if (ast.isTopologyBlock(m)) {
                const nodes: Array<F.TopologyFact['nodes'][number]> = [];
                const reserved: number[] = [];
                for (const t of m.members) {
                    if (ast.isTopologyReserve(t)) reserved.push(...coreList(t.cores));
                    else nodes.push({ id: intValue(t.id), range: rangeOf(t), l3: t.domains.map(d => ({ name: d.name, cores: coreList(d.cores), range: propRange(d, 'name') })) });
                }
                topology = { nodes, reserved };
            } else if (ast.isFunctionDecl(m)) methods.push(fnFact(m));
            else if (ast.isLifecycleHook(m) || ast.isFailureHandler(m) || ast.isModeDecl(m)) hooks.push(fnFact(m));
        }
        return {
            kind: 'locus', name: l.name, nameRange: propRange(l, 'name'), keywordRange: keywordRange(l, 'locus'), range: rangeOf(l), modules,
            isMain: l.main, decorators: decorators(l.decorators),
            serves: l.header.filter(ast.isServesClause).map(s => ({ name: s.perspective, range: propRange(s, 'perspective') })),
            params, bus, placement, placementRange, bindings, topology, methods, hooks,
        };
    };

    const decls: F.DeclFact[] = [];
    const visit = (list: readonly ast.TopDecl[], modules: string[]): void => {
        for (const d of list) {
            const base = { name: '', nameRange: propRange(d, 'name'), range: rangeOf(d), modules };
            if (ast.isLocusDecl(d)) decls.push(locusFact(d, modules));
            else if (ast.isTopicDecl(d)) {
                let payload: F.TypeRef | undefined, subject: string | undefined, keyedBy: string | undefined, onUnmatched: string | undefined;
                for (const f of d.fields) {
                    if (ast.isTopicPayload(f)) payload = typeRef(f.type);
                    else if (ast.isTopicSubject(f)) subject = f.subject;
                    else if (ast.isTopicKeyedBy(f)) keyedBy = f.key;
                    else if (ast.isTopicOnUnmatched(f)) onUnmatched = f.policy;
                }
                decls.push({ ...base, kind: 'topic', name: d.name, parent: d.parent, parentRange: d.parent ? propRange(d, 'parent') : undefined, payload, subject, keyedBy, onUnmatched });
            } else if (ast.isTypeDecl(d)) {
                decls.push({
                    ...base, kind: 'type', name: d.name, generics: d.generics.map(g => g.name),
                    fields: d.fields.map(f => ({ name: f.name, type: typeRef(f.type), range: rangeOf(f) })),
                    variants: d.variants.map(v => ({ name: v.name, range: rangeOf(v) })), alias: typeRef(d.alias),
                });
            } else if (ast.isFunctionDecl(d)) {
                const f = fnFact(d);
                decls.push({
                    ...base, kind: 'fnDecl', fnKind: 'fn', name: d.name, nameRange: f.nameRange, range: f.range,
                    params: f.params, returnType: f.returnType, decorators: f.decorators, hasBody: f.hasBody, body: f.body,
                });
            } else if (ast.isPerspectiveDecl(d)) {
                decls.push({ ...base, kind: 'perspective', name: d.name, methods: d.members.filter(ast.isFunctionDecl).map(f => f.name) });
            } else if (ast.isModuleDecl(d)) visit(d.declarations, [...modules, d.name]);
            else if (ast.isConstDecl(d)) decls.push({ ...base, kind: 'const', name: d.name });
            else if (ast.isInterfaceDecl(d)) decls.push({ ...base, kind: 'interface', name: d.name });
            else if (ast.isGroupDecl(d)) decls.push({ ...base, kind: 'group', name: d.name });
            else if (ast.isConstitutionDecl(d)) decls.push({ ...base, kind: 'constitution', name: d.name });
            else if (ast.isEffectDecl(d)) decls.push({ ...base, kind: 'effect', name: d.name });
            else if (ast.isDomainDecl(d)) decls.push({ ...base, kind: 'domain', name: d.name });
            else if (ast.isTargetDecl(d)) decls.push({ ...base, kind: 'target', name: d.name });
            else if (ast.isRingLayoutDecl(d)) decls.push({ ...base, kind: 'ring_layout', name: d.name });
        }
    };
    visit(root?.declarations ?? [], []);
    const imports = (root?.imports ?? []).map(i => ({ path: i.path, alias: i.alias, range: rangeOf(i), aliasRange: propRange(i, 'alias') }));
    const hasSyntaxErrors = document.parseResult.lexerErrors.length > 0 || document.parseResult.parserErrors.length > 0;
    return { uri: document.uri.toString(), hasSyntaxErrors, imports, decls };
}

