// Debug info: what the Hale debugger needs to know about a compiled program that the JavaScript and its
// source map cannot say. The compiler's lowering tells the collector about every Hale local it declares
// (Hale name, JS name, static type) and every function body it emits; the driver writes the result next
// to the compiled module as `<name>.loom.mjs.debug.json`. The debug adapter reads it to name frames
// (`VecSink.on_m`, a handler of "m"), to show locals under their Hale names, and to render values by their
// Hale type: a Decimal is a scaled integer in JS and only the static type says it is `12345.67`.

import type * as ast from 'hale-language';
import type { AstNode } from 'langium';
import type { Ty, LocusInfo, RecordInfo, EnumInfo } from '../compiler/ty.js';
import type { World } from '../compiler/world.js';

/** A Hale type as JSON: a primitive kind (`"int"`, `"decimal"` ...) or a tagged object. */
export type DType =
    | string
    | { k: 'record' | 'enum' | 'locus'; name: string; args: DType[] }
    | { k: 'iface'; name: string }
    | { k: 'array'; elem: DType; size?: number }
    | { k: 'bounded'; elem: DType; cap: number }
    | { k: 'tuple'; elems: DType[] }
    | { k: 'fn'; params: DType[]; ret: DType }
    | { k: 'param'; name: string }
    | { k: 'children'; of: DType }
    | { k: 'range'; elem: DType };

export type DTypeDef =
    | { kind: 'record'; js: string; generics: string[]; fields: [string, DType][] }
    | { kind: 'enum'; js: string; generics: string[]; variants: { name: string; payload: DType[] }[] }
    | { kind: 'locus'; js: string; generics: string[]; params: [string, DType][]; form?: FormDef };

/** A `@form` locus's collection: its kind (`vec`, `hashmap` ...), the capacity slot that holds it, its element type. */
export interface FormDef {
    kind: string;
    slot: string;
    elem: DType;
}

export type FunctionKind = 'fn' | 'method' | 'handler' | 'hook' | 'failure' | 'mode';

export interface DebugLocal {
    /** The JS identifier in the generated code. */
    js: string;
    /** The Hale name. */
    name: string;
    type: DType;
}

export interface DebugFunction {
    /** `main`, `VecSink.on_m`, `App.run`, `cb::helper`. */
    name: string;
    kind: FunctionKind;
    /** For a handler: the subject it subscribes to. */
    subject?: string;
    file: string;
    /** The body's range: 1-based lines, 0-based columns. */
    start: [number, number];
    end: [number, number];
    /** The locus whose code this is (`self`), if any. */
    self?: DType;
    locals: DebugLocal[];
}

export interface DebugInfo {
    version: 1;
    functions: DebugFunction[];
    /** Records, enums and loci by Hale name. */
    types: Record<string, DTypeDef>;
    /** JS class name → Hale type name. */
    classes: Record<string, string>;
    /** Where a run starts (`fn main`, else the main locus's first hook): stopOnEntry stops there. */
    entry?: { file: string; line: number };
}

interface FnRecord {
    self: Ty | null;
    block?: ast.Block;
    locals: DebugLocal[];
}

/** What the lowering calls; see `Lowerer.debug`. */
export interface DebugSink {
    local(owner: object, name: string, js: string, t: Ty, self: Ty | null): void;
    body(owner: object, block: ast.Block, self: Ty | null): void;
}

export class DebugInfoCollector implements DebugSink {
    private fns = new Map<object, FnRecord>();
    private types: Record<string, DTypeDef> = {};
    private classes: Record<string, string> = {};
    private pendingDefs: (RecordInfo | EnumInfo | LocusInfo)[] = [];

    constructor(
        private readonly world: World,
        private readonly fileOf: (node: AstNode) => string | undefined,
    ) {}

    local(owner: object, name: string, js: string, t: Ty, self: Ty | null): void {
        const r = this.record(owner, self);
        if (name === '_' || js.startsWith('$')) return;
        r.locals.push({ js, name, type: this.type(t) });
    }

    body(owner: object, block: ast.Block, self: Ty | null): void {
        this.record(owner, self).block = block;
    }

    private record(owner: object, self: Ty | null): FnRecord {
        let r = this.fns.get(owner);
        if (!r) this.fns.set(owner, (r = { self, locals: [] }));
        return r;
    }

    type(t: Ty): DType {
        switch (t.k) {
            case 'record':
            case 'enum':
            case 'locus':
                this.define(t.info);
                return { k: t.k, name: t.info.name, args: t.args.map((a) => this.type(a)) };
            case 'iface':
                return { k: 'iface', name: t.info.name };
            case 'array':
                return t.size !== undefined ? { k: 'array', elem: this.type(t.elem), size: t.size } : { k: 'array', elem: this.type(t.elem) };
            case 'bounded':
                return { k: 'bounded', elem: this.type(t.elem), cap: t.cap };
            case 'tuple':
                return { k: 'tuple', elems: t.elems.map((e) => this.type(e)) };
            case 'fn':
                return { k: 'fn', params: t.params.map((p) => this.type(p)), ret: this.type(t.ret) };
            case 'param':
                return { k: 'param', name: t.name };
            case 'children':
                return { k: 'children', of: this.type(t.of) };
            case 'range':
                return { k: 'range', elem: this.type(t.elem) };
            default:
                return t.k;
        }
    }

    private define(info: RecordInfo | EnumInfo | LocusInfo): void {
        if (this.types[info.name] || this.pendingDefs.includes(info)) return;
        this.pendingDefs.push(info);
    }

    private flushDefs(): void {
        while (this.pendingDefs.length) {
            const info = this.pendingDefs.shift()!;
            if (this.types[info.name]) continue;
            const generics = new Map<string, Ty>(info.generics.map((g) => [g, { k: 'param', name: g }]));
            this.classes[info.js] = info.name;
            // Placeholder first: a recursive type refers to itself.
            this.types[info.name] = { kind: 'record', js: info.js, generics: info.generics, fields: [] };
            const resolve = (te: ast.TypeExpr | undefined): DType => (te ? this.type(this.world.resolveType(te, info.ns, generics)) : 'unknown');
            if (info.kind === 'record') {
                this.types[info.name] = { kind: 'record', js: info.js, generics: info.generics, fields: info.fields.map((f) => [f.name, resolve(f.type)]) };
            } else if (info.kind === 'enum') {
                this.types[info.name] = { kind: 'enum', js: info.js, generics: info.generics, variants: info.variants.map((v) => ({ name: v.name, payload: v.payload.map(resolve) })) };
            } else {
                const def: DTypeDef = { kind: 'locus', js: info.js, generics: info.generics, params: info.params.map((p) => [p.name, resolve(p.type)]) };
                if (info.form) def.form = { kind: info.form.kind, slot: info.form.slot?.name ?? 'items', elem: resolve(info.form.slot?.type) };
                this.types[info.name] = def;
            }
        }
    }

    private describe(block: ast.Block): Pick<DebugFunction, 'name' | 'kind' | 'subject'> | null {
        const c: any = block.$container;
        const locusDecl: any = c?.$container?.$type === 'LocusDecl' ? c.$container : null;
        // Qualified names come from the world (an imported library's declarations live under `alias::`).
        const locus = locusDecl ? this.world.loci().find((l) => l.decl === locusDecl) : undefined;
        const owner = locusDecl ? (locus?.name ?? locusDecl.name) + '.' : '';
        switch (c?.$type) {
            case 'FunctionDecl': {
                if (!locusDecl) {
                    const fn = this.world.order.find((d) => d.kind === 'fn' && d.decl === c);
                    return { name: fn?.name ?? c.name, kind: 'fn' };
                }
                const sub = this.subscription(locusDecl, c.name);
                if (sub !== undefined) return { name: owner + c.name, kind: 'handler', subject: sub };
                return { name: owner + c.name, kind: 'method' };
            }
            case 'LifecycleHook':
                return { name: owner + c.kind, kind: 'hook' };
            case 'FailureHandler':
                return { name: owner + 'on_failure', kind: 'failure' };
            case 'ModeDecl':
                return { name: owner + c.name, kind: 'mode' };
            default:
                return null;
        }
    }

    private subscription(locus: ast.LocusDecl, handler: string): string | undefined {
        for (const m of locus.members as any[]) {
            if (m.$type !== 'BusBlock') continue;
            for (const item of m.members ?? []) {
                if (item.$type === 'BusSubscribe' && item.handler === handler) {
                    const s = item.subject;
                    return s?.literal ?? s?.topic ?? '';
                }
            }
        }
        return undefined;
    }

    result(): DebugInfo {
        const byBlock = new Map<ast.Block, DebugFunction>();
        let entry: DebugInfo['entry'];
        for (const r of this.fns.values()) {
            if (!r.block?.$cstNode) continue;
            const file = this.fileOf(r.block);
            const what = this.describe(r.block);
            if (!file || !what) continue;
            let f = byBlock.get(r.block);
            if (!f) {
                const { start, end } = r.block.$cstNode.range;
                f = { ...what, file, start: [start.line + 1, start.character], end: [end.line + 1, end.character], locals: [] };
                if (r.self) f.self = this.type(r.self);
                byBlock.set(r.block, f);
            }
            // The plain and the generator form of one body declare the same locals.
            for (const l of r.locals) if (!f.locals.some((x) => x.js === l.js)) f.locals.push(l);
        }
        const functions = [...byBlock.values()];
        const firstLine = (f: DebugFunction) => {
            const b = [...byBlock].find(([, v]) => v === f)?.[0];
            const s = b?.statements[0]?.$cstNode?.range.start;
            return s ? s.line + 1 : f.start[0];
        };
        const main = functions.find((f) => f.kind === 'fn' && f.name === 'main');
        if (main) entry = { file: main.file, line: firstLine(main) };
        else {
            const mainLocus = this.world.loci().find((l) => l.isMain && !l.native && !l.ns);
            const hook = functions.find((f) => f.kind === 'hook' && mainLocus && f.name.startsWith(mainLocus.name + '.'));
            if (hook) entry = { file: hook.file, line: firstLine(hook) };
        }
        this.flushDefs();
        return { version: 1, functions, types: this.types, classes: this.classes, entry };
    }
}
