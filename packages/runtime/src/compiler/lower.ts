// Hale AST → JavaScript. One pass per function body computes each expression's static type and its JS
// code together (like upstream's `lower_expr` returning a value and a type). See docs/design.md, "The
// compiled-code contract", for the shape of the output.

import * as ast from 'hale-language';
import type { AstNode } from 'langium';
import { formatStringSegmentText } from 'hale-language';
import { Out, type SrcPos } from './emit.js';
import {
    BOOL,
    BYTES,
    BYTESVIEW,
    DECIMAL,
    DURATION,
    FLOAT,
    INT,
    NEVER,
    STRING,
    STRINGVIEW,
    TIME,
    UNIT,
    UNKNOWN,
    isAggregate,
    isNumeric,
    prim,
    showTy,
    substitute,
    tyEq,
    unify,
    type ConstInfo,
    type Decl,
    type EnumInfo,
    type EnumTy,
    type FnInfo,
    type FnTy,
    type IfaceInfo,
    type LocusInfo,
    type LocusTy,
    type MethodInfo,
    type RecordInfo,
    type RecordTy,
    type TopicInfo,
    type Ty,
} from './ty.js';
import { CompileError, World, jsIdent, safeLocal } from './world.js';
import type { DebugSink } from '../debug/info.js';

// ------------------------------------------------------------------------------------------ values

interface V {
    c: string;
    t: Ty;
    /** The expression names a storage place (its value may be aliased by a copy-less bind). */
    place?: boolean;
}

interface Local {
    js: string;
    t: Ty;
    mutable: boolean;
}

class Scope {
    vars = new Map<string, Local>();
    constructor(public parent: Scope | null) {}
    get(n: string): Local | undefined {
        for (let s: Scope | null = this; s; s = s.parent) {
            const v = s.vars.get(n);
            if (v) return v;
        }
        return undefined;
    }
}

const NUM_RE = /^[0-9]/;

export interface Unsupported {
    what: string;
    pos: SrcPos | null;
}

// ------------------------------------------------------------------------------------- the program

export interface LowerResult {
    code: Out;
    payloadTypes: string[];
    unsupported: Unsupported[];
    /** Fn/method names whose body may block on I/O or sleep (for the placement checks). */
}

export class Lowerer {
    readonly out = new Out();
    private helpers = new Set<string>();
    private natives = new Map<string, string>();
    private descs = new Map<string, { name: string; ty: Ty }>();
    private descOrder: string[] = [];
    private payloadTys = new Map<string, number>();
    readonly payloadList: string[] = [];
    readonly unsupported: Unsupported[] = [];
    private bytesLits: string[] = [];
    private emittedRecords: RecordInfo[] = [];
    /** Node → document path, filled by the driver. */
    fileOf: (node: AstNode) => string | undefined = () => undefined;
    /** Locus types whose methods are called through a guard (they can violate inline closures). */
    private guarded = new Set<LocusInfo>();
    private publishers = new Set<object>();
    /** Threads plan computed by the driver: field → placement. */
    placements = new Map<LocusInfo, Map<string, { kind: 'pinned' | 'pool'; threads: number[] }>>();

    /** Locus types that can live on a named cooperative pool (their suspending code gets `$g_` forms). */
    poolTypes = new Set<LocusInfo>();
    /** ...on a `where async_io` pool (socket calls park there). */
    asyncTypes = new Set<LocusInfo>();
    private suspendMemo = new Map<object, boolean>();
    /** Natives that have a parking form (`$g:path`), supplied by the driver. */
    hasGenNative: (path: string) => boolean = () => false;
    hasNative: (path: string) => boolean = () => true;
    /** Debug info collector (src/debug/info.ts): told of every Hale local and function body emitted. */
    debug?: DebugSink;

    constructor(readonly world: World) {}

    /**
     * Can this body suspend (reach a sleep, a `yield`, or — in async mode — a parking socket call)?
     * Follows direct calls to fns and to methods of `self` and of locus-typed fields.
     */
    suspends(body: AstNode | undefined, ns: string, self: LocusInfo | null, asyncMode: boolean): boolean {
        if (!body) return false;
        const key = body as object;
        const memo = this.suspendMemo.get(key);
        if (memo !== undefined) return memo;
        this.suspendMemo.set(key, false); // cycle guard
        let found = false;
        const visit = (n: any): void => {
            if (found || !n || typeof n !== 'object') return;
            if (n.$type === 'YieldStatement') found = true;
            else if (n.$type === 'CallExpression') {
                const c = n.callee;
                if (c.$type === 'NameExpression') {
                    const d = this.world.lookup(c.name, ns);
                    if (d && d.kind === 'fn') {
                        if (d.native) {
                            if (d.name === 'std::time::sleep' || (asyncMode && this.hasGenNative(d.name))) found = true;
                        } else if (this.suspends(d.decl.body, d.ns, null, asyncMode)) found = true;
                    }
                } else if (c.$type === 'MemberAccess') {
                    const m = this.calleeMethod(c, self);
                    if (m) {
                        if (this.suspends((m.method.decl as ast.FunctionDecl).body, m.locus.ns, m.locus, asyncMode)) found = true;
                    } else {
                        // Receiver type unknown to this syntactic pass: any pool locus method of that name
                        // that can suspend counts (the call site decides precisely, with types).
                        for (const l of this.poolTypes) {
                            const mm = l.methods.get(c.member);
                            if (mm && !mm.native && this.suspends((mm.decl as ast.FunctionDecl).body, l.ns, l, asyncMode)) {
                                found = true;
                                break;
                            }
                        }
                    }
                }
            }
            if (found) return;
            for (const k of Object.keys(n)) {
                if (k.startsWith('$')) continue;
                const v = n[k];
                if (Array.isArray(v)) v.forEach(visit);
                else if (v && typeof v === 'object' && typeof v.$type === 'string') visit(v);
            }
        };
        visit(body);
        this.suspendMemo.set(key, found);
        return found;
    }

    /** The method a `recv.m(...)` call names, when the receiver is `self` or a locus-typed field of self. */
    calleeMethod(c: ast.MemberAccess, self: LocusInfo | null): { locus: LocusInfo; method: MethodInfo } | null {
        const r: any = c.receiver;
        let target: LocusInfo | null = null;
        if (r.$type === 'SelfExpression') target = self;
        else if (r.$type === 'MemberAccess' && r.receiver.$type === 'SelfExpression' && self) {
            const p = self.params.find((x) => x.name === r.member);
            const t = p ? this.paramType(self, p, new Map()) : UNKNOWN;
            if (t.k === 'locus') target = t.info;
        }
        if (!target) return null;
        const m = target.methods.get(c.member);
        return m && !m.native ? { locus: target, method: m } : null;
    }

    h(name: string): string {
        this.helpers.add(name);
        return '$' + name;
    }

    native(path: string): string {
        let js = this.natives.get(path);
        if (!js) {
            js = '$n_' + jsIdent(path.replace(/^std::/, ''));
            this.natives.set(path, js);
        }
        return js;
    }

    pos(node: AstNode | undefined, name?: string): SrcPos | null {
        if (!node || !node.$cstNode) return null;
        const file = this.fileOf(node);
        if (!file) return null;
        const s = node.$cstNode.range.start;
        return { file, line: s.line + 1, column: s.character, name };
    }

    unsupportedAt(what: string, node?: AstNode): void {
        this.unsupported.push({ what, pos: this.pos(node) });
    }

    // ------------------------------------------------------------------------------ descriptors

    /** JS expression naming the runtime type descriptor of `t`. */
    desc(t: Ty): string {
        switch (t.k) {
            case 'int':
            case 'float':
            case 'bool':
            case 'string':
            case 'decimal':
            case 'duration':
            case 'time':
            case 'bytes':
            case 'unit':
                return `${this.h('T')}.${t.k}`;
            case 'bytesview':
                return `${this.h('T')}.bytesView`;
            case 'stringview':
                return `${this.h('T')}.stringView`;
            case 'fn':
                return `${this.h('T')}.fn`;
            case 'locus':
            case 'iface':
            case 'children':
                return `${this.h('T')}.locus`;
            case 'array':
            case 'bounded':
                return `${this.h('arrayOf')}(${this.desc(t.elem)})`;
            case 'tuple':
            case 'record':
            case 'enum': {
                const key = showTy(t);
                let d = this.descs.get(key);
                if (!d) {
                    d = { name: '$D' + this.descs.size, ty: t };
                    this.descs.set(key, d);
                    this.descOrder.push(key);
                }
                return d.name;
            }
            default:
                return `${this.h('T')}.any`;
        }
    }

    payloadIndex(t: Ty): number {
        const key = showTy(t);
        let i = this.payloadTys.get(key);
        if (i === undefined) {
            i = this.payloadList.length;
            this.payloadTys.set(key, i);
            this.payloadList.push(this.desc(t));
        }
        return i;
    }

    bytesLiteral(raw: string): string {
        const body = raw.slice(2, -1);
        const bytes: number[] = [];
        for (let i = 0; i < body.length; i++) {
            const c = body[i];
            if (c === '\\' && body[i + 1] === 'x' && /^[0-9a-fA-F]{2}$/.test(body.substr(i + 2, 2))) {
                bytes.push(parseInt(body.substr(i + 2, 2), 16));
                i += 3;
            } else if (c === '\\' && body[i + 1] !== undefined) {
                const m: Record<string, number> = { n: 10, t: 9, r: 13, '0': 0, '\\': 92, '"': 34 };
                bytes.push(m[body[i + 1]] ?? body.charCodeAt(i + 1));
                i++;
            } else {
                for (const b of Buffer.from(c, 'utf8')) bytes.push(b);
            }
        }
        const name = `$B${this.bytesLits.length}`;
        this.bytesLits.push(`const ${name} = new Uint8Array([${bytes.join(',')}]);`);
        return name;
    }

    // ------------------------------------------------------------------------------- emission

    /** Emit the whole program module body (inside `function $program($rt) { ... }`). */
    emitProgram(mainFn: FnInfo | undefined, mainLocus: LocusInfo | undefined): Out {
        const typesOut = new Out();
        const body = new Out();
        const w = this.world;
        // Types first (classes), then consts, fns, loci.
        const emit = (d: Decl) => !d.fromPrelude || w.used.has(d);
        const records = w.order.filter((d): d is RecordInfo => d.kind === 'record' && emit(d));
        const enums = w.order.filter((d): d is EnumInfo => d.kind === 'enum' && emit(d));
        for (const r of records) this.emitRecord(r, typesOut);
        for (const e of enums) this.emitEnum(e, typesOut);
        const consts = w.order.filter((d): d is ConstInfo => d.kind === 'const' && emit(d));
        const fns = w.order.filter((d): d is FnInfo => d.kind === 'fn' && !d.native && emit(d));
        const loci = w.order.filter((d): d is LocusInfo => d.kind === 'locus' && !d.native && emit(d));
        for (const l of loci) this.precomputeLocus(l);
        for (const f of fns) this.emitFn(f, body);
        for (const l of loci) this.emitLocus(l, body);
        const constOut = new Out();
        for (const c of consts) this.emitConst(c, constOut);

        // main
        const mainOut = new Out();
        if (mainFn) {
            mainOut.open('function $main($argv) {');
            mainOut.line(`return ${mainFn.js}();`);
            mainOut.close();
        } else if (mainLocus) {
            mainOut.open('function $main($argv) {');
            mainOut.line(`const $f = [];`);
            mainOut.line(`try { ${this.h('make')}(${mainLocus.js}, {}, null, $f, ${this.h('STMT')}); } finally { ${this.h('flush')}($f); }`);
            mainOut.close();
        } else {
            const exported = loci.filter((l) => l.decl.decorators.some((d) => d.name === 'export'));
            mainOut.open('function $main($argv) {');
            if (exported.length) {
                mainOut.line(`const $f = [];`);
                mainOut.line(`try { ${exported.map((l) => `${this.h('make')}(${l.js}, {}, null, $f, ${this.h('STMT')});`).join(' ')} } finally { ${this.h('flush')}($f); }`);
            }
            mainOut.close();
        }

        // Assemble: helpers, natives, descriptors, literals, classes and fns, consts, main, export object.
        const head = new Out();
        const helperList = [...this.helpers].sort();
        head.line(`const { ${helperList.map((h) => `${h}: $${h}`).join(', ')} } = $rt;`);
        const nativeList = [...this.natives];
        if (nativeList.length) {
            head.line(`const $std = $rt.stdlib;`);
            for (const [path, js] of nativeList) head.line(`const ${js} = $std.get(${JSON.stringify(path)});`);
        }
        for (const b of this.bytesLits) head.line(b);
        // descriptors: create all, then fill fields (recursive types)
        const descOut = new Out();
        for (const key of this.descOrder) {
            const d = this.descs.get(key)!;
            this.emitDescCreate(d.name, d.ty, descOut);
        }
        // filling may create more descriptors (nested); loop until stable
        const filled = new Set<string>();
        let again = true;
        const fillOut = new Out();
        while (again) {
            again = false;
            for (const key of [...this.descOrder]) {
                if (filled.has(key)) continue;
                filled.add(key);
                again = true;
                const d = this.descs.get(key)!;
                const before = this.descOrder.length;
                this.emitDescFill(d.name, d.ty, fillOut);
                for (let i = before; i < this.descOrder.length; i++) {
                    const nd = this.descs.get(this.descOrder[i])!;
                    this.emitDescCreate(nd.name, nd.ty, descOut);
                }
            }
        }
        const all = new Out();
        // re-emit head with helpers possibly added by descriptor emission
        const finalHelpers = [...this.helpers].sort();
        all.line(`const { ${finalHelpers.map((h) => `${h}: $${h}`).join(', ')} } = $rt;`);
        if (nativeList.length) {
            all.line(`const $std = $rt.stdlib;`);
            for (const [path, js] of this.natives) all.line(`const ${js} = $std.get(${JSON.stringify(path)});`);
        }
        for (const b of this.bytesLits) all.line(b);
        void head;
        // Types and their descriptors first: class bodies (static metadata) refer to descriptors.
        all.append(typesOut);
        all.append(descOut);
        all.append(fillOut);
        all.append(body);
        all.append(constOut);
        all.append(mainOut);
        const lociNames = loci.map((l) => `${JSON.stringify(l.name)}: ${l.js}`).join(', ');
        const topics = w.order
            .filter((d): d is TopicInfo => d.kind === 'topic')
            .map((t) => `{ subject: ${JSON.stringify(this.wireSubject(t))}, keyedBy: ${t.keyedBy ? JSON.stringify(t.keyedBy) : 'undefined'}, onUnmatched: ${JSON.stringify(t.onUnmatched)} }`);
        const cv = w.lookup('ClosureViolation', '') as RecordInfo | undefined;
        const bk = w.lookup('BusUnmatchedKey', '') as RecordInfo | undefined;
        all.line(`return {`);
        all.line(`    main: $main,`);
        all.line(`    loci: { ${lociNames} },`);
        all.line(`    payloadTypes: [${this.payloadList.join(', ')}],`);
        all.line(`    topics: [${topics.join(', ')}],`);
        all.line(`    records: { ${this.emittedRecords.map((r) => `${JSON.stringify(r.name)}: ${r.js}`).join(', ')} },`);
        if (cv)
            all.line(
                `    makeViolation: (r) => new ${cv.js}(${cv.fields.map((f) => `r.${f.name} ?? ${f.name === 'left' || f.name === 'right' || f.name === 'tolerance' || f.name === 'diff' ? '0' : "''"}`).join(', ')}),`,
            );
        if (bk) all.line(`    makeUnmatched: (subject, key) => new ${bk.js}(subject, typeof key === 'number' || typeof key === 'bigint' ? key : 0, 0),`);
        all.line(`};`);
        return all;
    }

    wireSubject(t: TopicInfo): string {
        const segs: string[] = [];
        let cur: TopicInfo | undefined = t;
        const seen = new Set<TopicInfo>();
        while (cur && !seen.has(cur)) {
            seen.add(cur);
            segs.unshift(cur.subject);
            cur = cur.parent ? (this.world.lookup(cur.parent, cur.ns) as TopicInfo | undefined) : undefined;
            if (cur && cur.kind !== 'topic') cur = undefined;
        }
        return segs.join('.');
    }

    private emitDescCreate(name: string, t: Ty, o: Out): void {
        if (t.k === 'record') {
            o.line(`const ${name} = ${this.h('recordDesc')}(${JSON.stringify(showTy(t))}, ${t.info.js}, []);`);
        } else if (t.k === 'enum') {
            o.line(`const ${name} = ${this.h('enumDesc')}(${JSON.stringify(showTy(t))}, ${t.info.js}, []);`);
        } else if (t.k === 'tuple') {
            o.line(`const ${name} = ${this.h('tupleOf')}([]);`);
        }
    }

    private emitDescFill(name: string, t: Ty, o: Out): void {
        if (t.k === 'record') {
            const env = this.world.envOf(t);
            const fields = t.info.fields.map((f) => {
                const ft = substitute(this.world.resolveType(f.type, t.info.ns, env), env);
                return `[${JSON.stringify(f.name)}, ${this.desc(ft)}]`;
            });
            o.line(`${name}.fields.push(${fields.join(', ')});`);
        } else if (t.k === 'enum') {
            const env = this.world.envOf(t);
            const vs = t.info.variants.map(
                (v) => `{ name: ${JSON.stringify(v.name)}, payload: [${v.payload.map((p) => this.desc(substitute(this.world.resolveType(p, t.info.ns, env), env))).join(', ')}] }`,
            );
            o.line(`${name}.variants.push(${vs.join(', ')});`);
            o.line(`${name}.singletons = ${name}.variants.map((v, i) => v.payload.length === 0 ? ${t.info.js}.$s[i] : undefined);`);
        } else if (t.k === 'tuple') {
            o.line(`${name}.elems.push(${t.elems.map((e) => this.desc(e)).join(', ')});`);
        }
    }

    private emitRecord(r: RecordInfo, o: Out): void {
        const fs = r.fields.map((f) => safeLocal(f.name));
        o.open(`class ${r.js} {`, this.pos(r.decl, r.name));
        o.open(`constructor(${fs.join(', ')}) {`);
        for (let i = 0; i < fs.length; i++) o.line(`this.${JSON.stringify(r.fields[i].name) === `"${r.fields[i].name}"` ? r.fields[i].name : fs[i]} = ${fs[i]};`);
        o.close();
        o.close();
        o.line(`${r.js}.$name = ${JSON.stringify(r.name)};`);
        o.line(`${r.js}.$fields = ${JSON.stringify(r.fields.map((f) => f.name))};`);
        if (r.generics.length === 0) {
            const dfl = r.fields.map((f) => {
                const ft = this.world.resolveType(f.type, r.ns, new Map());
                if (f.default) {
                    const fo = new Out();
                    const fl = new FnLowerer(this, r.ns, null, new Map(), UNKNOWN, undefined, fo, false);
                    const v = fl.coerce(fl.expr(f.default, ft), ft);
                    return `${JSON.stringify(f.name)}: ${v.c}`;
                }
                return `${JSON.stringify(f.name)}: ${this.zeroValue(ft, r.ns)}`;
            });
            o.line(`${r.js}.$defaults = () => ({ ${dfl.join(', ')} });`);
        }
        if (r.fields.some((f) => f.tag)) o.line(`${r.js}.$tags = ${JSON.stringify(Object.fromEntries(r.fields.filter((f) => f.tag).map((f) => [f.name, f.tag])))};`);
        this.emittedRecords.push(r);
    }

    private emitEnum(e: EnumInfo, o: Out): void {
        const max = Math.max(0, ...e.variants.map((v) => v.payload.length));
        const ps = Array.from({ length: max }, (_, i) => `p${i}`);
        o.open(`class ${e.js} {`, this.pos(e.decl, e.name));
        o.open(`constructor(tag${ps.map((p) => ', ' + p).join('')}) {`);
        o.line('this.tag = tag;');
        for (let i = 0; i < max; i++) o.line(`this.$${i} = p${i};`);
        o.close();
        o.close();
        o.line(`${e.js}.$name = ${JSON.stringify(e.name)};`);
        o.line(`${e.js}.$variants = ${JSON.stringify(e.variants.map((v) => v.name))};`);
        o.line(`${e.js}.$s = [${e.variants.map((v, i) => (v.payload.length === 0 ? `Object.freeze(new ${e.js}(${i}))` : 'undefined')).join(', ')}];`);
    }

    private emitConst(c: ConstInfo, o: Out): void {
        const f = new FnLowerer(this, c.ns, null, new Map(), UNIT, undefined, o, false);
        const t = this.world.resolveType(c.decl.type, c.ns, new Map());
        const v = f.coerce(f.expr(c.decl.value, t), t);
        f.flushPre();
        o.line(`const ${c.js} = ${v.c};`, this.pos(c.decl, c.name));
    }

    // ----------------------------------------------------------------------------------- fns

    fnType(f: FnInfo | MethodInfo, ns: string, generics: Map<string, Ty>): FnTy {
        const d = f.decl as ast.FunctionDecl;
        const g = new Map(generics);
        for (const gp of (d as ast.FunctionDecl).generics ?? []) if (!g.has(gp.name)) g.set(gp.name, { k: 'param', name: gp.name });
        return {
            k: 'fn',
            params: d.params.map((p) => this.world.resolveType(p.type, ns, g)),
            ret: d.returnType ? this.world.resolveType(d.returnType, ns, g) : UNIT,
            fallible: d.fallible ? this.world.resolveType(d.fallible, ns, g) : undefined,
        };
    }

    private emitFn(f: FnInfo, o: Out): void {
        const d = f.decl;
        if (!d.body) return;
        const generics = new Map<string, Ty>();
        for (const g of d.generics) generics.set(g.name, { k: 'param', name: g.name });
        const ft = this.fnType(f, f.ns, generics);
        const fo = new Out();
        const fl = new FnLowerer(this, f.ns, null, generics, ft.ret, ft.fallible, fo, true);
        const params = d.params.map((p, i) => fl.declare(p.name, ft.params[i], false));
        fl.body(d.body, ft.ret, d.returnType !== undefined);
        o.open(`function ${f.js}(${params.join(', ')}) {`, this.pos(d, f.name));
        fl.wrapBody(o, fo);
        o.close();
        if (this.poolTypes.size && this.suspends(d.body, f.ns, null, this.asyncTypes.size > 0)) {
            const go = new Out();
            const gl = new FnLowerer(this, f.ns, null, generics, ft.ret, ft.fallible, go, true);
            gl.gen = true;
            gl.asyncMode = this.asyncTypes.size > 0;
            const gparams = d.params.map((p, i) => gl.declare(p.name, ft.params[i], false));
            gl.body(d.body, ft.ret, d.returnType !== undefined);
            o.open(`function* ${f.js}$g(${gparams.join(', ')}) {`, this.pos(d, f.name));
            gl.wrapBody(o, go);
            o.close();
        }
    }

    // ---------------------------------------------------------------------------------- loci

    private precomputeLocus(l: LocusInfo): void {
        if (l.closures.some((c) => c.clauses.some((x) => x.$type === 'ClosureEpoch' && (x as ast.ClosureEpoch).kind === 'inline'))) {
            this.guarded.add(l);
        }
    }

    isGuarded(l: LocusInfo): boolean {
        return this.guarded.has(l) || l.name === 'std::bytes::BytesBuilder';
    }

    locusSelfTy(l: LocusInfo): LocusTy {
        return { k: 'locus', info: l, args: l.generics.map((g) => ({ k: 'param', name: g }) as Ty) };
    }

    paramType(l: LocusInfo, p: ast.ParamField, generics: Map<string, Ty>): Ty {
        if (p.type) return this.world.resolveType(p.type, l.ns, generics);
        return UNKNOWN;
    }

    private emitLocus(l: LocusInfo, o: Out): void {
        const generics = new Map<string, Ty>();
        for (const g of l.generics) generics.set(g, { k: 'param', name: g });
        const selfTy = this.locusSelfTy(l);
        const base = l.form ? `${this.h('forms')}.${formClass(l.form.kind)}` : this.h('Locus');
        o.open(`class ${l.js} extends ${base} {`, this.pos(l.decl, l.name));

        // params initialisation
        const io = new Out();
        const fl = new FnLowerer(this, l.ns, selfTy, generics, UNIT, undefined, io, false);
        fl.inInit = true;
        const placed = this.placements.get(l);
        for (const p of l.params) {
            const pt = this.paramType(l, p, generics);
            const key = JSON.stringify(p.name);
            const place = placed?.get(p.name);
            if (place) {
                const lt = pt.k === 'locus' ? pt.info.name : showTy(pt);
                io.line(
                    `this.${p.name} = ov.${p.name} !== undefined ? ov.${p.name} : ${this.h('placeField')}(this, ${key}, ${JSON.stringify(place)}, ${JSON.stringify(lt)});`,
                    this.pos(p),
                );
                continue;
            }
            let dflt: string;
            if (p.default) {
                fl.fieldMode = pt.k === 'locus';
                const v = fl.coerce(fl.expr(p.default, pt), pt);
                fl.fieldMode = false;
                fl.flushPre();
                dflt = fl.copyIfPlace(v, pt);
            } else dflt = this.zeroValue(pt, l.ns);
            io.line(`this.${p.name} = ov.${p.name} !== undefined ? ov.${p.name} : ${dflt};`, this.pos(p));
            if (pt.k === 'locus' && p.default && p.default.$type === 'StructLiteral') {
                io.line(`if (ov.${p.name} === undefined) this.${p.name}.$field = ${key};`);
            }
        }
        o.open(`$init(ov) {`);
        if (l.form) o.line(`this.$formInit(${this.formSpec(l)});`);
        for (const slot of l.slots) {
            if (l.form && slot === l.form.slot) continue;
            const st = this.world.resolveType(slot.type, l.ns, generics);
            o.line(`this.${slot.name} = new ${this.h('forms')}.Slot(() => ${this.zeroValue(st, l.ns)}, ${JSON.stringify(slot.kind)});`);
        }
        o.append(io);
        o.close();

        // static metadata
        o.line(`static $name = ${JSON.stringify(l.name)};`);
        o.line(`static $hasRun = ${l.hooks.has('run')};`);
        const subs = l.subscribes.map((s) => this.subSpec(l, s, selfTy, generics));
        if (subs.length) o.line(`static $subs = [${subs.join(', ')}];`);
        const accepts = (l.hooks.get('accept') ?? []).map((h) => this.hookParamTypeName(l, h));
        if (accepts.length) o.line(`static $accepts = ${JSON.stringify(accepts)};`);
        const releases = (l.hooks.get('release') ?? []).map((h) => this.hookParamTypeName(l, h));
        if (releases.length) o.line(`static $releases = ${JSON.stringify(releases)};`);
        const ifaces = this.interfacesOf(l);
        if (ifaces.length) o.line(`static $is = ${JSON.stringify(ifaces)};`);
        // shared (sync) forms held in params: reachable from other threads through a RemoteRef
        const shared = l.params.filter((p) => {
            const pt = this.paramType(l, p, generics);
            return pt.k === 'locus' && pt.info.form?.sync !== undefined && pt.info.form.sync !== 'none';
        });
        if (shared.length) o.line(`static $forms = ${JSON.stringify(shared.map((p) => p.name))};`);
        if (l.closures.length) o.line(`static $closures = [${l.closures.map((c) => this.closureSpec(l, c, selfTy, generics)).join(', ')}];`);
        if (l.bindings) {
            const entries: string[] = [];
            for (const b of l.bindings.entries) {
                const td = this.world.lookup(b.topic, l.ns);
                const subject = td && td.kind === 'topic' ? this.wireSubject(td) : b.topic;
                const pt = td && td.kind === 'topic' && td.payload ? this.world.resolveType(td.payload, td.ns, new Map()) : UNKNOWN;
                const tr: any = b.transport;
                if (tr.$type === 'AdapterTransport') {
                    const ao = new Out();
                    const af = new FnLowerer(this, l.ns, selfTy, generics, UNKNOWN, undefined, ao, false);
                    af.selfJs = 'self';
                    const sl = { $type: 'StructLiteral', type: tr.locus, typeArgs: [], fields: tr.fields, $container: tr, $cstNode: tr.$cstNode } as unknown as ast.StructLiteral;
                    const v = af.locusLiteral(sl, undefined, 'ORPHAN');
                    entries.push(`{ subject: ${JSON.stringify(subject)}, kind: 'adapter', ty: ${this.payloadIndex(pt)}, make: (self) => ${v.c} }`);
                } else if (tr.$type === 'UnixTransport') {
                    const role = (tr.args ?? []).find((a: any) => a.name === 'role')?.word ?? (l.subscribes.length ? 'listen' : 'connect');
                    entries.push(`{ subject: ${JSON.stringify(subject)}, kind: 'unix', path: ${JSON.stringify(tr.path)}, role: ${JSON.stringify(role)} }`);
                } else {
                    entries.push(`{ subject: ${JSON.stringify(subject)}, kind: 'unsupported', what: ${JSON.stringify(tr.$type)} }`);
                }
            }
            o.line(`static $bindings = [${entries.join(', ')}];`);
        }
        if (l.isMain) {
            const scalars = l.params
                .map((p) => [p, this.paramType(l, p, generics)] as const)
                .filter(([, t]) => t.k !== 'locus' && t.k !== 'iface' && t.k !== 'fn' && t.k !== 'unknown' && !(t.k === 'array' && t.elem.k === 'locus'));
            o.line(`static $paramTypes = [${scalars.map(([p, t]) => `[${JSON.stringify(p.name)}, ${this.desc(t)}]`).join(', ')}];`);
        }

        // placed-field initialisers (evaluated on the field's own thread)
        if (placed) {
            for (const [field, _pl] of placed) {
                const p = l.params.find((x) => x.name === field)!;
                const pt = this.paramType(l, p, generics);
                const so = new Out();
                const sf = new FnLowerer(this, l.ns, selfTy, generics, pt, undefined, so, false);
                sf.selfJs = 'self';
                sf.fieldMode = true;
                sf.replicaJs = 'replica';
                let v: V;
                if (p.default) v = sf.expr(p.default, pt);
                else v = { c: 'undefined', t: pt };
                sf.flushPre();
                o.open(`static $place_${field}(self, replica) {`, this.pos(p));
                o.append(so);
                o.line(`const o = ${v.c};`);
                o.line(`if (o && typeof o === 'object') { o.$replica = replica; o.$field = ${JSON.stringify(field)}; }`);
                o.line(`return o;`);
                o.close();
            }
        }

        // lifecycle hooks
        for (const [kind, hooks] of l.hooks) {
            if (kind === 'accept' || kind === 'release') {
                const name = kind === 'accept' ? '$accept' : '$release';
                o.open(`${name}($child) {`);
                for (const hk of hooks) {
                    const tn = this.hookParamTypeName(l, hk);
                    const ho = new Out();
                    const hf = new FnLowerer(this, l.ns, selfTy, generics, UNIT, undefined, ho, true);
                    const pn = hk.params[0] ? hf.declare(hk.params[0].name, this.world.resolveType(hk.params[0].type, l.ns, generics), false) : '$c';
                    hf.body(hk.body, UNIT, false);
                    o.open(`if (${this.h('isA')}($child, ${JSON.stringify(tn)})) {`, this.pos(hk));
                    o.line(`const ${pn} = $child;`);
                    hf.wrapBody(o, ho);
                    o.line('return;');
                    o.close();
                }
                o.close();
                continue;
            }
            const hk = hooks[0];
            for (const gen of this.genVariants(l, hk.body)) {
                const ho = new Out();
                const hf = new FnLowerer(this, l.ns, selfTy, generics, UNIT, undefined, ho, true);
                hf.isLifecycle = true;
                hf.gen = gen;
                hf.asyncMode = gen && this.asyncTypes.has(l);
                const params = hk.params.map((p) => hf.declare(p.name, this.world.resolveType(p.type, l.ns, generics), false));
                hf.body(hk.body, UNIT, false);
                o.open(`${gen ? `*$g_${kind}` : kind}(${params.join(', ')}) {`, this.pos(hk, `${l.name}.${kind}`));
                hf.wrapBody(o, ho);
                o.close();
            }
        }

        // on_failure
        if (l.failureHandlers.length) {
            o.open(`$onFailure($child, $err) {`);
            for (const fh of l.failureHandlers) {
                const p0 = fh.params[0];
                const p1 = fh.params[1];
                const t0 = p0 ? this.world.resolveType(p0.type, l.ns, generics) : UNKNOWN;
                const tn = t0.k === 'locus' || t0.k === 'iface' ? t0.info.name : undefined;
                const ho = new Out();
                const hf = new FnLowerer(this, l.ns, selfTy, generics, UNIT, undefined, ho, true);
                hf.inFailureHandler = true;
                const c = p0 ? hf.declare(p0.name, t0, false) : '$c';
                const e = p1 ? hf.declare(p1.name, this.world.resolveType(p1.type, l.ns, generics), false) : '$e';
                hf.body(fh.body, UNIT, false);
                o.open(tn ? `if (${this.h('isA')}($child, ${JSON.stringify(tn)})) {` : `{`, this.pos(fh));
                o.line(`const ${c} = $child, ${e} = $err;`);
                hf.wrapBody(o, ho);
                o.line('return true;');
                o.close();
            }
            o.line('return false;');
            o.close();
        }

        // methods and modes
        for (const [name, m] of l.methods) {
            if (m.native) continue;
            const d = m.decl as ast.FunctionDecl | ast.ModeDecl;
            const mg = new Map(generics);
            for (const g of (d as ast.FunctionDecl).generics ?? []) mg.set(g.name, { k: 'param', name: g.name });
            const ft = this.fnType(m, l.ns, mg);
            for (const gen of this.genVariants(l, d.body)) {
                const mo = new Out();
                const mf = new FnLowerer(this, l.ns, selfTy, mg, ft.ret, ft.fallible, mo, true);
                mf.gen = gen;
                mf.asyncMode = gen && this.asyncTypes.has(l);
                const params = d.params.map((p, i) => mf.declare(p.name, ft.params[i], false));
                mf.body(d.body!, ft.ret, d.returnType !== undefined);
                o.open(`${gen ? `*$g_${name}` : safeMethod(name)}(${params.join(', ')}) {`, this.pos(d, `${l.name}.${name}`));
                mf.wrapBody(o, mo);
                o.close();
            }
        }
        o.close();
    }

    /** Which forms of a body to emit: always the plain one; a generator too when it can park on a pool. */
    genVariants(l: LocusInfo, body: AstNode | undefined): boolean[] {
        if (this.poolTypes.has(l) && this.suspends(body, l.ns, l, this.asyncTypes.has(l))) return [false, true];
        return [false];
    }

    formSpec(l: LocusInfo): string {
        const f = l.form!;
        const slot = f.slot;
        const elem = slot ? this.world.resolveType(slot.type, l.ns, new Map()) : UNKNOWN;
        return `{ kind: ${JSON.stringify(f.kind)}, slot: ${JSON.stringify(slot?.name ?? 'items')}, elem: ${this.desc(elem)}, key: ${slot?.indexedBy ? JSON.stringify(slot.indexedBy) : 'undefined'}, cap: ${f.cap ?? 'undefined'}, sync: ${JSON.stringify(f.sync ?? '')} }`;
    }

    private hookParamTypeName(l: LocusInfo, h: ast.LifecycleHook): string {
        const p = h.params[0];
        if (!p) return '';
        const t = this.world.resolveType(p.type, l.ns, new Map());
        return t.k === 'locus' || t.k === 'iface' ? t.info.name : showTy(t);
    }

    interfacesOf(l: LocusInfo): string[] {
        const out: string[] = [];
        for (const d of this.world.order) {
            if (d.kind !== 'iface') continue;
            const ok = [...d.methods.keys()].every((m) => l.methods.has(m));
            if (ok && d.methods.size > 0) out.push(d.name);
        }
        return out;
    }

    subSpec(l: LocusInfo, s: ast.BusSubscribe, selfTy: LocusTy, generics: Map<string, Ty>): string {
        const subject = this.subjectOf(s.subject, l.ns);
        let key = '';
        if (s.keyFilter) {
            if (s.keyFilter.$type === 'NameExpression' && (s.keyFilter as ast.NameExpression).name === '_') key = ', catchAll: true';
            else {
                const ko = new Out();
                const kf = new FnLowerer(this, l.ns, selfTy, generics, UNKNOWN, undefined, ko, false);
                kf.selfJs = 'self';
                kf.replicaJs = 'self.$replica';
                const v = kf.expr(s.keyFilter, undefined);
                key = `, key: (self) => ${v.c}`;
            }
        }
        return `{ subject: ${JSON.stringify(subject)}, handler: ${JSON.stringify(s.handler)}${key} }`;
    }

    subjectOf(s: ast.BusSubject, ns: string): string {
        if (s.literal !== undefined) return s.literal;
        const d = this.world.lookup(s.topic!, ns);
        if (d && d.kind === 'topic') return this.wireSubject(d);
        return s.topic!;
    }

    closureSpec(l: LocusInfo, c: ast.ClosureDecl, selfTy: LocusTy, generics: Map<string, Ty>): string {
        let epoch = 'dissolve';
        let period: string | undefined;
        let resets: string[] | undefined;
        let captures: string[] | undefined;
        for (const cl of c.clauses) {
            if (cl.$type === 'ClosureEpoch') {
                const e = cl as ast.ClosureEpoch;
                epoch = e.kind;
                if (e.kind === 'duration' && e.period) {
                    const po = new Out();
                    const pf = new FnLowerer(this, l.ns, selfTy, generics, UNKNOWN, undefined, po, false);
                    const v = pf.expr(e.period, DURATION);
                    period = `Number(${v.c}) / 1e6`;
                }
            } else if (cl.$type === 'ClosureFieldList') {
                const fl = cl as ast.ClosureFieldList;
                if (fl.kind === 'resets_per_epoch') resets = fl.fields;
            } else if (cl.$type === 'ClosureCaptures') captures = (cl as ast.ClosureCaptures).fields;
        }
        let check = '';
        if (c.assertion && c.assertion.$type === 'ApproxExpression') {
            const a = c.assertion as ast.ApproxExpression;
            const co = new Out();
            const cf = new FnLowerer(this, l.ns, selfTy, generics, UNKNOWN, undefined, co, false);
            cf.selfJs = 'self';
            cf.closureAcc = 'A';
            const L = cf.expr(a.actual, undefined);
            const R = cf.expr(a.expected, L.t);
            const T = cf.expr(a.tolerance, L.t);
            const num = (v: V) => (v.t.k === 'decimal' ? `${this.h('decimalToFloat')}(${v.c})` : `Number(${v.c})`);
            check = `, check: (self) => { const A = ${this.h('accState')}(self, ${JSON.stringify(c.name)}); A.n++; const l = ${num(L)}, r = ${num(R)}, t = ${num(T)}; const d = Math.abs(l - r); return d <= t ? null : { left: l, right: r, tolerance: t, diff: d }; }`;
        }
        return `{ name: ${JSON.stringify(c.name)}, epoch: ${JSON.stringify(epoch)}${period ? `, periodMs: ${period}` : ''}${resets ? `, resetsPerEpoch: ${JSON.stringify(resets)}` : ''}${captures ? `, captures: ${JSON.stringify(captures)}` : ''}${check} }`;
    }

    /** The zero value of a type (a missing field, an unmatched guarded match in expression position). */
    zeroValue(t: Ty, ns: string): string {
        switch (t.k) {
            case 'int':
            case 'duration':
            case 'decimal':
            case 'float':
                return '0';
            case 'bool':
                return 'false';
            case 'string':
            case 'time':
                return "''";
            case 'bytes':
                return 'new Uint8Array(0)';
            case 'array':
                return t.size !== undefined ? `[${Array.from({ length: t.size }, () => this.zeroValue(t.elem, ns)).join(', ')}]` : '[]';
            case 'bounded':
                return '[]';
            case 'record': {
                const env = this.world.envOf(t);
                const args = t.info.fields.map((f) => {
                    if (f.default) {
                        const fo = new Out();
                        const fl = new FnLowerer(this, t.info.ns, null, env, UNKNOWN, undefined, fo, false);
                        const ft = substitute(this.world.resolveType(f.type, t.info.ns, env), env);
                        const v = fl.coerce(fl.expr(f.default, ft), ft);
                        return v.c;
                    }
                    return this.zeroValue(substitute(this.world.resolveType(f.type, t.info.ns, env), env), ns);
                });
                return `new ${t.info.js}(${args.join(', ')})`;
            }
            case 'enum':
                return `${t.info.js}.$s[0]`;
            case 'tuple':
                return `[${t.elems.map((e) => this.zeroValue(e, ns)).join(', ')}]`;
            default:
                return 'undefined';
        }
    }

    markPublisher(o: object): void {
        this.publishers.add(o);
    }
}

function formClass(kind: string): string {
    switch (kind) {
        case 'vec':
            return 'Vec';
        case 'hashmap':
            return 'HashMap';
        case 'ring_buffer':
            return 'RingBuffer';
        case 'lru_cache':
            return 'LruCache';
        case 'set':
            return 'HashSet';
        default:
            return 'Vec';
    }
}

const METHOD_RESERVED = new Set(['constructor', 'birth', 'run', 'drain', 'dissolve']);
export function safeMethod(name: string): string {
    return METHOD_RESERVED.has(name) ? name : name;
}

// ------------------------------------------------------------------------------- function bodies

export class FnLowerer {
    scope: Scope;
    private pre: string[][] = [[]];
    private tmpN = 0;
    needsFrame = false;
    needsDrain = false;
    selfJs = 'this';
    replicaJs = '0';
    inInit = false;
    fieldMode = false;
    isLifecycle = false;
    inFailureHandler = false;
    /** Emitting the generator form (code that parks on a pool instead of blocking). */
    gen = false;
    /** ...on an async_io pool: socket calls use their parking forms. */
    asyncMode = false;
    /** Inside a closure assertion: the accumulator state variable (`sum`, `count`, `mean`). */
    closureAcc: string | null = null;
    private accN = 0;

    constructor(
        readonly L: Lowerer,
        readonly ns: string,
        readonly selfTy: LocusTy | null,
        readonly generics: Map<string, Ty>,
        readonly ret: Ty,
        readonly fallible: Ty | undefined,
        readonly out: Out,
        readonly ownsFrame: boolean,
    ) {
        this.scope = new Scope(null);
    }

    get w(): World {
        return this.L.world;
    }

    h(n: string): string {
        return this.L.h(n);
    }

    tmp(): string {
        return `$t${this.tmpN++}`;
    }

    declare(name: string, t: Ty, mutable: boolean): string {
        let js = safeLocal(name);
        if (name === '_') js = '$_';
        // Avoid shadowing a top-level name used in the same fn (JS TDZ) or an outer local.
        if (this.w.decls.has(name) || this.scope.get(name) || this.declaredJs.has(js)) {
            let i = 1;
            while (this.declaredJs.has(`${js}$${i}`)) i++;
            js = `${js}$${i}`;
        }
        this.declaredJs.add(js);
        this.scope.vars.set(name, { js, t, mutable });
        this.L.debug?.local(this, name, js, t, this.selfTy);
        return js;
    }
    private declaredJs = new Set<string>();

    push(): void {
        this.scope = new Scope(this.scope);
    }
    pop(): void {
        this.scope = this.scope.parent!;
    }

    emit(line: string, node?: AstNode): void {
        this.flushPre(node);
        this.out.line(line, this.L.pos(node));
    }

    /** Emit the statements an expression hoisted, before the statement that uses it. */
    flushPre(node?: AstNode): void {
        const p = this.pre[this.pre.length - 1];
        if (p.length) {
            const pos = this.L.pos(node);
            for (const l of p) this.out.line(l, pos);
            p.length = 0;
        }
    }

    hoist(line: string): void {
        this.pre[this.pre.length - 1].push(line);
    }

    /** Compile `fn` with a separate hoist buffer; returns the hoisted lines and the value. */
    private isolated<T>(fn: () => T): [string[], T] {
        this.pre.push([]);
        const v = fn();
        return [this.pre.pop()!, v];
    }

    /** Capture the statements of a compiled block (for nesting inside generated control flow). */
    capture(fn: () => void): string[] {
        const saveOut = this.out as any;
        const o = new Out();
        (this as any).out = o;
        this.pre.push([]);
        try {
            fn();
            this.flushPre();
        } finally {
            this.pre.pop();
            (this as any).out = saveOut;
        }
        return o.toString().replace(/\n$/, '').split('\n').filter((l, i, a) => !(a.length === 1 && l === ''));
    }

    // ---------------------------------------------------------------------------------- bodies

    body(b: ast.Block, ret: Ty, implicitReturn: boolean): void {
        this.L.debug?.body(this, b, this.selfTy);
        const stmts = b.statements;
        for (let i = 0; i < stmts.length; i++) {
            const s = stmts[i];
            const last = i === stmts.length - 1;
            if (last && implicitReturn && ret.k !== 'unit' && s.$type === 'ExpressionStatement' && !(s as ast.ExpressionStatement).semicolon && !(s as ast.ExpressionStatement).sendValue) {
                const e = (s as ast.ExpressionStatement).expression;
                this.returnValue(e, s);
                continue;
            }
            this.stmt(s);
        }
    }

    /** Wrap the body with the dissolve frame and/or the exit drain, into `o`. */
    wrapBody(o: Out, body: Out): void {
        if (this.needsFrame) {
            o.line('const $f = [];');
            o.open('try {');
            o.append(body);
            o.indent--;
            o.line(`} finally { ${this.h('flush')}($f); }`);
        } else if (this.needsDrain && !this.isLifecycle) {
            o.open('try {');
            o.append(body);
            o.indent--;
            o.line(`} finally { ${this.h('drain')}(); }`);
        } else o.append(body);
    }

    frame(): string {
        if (!this.ownsFrame) return 'null';
        this.needsFrame = true;
        return '$f';
    }

    private returnValue(e: ast.Expression, node: AstNode): void {
        const v = this.coerce(this.expr(e, this.ret), this.ret);
        let c = this.copyIfPlace(v, this.ret);
        if (this.ret.k === 'locus' || this.ret.k === 'iface') c = `${this.h('escape')}(${this.frame()}, ${c})`;
        this.emit(`return ${c};`, node);
    }

    // ------------------------------------------------------------------------------ statements

    stmt(s: ast.Statement): void {
        switch (s.$type) {
            case 'LetStatement':
                return this.letStmt(s as ast.LetStatement);
            case 'ExpressionStatement':
                return this.exprStmt(s as ast.ExpressionStatement);
            case 'WhileStatement': {
                const ws = s as ast.WhileStatement;
                const [pre, c] = this.isolated(() => this.cond(ws.condition));
                if (pre.length === 0) {
                    this.flushPre(s);
                    this.out.open(`while (${c}) {`, this.L.pos(s));
                } else {
                    this.flushPre(s);
                    this.out.open(`while (true) {`, this.L.pos(s));
                    for (const l of pre) this.out.line(l);
                    this.out.line(`if (!(${c})) break;`);
                }
                this.block(ws.body);
                this.out.close();
                return;
            }
            case 'ForStatement':
                return this.forStmt(s as ast.ForStatement);
            case 'ReturnStatement': {
                const r = s as ast.ReturnStatement;
                if (r.value) this.returnValue(r.value, s);
                else this.emit('return;', s);
                return;
            }
            case 'BreakStatement':
                return this.emit('break;', s);
            case 'ContinueStatement':
                return this.emit('continue;', s);
            case 'YieldStatement':
                return this.emit(this.gen ? `yield* ${this.h('gyield')}();` : `${this.h('yieldNow')}();`, s);
            case 'TerminateStatement':
                return this.emit(`${this.h('terminate')}(${this.selfJs});`, s);
            case 'FailStatement': {
                const f = s as ast.FailStatement;
                const v = this.expr(f.value, this.fallible);
                const tn = this.fallible ? showTy(this.fallible) : showTy(v.t);
                return this.emit(`throw new ${this.h('HaleFail')}(${v.c}, ${JSON.stringify(tn)});`, s);
            }
            case 'ViolateStatement': {
                const v = s as ast.ViolateStatement;
                let detail = "''";
                if (v.payload) detail = this.toStr(this.expr(v.payload, undefined));
                return this.emit(`${this.h('violate')}(${this.selfJs}, ${JSON.stringify(v.closure)}, ${detail});`, s);
            }
            case 'RecoveryStatement':
                return this.recovery(s as ast.RecoveryStatement);
            case 'ReperspectiveStatement': {
                const rs = s as ast.ReperspectiveStatement;
                const d = this.w.lookupType(rs.impl, this.ns);
                if (!d || d.kind !== 'locus') {
                    this.L.unsupportedAt(`reperspective to unknown ${rs.impl}`, s);
                    return;
                }
                return this.emit(`${this.h('reperspective')}(${this.selfJs}, ${JSON.stringify(rs.field)}, ${d.js});`, s);
            }
            default:
                this.L.unsupportedAt((s as AstNode).$type, s);
        }
    }

    block(b: ast.Block): void {
        this.push();
        for (const s of b.statements) this.stmt(s);
        this.pop();
    }

    private recovery(r: ast.RecoveryStatement): void {
        const args = r.args.map((a) => this.expr(a, undefined));
        switch (r.op) {
            case 'restart':
                return this.emit(`${this.h('restart')}(${args[0]?.c});`, r);
            case 'restart_in_place':
                return this.emit(`${this.h('restartInPlace')}(${args[0]?.c});`, r);
            case 'quarantine': {
                let d = '';
                if (r.modifierValue) d = ', ' + this.expr(r.modifierValue, DURATION).c;
                return this.emit(`${this.h('quarantine')}(${args[0]?.c}${d});`, r);
            }
            case 'bubble':
                return this.emit(`${this.h('bubble')}(${args[0]?.c});`, r);
            case 'dissolve':
            case 'drain':
                return this.emit(`${this.h('dissolveChild')}(${args[0]?.c});`, r);
            default:
                return this.emit(`/* ${r.op} */`, r);
        }
    }

    private letStmt(s: ast.LetStatement): void {
        const declared = s.type ? this.w.resolveType(s.type, this.ns, this.generics) : undefined;
        if (s.names && s.names.length > 0 && !s.name) {
            // let (a, b) = tuple;
            const v = this.expr(s.value, declared);
            const t = this.tmp();
            this.emit(`const ${t} = ${v.c};`, s);
            s.names.forEach((n, i) => {
                const et = v.t.k === 'tuple' ? (v.t.elems[i] ?? UNKNOWN) : UNKNOWN;
                const js = this.declare(n, et, s.mutable);
                this.emit(`let ${js} = ${t}[${i}];`, s);
            });
            return;
        }
        const name = s.name!;
        const isLocusLit = s.value.$type === 'StructLiteral' && this.isLocusLiteral(s.value as ast.StructLiteral);
        let v = isLocusLit ? this.locusLiteral(s.value as ast.StructLiteral, declared, 'LET') : this.expr(s.value, declared);
        const t = declared && declared.k !== 'unknown' ? declared : v.t;
        v = this.coerce(v, t);
        let c = v.c;
        if (v.place && isAggregate(t)) c = `${this.h('copier')}(${this.L.desc(t)})(${c})`;
        if (!isLocusLit && (t.k === 'locus' || t.k === 'iface') && s.value.$type !== 'StructLiteral' && this.ownsFrame) {
            if (s.value.$type === 'CallExpression' || s.value.$type === 'OrDisposition') c = `${this.h('own')}(${this.frame()}, ${c})`;
        }
        if (name === '_') {
            this.emit(`${c};`, s);
            return;
        }
        const js = this.declare(name, t, s.mutable);
        this.emit(`let ${js} = ${c};`, s);
    }

    private exprStmt(s: ast.ExpressionStatement): void {
        if (s.sendValue) return this.send(s);
        if (s.eachBody) {
            // `xs.filter(p).each { ... }`: the block is the fused loop's body, `it` bound
            const e = s.expression;
            const base = e.$type === 'MemberAccess' ? (e as ast.MemberAccess).receiver : undefined;
            if (!base) {
                this.L.unsupportedAt('`each` without a source', s);
                return;
            }
            this.lowerChain(base, 'each', [], s, s.eachBody);
            return;
        }
        if (s.ringWrite) {
            this.L.unsupportedAt('zero-copy ring write', s);
            return this.emit(`${this.h('unsupported')}("ring write");`, s);
        }
        const e = s.expression;
        switch (e.$type) {
            case 'IfExpression':
                return this.ifStmt(e as ast.IfExpression, null);
            case 'MatchExpression':
                this.matchInto(e as ast.MatchExpression, null, s);
                return;
            case 'BlockExpression':
                this.flushPre(s);
                this.out.open('{', this.L.pos(s));
                this.block((e as ast.BlockExpression).block);
                this.out.close();
                return;
            case 'StructLiteral':
                if (this.isLocusLiteral(e as ast.StructLiteral)) {
                    const v = this.locusLiteral(e as ast.StructLiteral, undefined, 'STMT');
                    return this.emit(`${v.c};`, s);
                }
                break;
            case 'AssignmentExpression':
                return this.assign(e as ast.AssignmentExpression, s);
            case 'OrDisposition':
                return this.orStmt(e as ast.OrDisposition, s);
        }
        const v = this.expr(e, undefined);
        if (v.c === '' || v.c === 'undefined') {
            this.flushPre(s);
            return;
        }
        this.emit(`${v.c};`, s);
    }

    private send(s: ast.ExpressionStatement): void {
        const subj = s.expression;
        let subject: string;
        let topic: TopicInfo | undefined;
        if (subj.$type === 'StringLiteral') subject = JSON.stringify((subj as ast.StringLiteral).value);
        else if (subj.$type === 'NameExpression') {
            const n = (subj as ast.NameExpression).name;
            const d = this.w.lookup(n, this.ns);
            if (d && d.kind === 'topic') {
                topic = d;
                subject = JSON.stringify(this.L.wireSubject(d));
            } else {
                const loc = this.scope.get(n);
                subject = loc ? loc.js : JSON.stringify(n);
            }
        } else subject = this.toStr(this.expr(subj, STRING));
        let value = s.sendValue!;
        let disp: ast.OrDisposition | undefined;
        if (value.$type === 'OrDisposition') {
            disp = value as ast.OrDisposition;
            value = disp.value;
        }
        const pt = topic?.payload ? this.w.resolveType(topic.payload, topic.ns, new Map()) : this.payloadTypeOfSubject(subj);
        const v = this.coerce(this.expr(value, pt), pt ?? UNKNOWN);
        const t = pt && pt.k !== 'unknown' ? pt : v.t;
        let c = v.c;
        if (v.place && isAggregate(t)) c = `${this.h('copier')}(${this.L.desc(t)})(${c})`;
        const call = `${this.h('publish')}(${subject}, ${c}, ${this.L.payloadIndex(t)})`;
        this.needsDrain = true;
        if (!disp) return this.emit(`${call};`, s);
        // `<- v or raise|discard|fallback|fail X` on an `on_unmatched: fail` topic
        this.flushPre(s);
        this.out.open('try {', this.L.pos(s));
        this.out.line(`${call};`);
        this.out.indent--;
        this.out.open(`} catch ($e) {`);
        this.out.line(`if (!($e instanceof ${this.h('HaleFail')})) throw $e;`);
        if (disp.disposition === 'raise') this.out.line('throw $e;');
        else if (disp.disposition === 'discard' || disp.disposition === 'wait') {
            /* swallow */
        } else {
            this.push();
            const errT = this.w.namedType('BusUnmatchedKey', [], '', new Map());
            const ej = this.declare('err', errT, false);
            this.out.line(`const ${ej} = $e.payload;`);
            if (disp.disposition === 'fail') {
                const fv = this.expr(disp.failure!, this.fallible);
                this.flushPre();
                this.out.line(`throw new ${this.h('HaleFail')}(${fv.c}, ${JSON.stringify(this.fallible ? showTy(this.fallible) : showTy(fv.t))});`);
            } else if (disp.fallback) {
                const lines = this.capture(() => {
                    const fv = this.expr(disp!.fallback!, undefined);
                    if (fv.c && fv.c !== 'undefined') this.emit(`${fv.c};`);
                });
                for (const l of lines) this.out.line(l);
            }
            this.pop();
        }
        this.out.close();
    }

    private payloadTypeOfSubject(subj: ast.Expression): Ty | undefined {
        // `"subj" <- v`: the payload type is the one the publishing locus declared for that subject.
        if (subj.$type !== 'StringLiteral' || !this.selfTy) return undefined;
        const s = (subj as ast.StringLiteral).value;
        for (const p of this.selfTy.info.publishes) {
            if (p.subject.literal === s && p.payloadType) return this.w.resolveType(p.payloadType, this.selfTy.info.ns, this.generics);
        }
        for (const p of this.selfTy.info.publishes) {
            if (p.subject.literal && p.payloadType && p.subject.literal.includes('*')) return this.w.resolveType(p.payloadType, this.selfTy.info.ns, this.generics);
        }
        return undefined;
    }

    private forStmt(s: ast.ForStatement): void {
        const it = s.iterable;
        this.flushPre(s);
        if (it.$type === 'RangeExpression') {
            const r = it as ast.RangeExpression;
            const a = this.expr(r.start, INT);
            const b = this.expr(r.end, INT);
            this.flushPre(s);
            const end = this.tmp();
            this.push();
            const v = this.declare(s.variable, INT, false);
            const op = r.inclusive ? '<=' : '<';
            this.out.open(`for (let ${v} = ${a.c}, ${end} = ${b.c}; ${v} ${op} ${end}; ${v}++) {`, this.L.pos(s));
            for (const st of s.body.statements) this.stmt(st);
            this.out.close();
            this.pop();
            return;
        }
        const coll = this.expr(it, undefined);
        this.flushPre(s);
        let elemT: Ty = UNKNOWN;
        let src = coll.c;
        const ct = coll.t;
        if (ct.k === 'array' || ct.k === 'bounded') elemT = ct.elem;
        else if (ct.k === 'children') elemT = ct.of;
        else if (ct.k === 'range') elemT = ct.elem;
        else if (ct.k === 'locus' && ct.info.form) {
            elemT = this.formElem(ct.info);
            src = `${coll.c}.$items()`;
        }
        if (ct.k === 'children') src = `${coll.c}.slice()`;
        this.push();
        const v = this.declare(s.variable, elemT, false);
        this.out.open(`for (const ${v} of ${src}) {`, this.L.pos(s));
        for (const st of s.body.statements) this.stmt(st);
        this.out.close();
        this.pop();
    }

    formElem(l: LocusInfo): Ty {
        const slot = l.form?.slot ?? l.slots[0];
        return slot ? this.w.resolveType(slot.type, l.ns, new Map()) : UNKNOWN;
    }

    // ------------------------------------------------------------------------------------ if

    /** `if` in statement position, or in value position assigning `target`. */
    private ifStmt(e: ast.IfExpression, target: string | null, want?: Ty): void {
        const [pre, c] = this.isolated(() => this.cond(e.condition));
        this.flushPre(e);
        for (const l of pre) this.out.line(l);
        this.out.open(`if (${c}) {`, this.L.pos(e));
        this.branch(e.then, target, want);
        if (e.elseIf) {
            this.out.indent--;
            this.out.open('} else {');
            this.ifStmt(e.elseIf, target, want);
            this.out.close();
        } else if (e.else) {
            this.out.indent--;
            this.out.open('} else {');
            this.branch(e.else, target, want);
            this.out.close();
        } else this.out.close();
    }

    /** A block whose tail value (if any) is assigned to `target`. */
    private branch(b: ast.Block, target: string | null, want?: Ty): Ty {
        this.push();
        let t: Ty = UNIT;
        const stmts = b.statements;
        for (let i = 0; i < stmts.length; i++) {
            const s = stmts[i];
            if (i === stmts.length - 1 && target && s.$type === 'ExpressionStatement' && !(s as ast.ExpressionStatement).semicolon && !(s as ast.ExpressionStatement).sendValue) {
                t = this.valueInto((s as ast.ExpressionStatement).expression, target, want, s);
            } else this.stmt(s);
        }
        this.pop();
        return t;
    }

    /** Compile an expression whose value goes to `target` (statement form allowed). */
    private valueInto(e: ast.Expression, target: string, want: Ty | undefined, node: AstNode): Ty {
        switch (e.$type) {
            case 'IfExpression':
                this.ifStmt(e as ast.IfExpression, target, want);
                return this.ifType(e as ast.IfExpression, want);
            case 'MatchExpression':
                return this.matchInto(e as ast.MatchExpression, target, node, want);
            case 'BlockExpression':
                return this.branch((e as ast.BlockExpression).block, target, want);
            default: {
                const v = want ? this.coerce(this.expr(e, want), want) : this.expr(e, want);
                this.emit(`${target} = ${v.c};`, node);
                return v.t;
            }
        }
    }

    private ifType(e: ast.IfExpression, want?: Ty): Ty {
        if (want && want.k !== 'unknown') return want;
        return this.blockType(e.then);
    }

    /** Static type of a block's tail expression (without emitting). */
    private blockType(b: ast.Block): Ty {
        const last = b.statements[b.statements.length - 1];
        if (!last || last.$type !== 'ExpressionStatement' || (last as ast.ExpressionStatement).semicolon) return UNIT;
        return this.peekType((last as ast.ExpressionStatement).expression);
    }

    /** Type of an expression without keeping its code (bindings of the block are approximated). */
    peekType(e: ast.Expression): Ty {
        const saveOut = this.out;
        const saveTmp = this.tmpN;
        (this as any).out = new Out();
        this.pre.push([]);
        const saveScope = this.scope;
        this.push();
        let t: Ty;
        try {
            if (e.$type === 'BlockExpression') {
                const b = (e as ast.BlockExpression).block;
                for (const s of b.statements.slice(0, -1)) this.stmt(s);
                t = this.blockType(b);
            } else if (e.$type === 'IfExpression') t = this.blockType((e as ast.IfExpression).then);
            else if (e.$type === 'MatchExpression') {
                const m = e as ast.MatchExpression;
                t = UNKNOWN;
                for (const arm of m.arms) {
                    const at = this.peekArm(m, arm);
                    if (at.k !== 'never' && at.k !== 'unknown') {
                        t = at;
                        break;
                    }
                }
            } else t = this.expr(e, undefined).t;
        } catch {
            t = UNKNOWN;
        } finally {
            this.scope = saveScope;
            this.pre.pop();
            (this as any).out = saveOut;
            this.tmpN = saveTmp;
        }
        return t;
    }

    private peekArm(m: ast.MatchExpression, arm: ast.MatchArm): Ty {
        const subj = this.peekTypeSimple(m.subject);
        this.push();
        this.bindPatternTypes(arm.pattern, subj);
        const t = arm.body.$type === 'BlockExpression' ? this.blockType((arm.body as ast.BlockExpression).block) : this.expr(arm.body, undefined).t;
        this.pop();
        return t;
    }

    private peekTypeSimple(e: ast.Expression): Ty {
        return this.peekType(e);
    }

    cond(e: ast.Expression): string {
        const v = this.expr(e, BOOL);
        return v.c;
    }

    // --------------------------------------------------------------------------------- match

    private matchInto(m: ast.MatchExpression, target: string | null, node: AstNode, want?: Ty): Ty {
        const subj = this.expr(m.subject, undefined);
        const st = this.tmp();
        this.emit(`const ${st} = ${subj.c};`, node);
        let resultT: Ty = want ?? UNKNOWN;
        const label = this.tmp().replace('$', 'm');
        this.out.open(`${label}: {`, this.L.pos(m));
        for (const arm of m.arms) {
            this.push();
            const [conds, binds] = this.pattern(arm.pattern, st, subj.t);
            const bindLines = binds.map(([js, c]) => `const ${js} = ${c};`);
            let head = conds.length ? conds.join(' && ') : 'true';
            if (arm.guard) {
                // bindings must be visible to the guard
                const [gpre, g] = this.isolated(() => this.cond(arm.guard!));
                if (bindLines.length || gpre.length) {
                    this.out.open(`if (${head}) {`, this.L.pos(arm));
                    for (const l of bindLines) this.out.line(l);
                    for (const l of gpre) this.out.line(l);
                    this.out.open(`if (${g}) {`);
                    this.armBody(arm, target, want, (t) => {
                        if (resultT.k === 'unknown' || resultT.k === 'never') resultT = t;
                    });
                    this.out.line(`break ${label};`);
                    this.out.close();
                    this.out.close();
                    this.pop();
                    continue;
                }
                head = head === 'true' ? g : `${head} && ${g}`;
            }
            this.out.open(`if (${head}) {`, this.L.pos(arm));
            for (const l of bindLines) this.out.line(l);
            this.armBody(arm, target, want, (t) => {
                if (resultT.k === 'unknown' || resultT.k === 'never') resultT = t;
            });
            this.out.line(`break ${label};`);
            this.out.close();
            this.pop();
        }
        if (target) this.out.line(`${target} = ${this.L.zeroValue(resultT, this.ns)};`);
        this.out.close();
        return resultT;
    }

    private armBody(arm: ast.MatchArm, target: string | null, want: Ty | undefined, setT: (t: Ty) => void): void {
        const b = arm.body;
        if (target) {
            const t = this.valueInto(b, target, want, arm);
            setT(t);
        } else if (b.$type === 'BlockExpression') {
            this.block((b as ast.BlockExpression).block);
        } else if (b.$type === 'IfExpression') {
            this.ifStmt(b as ast.IfExpression, null);
        } else if (b.$type === 'MatchExpression') {
            this.matchInto(b as ast.MatchExpression, null, arm);
        } else if (b.$type === 'AssignmentExpression') {
            this.assign(b as ast.AssignmentExpression, arm);
        } else if (b.$type === 'OrDisposition') {
            this.orStmt(b as ast.OrDisposition, arm);
        } else {
            const v = this.expr(b, undefined);
            if (v.c && v.c !== 'undefined') this.emit(`${v.c};`, arm);
            else this.flushPre(arm);
        }
    }

    private bindPatternTypes(p: ast.Pattern, t: Ty): void {
        this.pattern(p, '$peek', t);
    }

    /** Conditions and bindings for a pattern against `subj` (a JS expression of type `t`). */
    private pattern(p: ast.Pattern, subj: string, t: Ty): [string[], [string, string][]] {
        switch (p.$type) {
            case 'LiteralPattern': {
                const lp = p as ast.LiteralPattern;
                const v = lp.value;
                if (v === 'true' || v === 'false') return [[`${subj} === ${v}`], []];
                if (v === 'nil') return [[`${subj} == null`], []];
                if ((p.$cstNode?.text ?? '').trim().startsWith('"') || t.k === 'string') {
                    return [[`${subj} === ${JSON.stringify(v)}`], []];
                }
                const neg = lp.negative ? '-' : '';
                const lit = this.numericLiteral(neg + v, t);
                return [[`${subj} === ${lit}`], []];
            }
            case 'TuplePattern': {
                const tp = p as ast.TuplePattern;
                const conds: string[] = [];
                const binds: [string, string][] = [];
                tp.elements.forEach((ep, i) => {
                    const et = t.k === 'tuple' ? (t.elems[i] ?? UNKNOWN) : UNKNOWN;
                    const [c, b] = this.pattern(ep, `${subj}[${i}]`, et);
                    conds.push(...c);
                    binds.push(...b);
                });
                return [conds, binds];
            }
            case 'ConstructorPattern': {
                const cp = p as ast.ConstructorPattern;
                const name = cp.name;
                if (name === '_') return [[], []];
                // enum variant?
                const variant = this.resolveVariant(name, t);
                if (variant) {
                    const { info, index, env } = variant;
                    const conds = [`${subj}.tag === ${index}`];
                    const binds: [string, string][] = [];
                    const payload = info.variants[index].payload;
                    cp.args.forEach((ap, i) => {
                        const pt = payload[i] ? substitute(this.w.resolveType(payload[i], info.ns, env), env) : UNKNOWN;
                        const [c, b] = this.pattern(ap, `${subj}.$${i}`, pt);
                        conds.push(...c);
                        binds.push(...b);
                    });
                    return [conds, binds];
                }
                // a constant?
                const d = this.w.lookup(name, this.ns);
                if (d && d.kind === 'const' && cp.args.length === 0) return [[`${subj} === ${d.js}`], []];
                // a binding
                const js = this.declare(name, t, false);
                return [[], [[js, subj]]];
            }
            default:
                return [[], []];
        }
    }

    private resolveVariant(name: string, t: Ty): { info: EnumInfo; index: number; env: Map<string, Ty> } | undefined {
        const parts = name.split('::');
        const vname = parts[parts.length - 1];
        if (parts.length > 1) {
            const ename = parts.slice(0, -1).join('::');
            let d = this.w.lookupType(ename, this.ns);
            let env = new Map<string, Ty>();
            if (!d) {
                const mono = this.w.monomorph(ename, this.ns);
                if (mono) {
                    d = mono.decl;
                    const ty = this.w.namedType(ename, [], this.ns, this.generics);
                    env = this.w.envOf(ty);
                }
            }
            if (d && d.kind === 'enum') {
                const index = d.variants.findIndex((v) => v.name === vname);
                if (index >= 0) {
                    if (t.k === 'enum' && t.info === d) env = this.w.envOf(t);
                    return { info: d, index, env };
                }
            }
            return undefined;
        }
        if (t.k === 'enum') {
            const index = t.info.variants.findIndex((v) => v.name === vname);
            if (index >= 0) return { info: t.info, index, env: this.w.envOf(t) };
        }
        return undefined;
    }

    // ------------------------------------------------------------------------------ assignment

    private assign(a: ast.AssignmentExpression, node: AstNode): void {
        const target = a.target;
        const op = a.operator;
        // locus-typed field reassigned with a literal: lifecycle transition (break-before-make)
        if (op === '=' && a.value.$type === 'StructLiteral' && this.isLocusLiteral(a.value as ast.StructLiteral) && target.$type === 'MemberAccess') {
            const ma = target as ast.MemberAccess;
            const recv = this.expr(ma.receiver, undefined);
            const old = `${recv.c}.${ma.member}`;
            this.emit(`${this.h('dissolveChild')}(${old});`, node);
            const v = this.locusLiteral(a.value as ast.StructLiteral, undefined, 'FIELD_OF', recv.c);
            this.emit(`${old} = ${v.c};`, node);
            return;
        }
        const lhs = this.lvalue(target);
        if (op === '=') {
            let v = this.coerce(this.expr(a.value, lhs.t), lhs.t);
            let c = v.c;
            if (v.place && isAggregate(lhs.t)) c = `${this.h('copier')}(${this.L.desc(lhs.t)})(${c})`;
            v = { ...v, c };
            this.emit(lhs.set(v.c), node);
            return;
        }
        const bop = op.slice(0, -1) as ast.BinaryExpression['operator'];
        const cur: V = { c: lhs.get, t: lhs.t };
        const rhs = this.expr(a.value, lhs.t);
        const r = this.binop(bop, cur, rhs, a);
        this.emit(lhs.set(this.coerce(r, lhs.t).c), node);
    }

    /** An assignable place: how to read it and how to write it. */
    private lvalue(e: ast.Expression): { get: string; set: (v: string) => string; t: Ty } {
        if (e.$type === 'NameExpression') {
            const n = (e as ast.NameExpression).name;
            const loc = this.scope.get(n);
            if (loc) return { get: loc.js, set: (v) => `${loc.js} = ${v};`, t: loc.t };
            throw new CompileError(`cannot assign to ${n}`, e as any);
        }
        if (e.$type === 'MemberAccess') {
            const ma = e as ast.MemberAccess;
            const recv = this.expr(ma.receiver, undefined);
            const ft = this.fieldType(recv.t, ma.member, ma);
            if (recv.t.k === 'tuple' && NUM_RE.test(ma.member)) {
                return { get: `${recv.c}[${ma.member}]`, set: (v) => `${recv.c}[${ma.member}] = ${v};`, t: ft };
            }
            const key = propKey(ma.member);
            return { get: `${recv.c}${key}`, set: (v) => `${recv.c}${key} = ${v};`, t: ft };
        }
        if (e.$type === 'IndexExpression') {
            const ix = e as ast.IndexExpression;
            const recv = this.expr(ix.receiver, undefined);
            const i = this.expr(ix.index, INT);
            const r = this.tmp();
            const k = this.tmp();
            this.hoist(`const ${r} = ${recv.c}, ${k} = ${this.h('checkIndex')}(${r}.length, ${i.c});`);
            const et = recv.t.k === 'array' || recv.t.k === 'bounded' ? recv.t.elem : UNKNOWN;
            return { get: `${r}[${k}]`, set: (v) => `${r}[${k}] = ${v};`, t: et };
        }
        throw new CompileError(`cannot assign to this expression`, e as any);
    }

    // ------------------------------------------------------------------------------ or-dispositions

    /** `f() or raise;` etc. in statement position. */
    private orStmt(o: ast.OrDisposition, node: AstNode): void {
        const v = this.orExpr(o, undefined, node, false);
        if (v.c && v.c !== 'undefined') this.emit(`${v.c};`, node);
        else this.flushPre(node);
    }

    /** Calls whose failure an `or` addresses (so a fallible std call is not given its bare sentinel). */
    addressed = new Set<object>();

    private orExpr(o: ast.OrDisposition, want: Ty | undefined, node: AstNode, needValue = true): V {
        let inner: any = o.value;
        while (inner && inner.$type === 'ParenthesizedExpression' && inner.elements.length === 1) inner = inner.elements[0];
        this.addressed.add(inner);
        const [vpre, val] = this.isolated(() => this.expr(o.value, want));
        const successT = val.t;
        if (o.disposition === 'raise' && vpre.length === 0) return val; // the error simply propagates
        const errT = this.errorTypeOf(o.value);
        const res = needValue ? this.tmp() : null;
        if (res) this.hoist(`let ${res};`);
        const lines: string[] = [];
        lines.push('try {');
        for (const l of vpre) lines.push('    ' + l);
        lines.push(res ? `    ${res} = ${val.c};` : `    ${val.c};`);
        lines.push('} catch ($e) {');
        lines.push(`    if (!($e instanceof ${this.h('HaleFail')})) throw $e;`);
        if (o.disposition === 'raise') {
            lines.push('    throw $e;');
        } else if (o.disposition === 'discard' || o.disposition === 'wait') {
            // swallowed
        } else {
            this.push();
            const ej = this.declare('err', errT, false);
            lines.push(`    const ${ej} = $e.payload;`);
            if (o.disposition === 'fail') {
                const body = this.capture(() => {
                    const fv = this.expr(o.failure!, this.fallible);
                    this.emit(`throw new ${this.h('HaleFail')}(${fv.c}, ${JSON.stringify(this.fallible ? showTy(this.fallible) : showTy(fv.t))});`);
                });
                for (const l of body) lines.push('    ' + l);
            } else if (o.fallback) {
                const fb = o.fallback;
                const body = this.capture(() => {
                    if (res) {
                        const t = this.valueInto(fb, res, successT.k !== 'unknown' ? successT : want, node);
                        void t;
                    } else if (fb.$type === 'BlockExpression') this.block((fb as ast.BlockExpression).block);
                    else {
                        const fv = this.expr(fb, successT);
                        if (fv.c && fv.c !== 'undefined') this.emit(`${fv.c};`);
                    }
                });
                for (const l of body) lines.push('    ' + l);
            }
            this.pop();
        }
        lines.push('}');
        for (const l of lines) this.hoist(l);
        return { c: res ?? '', t: successT };
    }

    /** The `err` type of a fallible expression (for the `or` fallback's binding). */
    private errorTypeOf(e: ast.Expression): Ty {
        if (e.$type === 'OrDisposition') return this.errorTypeOf((e as ast.OrDisposition).value);
        if (e.$type === 'CallExpression') {
            const ce = e as ast.CallExpression;
            const ft = this.calleeFnType(ce);
            if (ft?.fallible) return ft.fallible;
        }
        return UNKNOWN;
    }

    // ------------------------------------------------------------------------------ expressions

    expr(e: ast.Expression, want: Ty | undefined): V {
        switch (e.$type) {
            case 'IntLiteral': {
                const txt = (e as ast.IntLiteral).value;
                if (want && want.k === 'float') return { c: String(Number(txt.replace(/_/g, ''))), t: FLOAT };
                if (want && want.k === 'decimal') return { c: this.numericLiteral(txt, DECIMAL), t: DECIMAL };
                return { c: this.numericLiteral(txt, INT), t: INT };
            }
            case 'FloatLiteral': {
                const txt = (e as ast.FloatLiteral).value;
                return { c: String(Number(txt.replace(/_/g, ''))), t: FLOAT };
            }
            case 'DecimalLiteral':
                return { c: this.numericLiteral((e as ast.DecimalLiteral).value, DECIMAL), t: DECIMAL };
            case 'DurationLiteral':
                return { c: this.numericLiteral((e as ast.DurationLiteral).value, DURATION), t: DURATION };
            case 'StringLiteral':
                return { c: JSON.stringify((e as ast.StringLiteral).value), t: STRING };
            case 'BytesLiteral':
                return { c: this.L.bytesLiteral((e as ast.BytesLiteral).value), t: want && want.k === 'bytesview' ? BYTESVIEW : BYTES };
            case 'TimeLiteral':
                return { c: JSON.stringify((e as ast.TimeLiteral).value.replace(/`/g, '')), t: TIME };
            case 'BoolLiteral':
                return { c: (e as ast.BoolLiteral).value ? 'true' : 'false', t: BOOL };
            case 'NilLiteral':
                return { c: 'null', t: prim('nil') };
            case 'FormatString':
                return this.fstring(e as ast.FormatString);
            case 'SelfExpression':
                return { c: this.selfJs, t: this.selfTy ?? UNKNOWN, place: true };
            case 'NameExpression':
                return this.name(e as ast.NameExpression, want);
            case 'ParenthesizedExpression': {
                const p = e as ast.ParenthesizedExpression;
                if (p.elements.length === 1 && !p.trailingComma) {
                    const v = this.expr(p.elements[0], want);
                    return { ...v, c: `(${v.c})` };
                }
                if (p.elements.length === 0) return { c: 'undefined', t: UNIT };
                const wt = want && want.k === 'tuple' ? want.elems : [];
                const vs = p.elements.map((x, i) => this.coerce(this.expr(x, wt[i]), wt[i] ?? UNKNOWN));
                return { c: `[${vs.map((v) => v.c).join(', ')}]`, t: { k: 'tuple', elems: vs.map((v, i) => (wt[i] && wt[i].k !== 'unknown' ? wt[i] : v.t)) } };
            }
            case 'ArrayLiteral':
                return this.arrayLit(e as ast.ArrayLiteral, want);
            case 'UnaryExpression':
                return this.unary(e as ast.UnaryExpression, want);
            case 'BinaryExpression': {
                const b = e as ast.BinaryExpression;
                const l = this.expr(b.left, undefined);
                const r = this.expr(b.right, l.t.k === 'unknown' ? undefined : l.t);
                return this.binop(b.operator, l, r, b);
            }
            case 'LogicalExpression': {
                const b = e as ast.LogicalExpression;
                const l = this.expr(b.left, BOOL);
                const [rpre, r] = this.isolated(() => this.expr(b.right, BOOL));
                if (rpre.length === 0) return { c: `(${l.c} ${b.operator} ${r.c})`, t: BOOL };
                const t = this.tmp();
                this.hoist(`let ${t} = ${l.c};`);
                this.hoist(b.operator === '&&' ? `if (${t}) {` : `if (!${t}) {`);
                for (const x of rpre) this.hoist('    ' + x);
                this.hoist(`    ${t} = ${r.c};`);
                this.hoist('}');
                return { c: t, t: BOOL };
            }
            case 'CallExpression':
                return this.call(e as ast.CallExpression, want);
            case 'MemberAccess':
                return this.member(e as ast.MemberAccess);
            case 'IndexExpression':
                return this.index(e as ast.IndexExpression);
            case 'StructLiteral': {
                const sl = e as ast.StructLiteral;
                if (this.isLocusLiteral(sl)) return this.locusLiteral(sl, want, this.fieldMode ? 'FIELD' : 'VALUE');
                return this.recordLiteral(sl, want);
            }
            case 'IfExpression': {
                const ie = e as ast.IfExpression;
                // simple ternary when both arms are single expressions
                const simple = this.simpleIf(ie, want);
                if (simple) return simple;
                const t = this.tmp();
                this.hoist(`let ${t};`);
                this.flushPreToOut(e);
                const rt = this.ifTypeEmit(ie, t, want);
                return { c: t, t: rt };
            }
            case 'MatchExpression': {
                const t = this.tmp();
                this.hoist(`let ${t};`);
                this.flushPreToOut(e);
                const rt = this.matchInto(e as ast.MatchExpression, t, e, want);
                return { c: t, t: rt };
            }
            case 'BlockExpression': {
                const t = this.tmp();
                this.hoist(`let ${t};`);
                this.flushPreToOut(e);
                this.out.open('{');
                const rt = this.branch((e as ast.BlockExpression).block, t, want);
                this.out.close();
                return { c: t, t: rt };
            }
            case 'OrDisposition':
                return this.orExpr(e as ast.OrDisposition, want, e);
            case 'AssignmentExpression':
                this.assign(e as ast.AssignmentExpression, e);
                return { c: 'undefined', t: UNIT };
            case 'RangeExpression': {
                const r = e as ast.RangeExpression;
                const a = this.expr(r.start, INT);
                const b = this.expr(r.end, INT);
                return { c: `${this.h('range')}(${a.c}, ${b.c}, ${r.inclusive})`, t: { k: 'range', elem: INT } };
            }
            case 'ApproxExpression': {
                const a = e as ast.ApproxExpression;
                const l = this.expr(a.actual, undefined);
                const r = this.expr(a.expected, l.t);
                const t = this.expr(a.tolerance, l.t);
                return { c: `(Math.abs(Number(${l.c}) - Number(${r.c})) <= Number(${t.c}))`, t: BOOL };
            }
            default:
                this.L.unsupportedAt(`expression ${(e as AstNode).$type}`, e);
                return { c: 'undefined', t: UNKNOWN };
        }
    }

    /** Move the current hoisted statements into the output now (before emitting control flow). */
    private flushPreToOut(node: AstNode): void {
        const p = this.pre[this.pre.length - 1];
        if (p.length) {
            for (const l of p) this.out.line(l, this.L.pos(node));
            p.length = 0;
        }
    }

    private ifTypeEmit(ie: ast.IfExpression, target: string, want?: Ty): Ty {
        this.ifStmt(ie, target, want);
        return want && want.k !== 'unknown' ? want : this.peekIfType(ie);
    }

    private peekIfType(ie: ast.IfExpression): Ty {
        let t = this.blockType(ie.then);
        if (t.k === 'unknown' || t.k === 'never' || t.k === 'unit') {
            if (ie.else) t = this.blockType(ie.else);
            else if (ie.elseIf) t = this.peekIfType(ie.elseIf);
        }
        return t;
    }

    private simpleIf(ie: ast.IfExpression, want?: Ty): V | null {
        const arm = (b: ast.Block | undefined): ast.Expression | null => {
            if (!b || b.statements.length !== 1) return null;
            const s = b.statements[0];
            if (s.$type !== 'ExpressionStatement' || (s as ast.ExpressionStatement).semicolon || (s as ast.ExpressionStatement).sendValue) return null;
            const x = (s as ast.ExpressionStatement).expression;
            if (x.$type === 'IfExpression' || x.$type === 'MatchExpression' || x.$type === 'BlockExpression' || x.$type === 'OrDisposition') return null;
            return x;
        };
        const a = arm(ie.then);
        if (!a) return null;
        let belse: V | null = null;
        const [cp, c] = this.isolated(() => this.cond(ie.condition));
        const [ap, av] = this.isolated(() => this.expr(a, want));
        if (ie.elseIf) {
            const [bp, bv] = this.isolated(() => this.simpleIf(ie.elseIf!, want ?? av.t));
            if (!bv || bp.length) return null;
            belse = bv;
        } else {
            const b = arm(ie.else);
            if (!b) return null;
            const [bp, bv] = this.isolated(() => this.expr(b, want ?? av.t));
            if (bp.length) return null;
            belse = bv;
        }
        if (cp.length || ap.length) return null;
        const t = want && want.k !== 'unknown' ? want : av.t.k === 'unknown' ? belse.t : av.t;
        return { c: `(${c} ? ${this.coerce(av, t).c} : ${this.coerce(belse, t).c})`, t };
    }

    numericLiteral(txt: string, t: Ty): string {
        const clean = txt.replace(/_/g, '');
        switch (t.k) {
            case 'decimal': {
                const m = /^(-?)(\d+)(?:\.(\d+))?d?$/.exec(clean);
                if (!m) return '0';
                const frac = (m[3] ?? '').slice(0, 9).padEnd(9, '0');
                const mant = BigInt(m[2]) * 1_000_000_000n + BigInt(frac);
                const v = m[1] === '-' ? -mant : mant;
                return bigOrNum(v);
            }
            case 'duration': {
                const re = /(\d+)(ns|us|ms|s|m|h|d)/g;
                let total = 0n;
                let mm: RegExpExecArray | null;
                const units: Record<string, bigint> = { ns: 1n, us: 1000n, ms: 1000000n, s: 1000000000n, m: 60000000000n, h: 3600000000000n, d: 86400000000000n };
                while ((mm = re.exec(clean))) total += BigInt(mm[1]) * units[mm[2]];
                return bigOrNum(total);
            }
            case 'float':
                return String(Number(clean));
            default: {
                const neg = clean.startsWith('-');
                const body = neg ? clean.slice(1) : clean;
                const m = /^(0[xX][0-9a-fA-F]+|0[bB][01]+|0[oO][0-7]+|\d+)/.exec(body);
                let v = BigInt(m ? m[1] : '0');
                if (neg) v = -v;
                return bigOrNum(BigInt.asIntN(64, v));
            }
        }
    }

    // ---------------------------------------------------------------------------------- names

    private name(e: ast.NameExpression, want?: Ty): V {
        const n = e.name;
        const loc = this.scope.get(n);
        if (loc) return { c: loc.js, t: loc.t, place: true };
        if (n === 'replica') return { c: this.replicaJs, t: INT };
        const d = this.w.lookup(n, this.ns);
        if (d) {
            switch (d.kind) {
                case 'const': {
                    const t = this.w.resolveType(d.decl.type, d.ns, new Map());
                    return { c: d.js, t, place: true };
                }
                case 'fn': {
                    const ft = this.L.fnType(d, d.ns, new Map());
                    if (d.native) return { c: this.L.native(d.name), t: ft };
                    return { c: d.js, t: ft };
                }
                case 'topic':
                    return { c: JSON.stringify(this.L.wireSubject(d)), t: STRING };
            }
        }
        // Enum variant without payload: `Light::Red`, `Result_Int_String::Pending`
        const variant = this.resolveVariant(n, want ?? UNKNOWN);
        if (variant && n.includes('::')) {
            const { info, index } = variant;
            const et = this.variantEnumType(n, variant, want);
            if (info.variants[index].payload.length === 0) return { c: `${info.js}.$s[${index}]`, t: et };
            // a constructor used as a function value
            return { c: `((...a) => new ${info.js}(${index}, ...a))`, t: et };
        }
        this.L.unsupportedAt(`unknown name ${n}`, e);
        return { c: `${this.h('unsupported')}(${JSON.stringify(n)})`, t: UNKNOWN };
    }

    private variantEnumType(name: string, v: { info: EnumInfo; env: Map<string, Ty> }, want?: Ty): EnumTy {
        if (want && want.k === 'enum' && want.info === v.info) return want;
        const parts = name.split('::');
        const ename = parts.slice(0, -1).join('::');
        const t = this.w.namedType(ename, [], this.ns, this.generics);
        if (t.k === 'enum') return t;
        return { k: 'enum', info: v.info, args: v.info.generics.map((g) => v.env.get(g) ?? UNKNOWN) };
    }

    // ---------------------------------------------------------------------------------- members

    fieldType(rt: Ty, member: string, node?: AstNode): Ty {
        switch (rt.k) {
            case 'record': {
                const f = rt.info.fields.find((x) => x.name === member);
                if (!f) return UNKNOWN;
                const env = this.w.envOf(rt);
                return substitute(this.w.resolveType(f.type, rt.info.ns, env), env);
            }
            case 'locus': {
                const p = rt.info.params.find((x) => x.name === member);
                if (p) {
                    const env = this.w.envOf(rt);
                    return substitute(this.L.paramType(rt.info, p, env), env);
                }
                if (member === 'draining') return BOOL;
                if (member === 'k_max') return FLOAT;
                if (member === 'children') return { k: 'children', of: this.acceptedType(rt.info) };
                if (rt.info.form && (member === rt.info.form.slot?.name || rt.info.slots.some((s) => s.name === member))) {
                    return { k: 'array', elem: this.formElem(rt.info) };
                }
                const m = rt.info.methods.get(member);
                if (m) return this.L.fnType(m, rt.info.ns, this.w.envOf(rt));
                return UNKNOWN;
            }
            case 'tuple':
                return rt.elems[Number(member)] ?? UNKNOWN;
            case 'children':
                if (member === 'count') return INT;
                if (member === 'is_empty') return BOOL;
                return UNKNOWN;
            default:
                void node;
                return UNKNOWN;
        }
    }

    acceptedType(l: LocusInfo): Ty {
        const hooks = l.hooks.get('accept') ?? [];
        if (hooks.length === 1 && hooks[0].params[0]) return this.w.resolveType(hooks[0].params[0].type, l.ns, new Map());
        return UNKNOWN;
    }

    private member(m: ast.MemberAccess): V {
        return this.memberOf(this.expr(m.receiver, undefined), m);
    }

    /** `recv.member` with the receiver already lowered. */
    private memberOf(recv: V, m: ast.MemberAccess): V {
        const rt = recv.t;
        const mem = m.member;
        if (rt.k === 'children') {
            if (mem === 'count') return { c: `${recv.c}.length`, t: INT };
            if (mem === 'is_empty') return { c: `(${recv.c}.length === 0)`, t: BOOL };
        }
        if (rt.k === 'locus' || rt.k === 'iface') {
            if (mem === 'children') return { c: `${this.h('children')}(${recv.c})`, t: { k: 'children', of: rt.k === 'locus' ? this.acceptedType(rt.info) : UNKNOWN } };
            if (mem === 'k_max') return { c: `${this.h('kMax')}(${recv.c})`, t: FLOAT };
        }
        if (rt.k === 'tuple' && NUM_RE.test(mem)) return { c: `${recv.c}[${mem}]`, t: rt.elems[Number(mem)] ?? UNKNOWN, place: recv.place };
        if (rt.k === 'locus' && rt.info.form && rt.info.slots.some((s) => s.name === mem)) {
            return { c: `${recv.c}.$items()`, t: { k: 'array', elem: this.formElem(rt.info) } };
        }
        const t = this.fieldType(rt, mem, m);
        return { c: `${recv.c}${propKey(mem)}`, t, place: recv.place };
    }

    private index(ix: ast.IndexExpression): V {
        const recv = this.expr(ix.receiver, undefined);
        if (ix.index.$type === 'RangeExpression') {
            const r = ix.index as ast.RangeExpression;
            const a = this.expr(r.start, INT);
            const b = this.expr(r.end, INT);
            const end = r.inclusive ? `${this.h('iadd')}(${b.c}, 1)` : b.c;
            if (recv.t.k === 'string' || recv.t.k === 'stringview') return { c: `${this.h('strSlice')}(${this.strOf(recv)}, ${a.c}, ${end})`, t: STRING };
            if (recv.t.k === 'bytes') return { c: `${recv.c}.slice(Number(${a.c}), Number(${end}))`, t: BYTES };
            return { c: `${recv.c}.slice(Number(${a.c}), Number(${end}))`, t: recv.t };
        }
        const i = this.expr(ix.index, INT);
        if (recv.t.k === 'string') return { c: `${this.h('strIndex')}(${recv.c}, ${i.c})`, t: STRING };
        if (recv.t.k === 'bytes') return { c: `${recv.c}[${this.h('checkIndex')}(${recv.c}.length, ${i.c})]`, t: INT };
        const et = recv.t.k === 'array' || recv.t.k === 'bounded' ? recv.t.elem : UNKNOWN;
        if (/^[A-Za-z_$][\w$]*$/.test(recv.c)) return { c: `${recv.c}[${this.h('checkIndex')}(${recv.c}.length, ${i.c})]`, t: et, place: true };
        const r = this.tmp();
        this.hoist(`const ${r} = ${recv.c};`);
        return { c: `${r}[${this.h('checkIndex')}(${r}.length, ${i.c})]`, t: et, place: true };
    }

    // --------------------------------------------------------------------------------- literals

    private arrayLit(a: ast.ArrayLiteral, want?: Ty): V {
        const we = want && (want.k === 'array' || want.k === 'bounded') ? want.elem : undefined;
        if (a.repeat !== undefined) {
            const v = this.coerce(this.expr(a.elements[0], we), we ?? UNKNOWN);
            const et = we && we.k !== 'unknown' ? we : v.t;
            const n = Number(a.repeat.replace(/_/g, ''));
            const copy = isAggregate(et) || et.k === 'record' ? `${this.h('copier')}(${this.L.desc(et)})` : 'null';
            return { c: `${this.h('repeatArray')}(${n}, ${v.c}, ${copy})`, t: { k: 'array', elem: et, size: n } };
        }
        const vs = a.elements.map((x) => this.coerce(this.expr(x, we), we ?? UNKNOWN));
        let et: Ty = we && we.k !== 'unknown' ? we : (vs[0]?.t ?? UNKNOWN);
        if (et.k === 'int' && vs.some((v) => v.t.k === 'float')) et = FLOAT;
        return { c: `[${vs.map((v) => this.copyIfPlace(this.coerce(v, et), et)).join(', ')}]`, t: { k: 'array', elem: et, size: vs.length } };
    }

    isLocusLiteral(sl: ast.StructLiteral): boolean {
        const d = this.w.lookupType(sl.type, this.ns) ?? this.w.monomorph(sl.type, this.ns)?.decl;
        return !!d && d.kind === 'locus';
    }

    private literalType(sl: ast.StructLiteral, want?: Ty): Ty {
        const args = sl.typeArgs.map((t) => this.w.resolveType(t, this.ns, this.generics));
        let t = this.w.namedType(sl.type, args, this.ns, this.generics);
        if ((t.k === 'record' || t.k === 'locus' || t.k === 'enum') && want && want.k === t.k && want.info === t.info && t.args.some((x) => x.k === 'param')) t = want;
        return t;
    }

    private recordLiteral(sl: ast.StructLiteral, want?: Ty): V {
        let t = this.literalType(sl, want);
        if (t.k !== 'record') {
            this.L.unsupportedAt(`unknown type ${sl.type}`, sl);
            return { c: 'undefined', t: UNKNOWN };
        }
        const info = t.info;
        let env = this.w.envOf(t);
        const given = new Map(sl.fields.map((f) => [f.name, f]));
        const args: string[] = [];
        const inferred = new Map<string, Ty>();
        for (const f of info.fields) {
            const raw = this.w.resolveType(f.type, info.ns, env);
            const ft = substitute(raw, env);
            const g = given.get(f.name);
            if (g) {
                const v = this.coerce(this.expr(g.value, ft), ft);
                if (ft.k === 'param' || (raw.k !== ft.k && ft.k === 'unknown')) unify(raw, v.t, inferred);
                if (raw.k === 'param') inferred.set(raw.name, v.t);
                args.push(this.copyIfPlace(v, ft));
            } else if (f.default) {
                const fl = new FnLowerer(this.L, info.ns, null, env, UNKNOWN, undefined, this.out, false);
                fl.pre = this.pre;
                const v = fl.coerce(fl.expr(f.default, ft), ft);
                args.push(v.c);
            } else {
                args.push(this.L.zeroValue(ft, this.ns));
            }
        }
        if (inferred.size && t.args.some((a) => a.k === 'param')) {
            t = { ...t, args: info.generics.map((g, i) => (t as RecordTy).args[i].k === 'param' ? (inferred.get(g) ?? UNKNOWN) : (t as RecordTy).args[i]) };
            env = this.w.envOf(t);
        }
        return { c: `new ${info.js}(${args.join(', ')})`, t };
    }

    /**
     * A locus instance literal. `mode`: STMT (statement), LET (let-bound), VALUE (used as a value),
     * FIELD (a params default), FIELD_OF (a field reassignment on `owner`).
     */
    locusLiteral(sl: ast.StructLiteral, want: Ty | undefined, mode: string, owner?: string): V {
        const t = this.literalType(sl, want) as LocusTy;
        const info = t.info;
        const env = this.w.envOf(t);
        const fields = sl.fields.map((f) => {
            const p = info.params.find((x) => x.name === f.name);
            const pt = p ? substitute(this.L.paramType(info, p, env), env) : UNKNOWN;
            let v: V;
            if (f.value.$type === 'StructLiteral' && this.isLocusLiteral(f.value as ast.StructLiteral)) v = this.locusLiteral(f.value as ast.StructLiteral, pt, 'ORPHAN');
            else v = this.coerce(this.expr(f.value, pt), pt);
            return `${propName(f.name)}: ${this.copyIfPlace(v, pt)}`;
        });
        const ov = `{ ${fields.join(', ')} }`;
        const ctx = this.selfTy ? this.selfJs : 'null';
        const cls = info.native ? this.nativeLocus(info) : info.js;
        let modeJs: string;
        let frame = 'null';
        switch (mode) {
            case 'STMT':
                modeJs = this.h('STMT');
                frame = this.frame();
                break;
            case 'LET':
            case 'VALUE':
                modeJs = this.h('LET');
                frame = this.frame();
                break;
            case 'FIELD':
                modeJs = this.h('FIELD');
                break;
            case 'FIELD_OF':
                modeJs = this.h('FIELD');
                return { c: `${this.h('make')}(${cls}, ${ov}, ${owner}, null, ${modeJs})`, t };
            case 'ORPHAN':
                modeJs = this.h('ORPHAN');
                break;
            default:
                modeJs = this.h('LET');
        }
        this.needsDrain = true;
        return { c: `${this.h('make')}(${cls}, ${ov}, ${ctx}, ${frame}, ${modeJs})`, t };
    }

    nativeLocus(info: LocusInfo): string {
        if (!this.L.hasNative(info.name)) this.L.unsupportedAt(`std locus ${info.name}`);
        return this.L.native(info.name);
    }

    private fstring(f: ast.FormatString): V {
        const parts: string[] = [];
        f.parts.forEach((p, i) => {
            const text = formatStringSegmentText(p);
            if (text) parts.push(JSON.stringify(text));
            if (i < f.expressions.length) parts.push(this.toStr(this.expr(f.expressions[i], undefined)));
        });
        if (parts.length === 0) return { c: "''", t: STRING };
        return { c: parts.length === 1 ? parts[0] : `(${parts.join(' + ')})`, t: STRING };
    }

    // ----------------------------------------------------------------------------------- unary

    private unary(u: ast.UnaryExpression, want?: Ty): V {
        if (u.operator === '-' && (u.operand.$type === 'IntLiteral' || u.operand.$type === 'DecimalLiteral' || u.operand.$type === 'FloatLiteral' || u.operand.$type === 'DurationLiteral')) {
            const lit = u.operand as ast.IntLiteral;
            const t = u.operand.$type === 'DecimalLiteral' ? DECIMAL : u.operand.$type === 'FloatLiteral' ? FLOAT : u.operand.$type === 'DurationLiteral' ? DURATION : want && want.k === 'float' ? FLOAT : want && want.k === 'decimal' ? DECIMAL : INT;
            return { c: `(${this.numericLiteral('-' + lit.value, t)})`, t };
        }
        const v = this.expr(u.operand, want);
        switch (u.operator) {
            case '!':
                return { c: `!${paren(v.c)}`, t: BOOL };
            case '~':
                return { c: `${this.h('inot')}(${v.c})`, t: INT };
            default:
                if (v.t.k === 'float') return { c: `(-${paren(v.c)})`, t: FLOAT };
                if (v.t.k === 'decimal') return { c: `${this.h('dneg')}(${v.c})`, t: DECIMAL };
                return { c: `${this.h('ineg')}(${v.c})`, t: v.t.k === 'unknown' ? INT : v.t };
        }
    }

    // ---------------------------------------------------------------------------------- binary

    binop(op: string, l: V, r: V, node: AstNode): V {
        const lt = l.t.k;
        const rt = r.t.k;
        // String concatenation (upstream accepts String + scalar, rendering the scalar).
        if (op === '+' && (lt === 'string' || rt === 'string' || lt === 'stringview' || rt === 'stringview')) {
            return { c: `(${this.toStr(l)} + ${this.toStr(r)})`, t: STRING };
        }
        const cmp = op === '<' || op === '>' || op === '<=' || op === '>=';
        if (op === '==' || op === '!=') {
            const neg = op === '!=' ? '!' : '';
            let a = l;
            let b = r;
            if (lt === 'float' && (rt === 'int' || rt === 'duration')) b = this.coerce(r, FLOAT);
            if (rt === 'float' && (lt === 'int' || lt === 'duration')) a = this.coerce(l, FLOAT);
            if ((isAggregate(l.t) || (l.t.k === 'enum' && l.t.info.variants.some((v) => v.payload.length))) && l.t.k !== 'unknown') {
                return { c: `${neg}${this.h('equaler')}(${this.L.desc(l.t)})(${a.c}, ${b.c})`, t: BOOL };
            }
            if (lt === 'bytes' || lt === 'bytesview') return { c: `${neg}${this.h('bytesEq')}(${this.bytesOf(a)}, ${this.bytesOf(b)})`, t: BOOL };
            if (lt === 'stringview' || rt === 'stringview') return { c: `(${this.strOf(a)} ${neg ? '!==' : '==='} ${this.strOf(b)})`, t: BOOL };
            return { c: `(${a.c} ${neg ? '!==' : '==='} ${b.c})`, t: BOOL };
        }
        if (cmp) {
            let a = l;
            let b = r;
            if (lt === 'float' && rt !== 'float') b = this.coerce(r, FLOAT);
            if (rt === 'float' && lt !== 'float') a = this.coerce(l, FLOAT);
            if (lt === 'stringview' || rt === 'stringview') return { c: `(${this.strOf(a)} ${op} ${this.strOf(b)})`, t: BOOL };
            return { c: `(${a.c} ${op} ${b.c})`, t: BOOL };
        }
        // numeric
        if (lt === 'float' || rt === 'float') {
            const a = this.coerce(l, FLOAT);
            const b = this.coerce(r, FLOAT);
            if (op === '%' || op === '+' || op === '-' || op === '*' || op === '/') return { c: `(${a.c} ${op} ${b.c})`, t: FLOAT };
        }
        if (lt === 'decimal' || rt === 'decimal') {
            if (lt === 'decimal' && rt === 'decimal') {
                const f = { '+': 'dadd', '-': 'dsub', '*': 'dmul', '/': 'ddiv', '%': 'dmod' }[op];
                if (f) return { c: `${this.h(f)}(${l.c}, ${r.c})`, t: DECIMAL };
            }
            if (lt === 'decimal' && (rt === 'int' || rt === 'unknown')) {
                if (op === '*') return { c: `${this.h('dmulInt')}(${l.c}, ${r.c})`, t: DECIMAL };
                if (op === '/') return { c: `${this.h('ddivInt')}(${l.c}, ${r.c})`, t: DECIMAL };
                if (op === '+' || op === '-') return { c: `${this.h(op === '+' ? 'dadd' : 'dsub')}(${l.c}, ${this.h('intToDecimal')}(${r.c}))`, t: DECIMAL };
            }
            if (rt === 'decimal' && lt === 'int' && op === '*') return { c: `${this.h('dmulInt')}(${r.c}, ${l.c})`, t: DECIMAL };
        }
        const f = { '+': 'iadd', '-': 'isub', '*': 'imul', '/': 'idiv', '%': 'imod', '&': 'iand', '|': 'ior', '^': 'ixor', '<<': 'ishl', '>>': 'ishr' }[op];
        if (!f) {
            this.L.unsupportedAt(`operator ${op}`, node);
            return { c: 'undefined', t: UNKNOWN };
        }
        if (lt === 'bool' && (op === '&' || op === '|' || op === '^')) return { c: `(${l.c} ${op === '^' ? '!==' : op + op} ${r.c})`, t: BOOL };
        let t: Ty = INT;
        if (lt === 'duration' || rt === 'duration') t = DURATION;
        if (lt === 'duration' && rt === 'duration' && (op === '/' || op === '%')) t = op === '/' ? INT : DURATION;
        if (lt === 'time' || rt === 'time') t = TIME;
        return { c: `${this.h(f)}(${l.c}, ${r.c})`, t };
    }

    // --------------------------------------------------------------------------------- coercions

    /** Implicit widening at a typed boundary: Int → Float, BytesView → Bytes, StringView → String. */
    coerce(v: V, to: Ty): V {
        if (!to || to.k === 'unknown' || v.t.k === to.k) return v.t.k === 'unknown' && to && to.k !== 'unknown' ? { ...v, t: to } : v;
        if (to.k === 'float' && (v.t.k === 'int' || v.t.k === 'duration')) {
            if (/^-?\d+$/.test(v.c)) return { c: v.c, t: FLOAT };
            return { c: `${this.h('intToFloat')}(${v.c})`, t: FLOAT };
        }
        if (to.k === 'bytes' && v.t.k === 'bytesview') return { c: `${this.h('viewBytes')}(${v.c})`, t: BYTES };
        if (to.k === 'string' && v.t.k === 'stringview') return { c: `${this.h('viewText')}(${v.c})`, t: STRING };
        if (to.k === 'bytesview' && v.t.k === 'bytes') return { c: v.c, t: BYTES };
        if (to.k === 'stringview' && v.t.k === 'string') return { c: v.c, t: STRING };
        return v;
    }

    copyIfPlace(v: V, t: Ty): string {
        if (v.place && isAggregate(t)) return `${this.h('copier')}(${this.L.desc(t)})(${v.c})`;
        return v.c;
    }

    strOf(v: V): string {
        if (v.t.k === 'stringview') return `${this.h('viewText')}(${v.c})`;
        return v.c;
    }

    bytesOf(v: V): string {
        if (v.t.k === 'bytesview') return `${this.h('viewBytes')}(${v.c})`;
        return v.c;
    }

    /** Render a value as upstream's `println` / `to_string` do. */
    toStr(v: V): string {
        switch (v.t.k) {
            case 'string':
            case 'time':
                return v.c;
            case 'stringview':
                return `${this.h('viewText')}(${v.c})`;
            case 'int':
                return `${this.h('fmtInt')}(${v.c})`;
            case 'float':
                return `${this.h('fmtG')}(${v.c})`;
            case 'bool':
                return `(${v.c} ? "true" : "false")`;
            case 'decimal':
                return `${this.h('fmtDecimal')}(${v.c})`;
            case 'duration':
                return `${this.h('fmtDuration')}(${v.c})`;
            case 'bytes':
                return `${this.h('bytesText')}(${v.c})`;
            case 'bytesview':
                return `${this.h('bytesText')}(${this.h('viewBytes')}(${v.c}))`;
            case 'unknown':
                return `${this.h('showAny')}(${v.c})`;
            default:
                return `${this.h('shower')}(${this.L.desc(v.t)})(${v.c})`;
        }
    }

    // ------------------------------------------------------------------------------------ calls

    calleeFnType(ce: ast.CallExpression): FnTy | undefined {
        const c = ce.callee;
        if (c.$type === 'NameExpression') {
            const n = (c as ast.NameExpression).name;
            const loc = this.scope.get(n);
            if (loc && loc.t.k === 'fn') return loc.t;
            const d = this.w.lookup(n, this.ns);
            if (d && d.kind === 'fn') return this.L.fnType(d, d.ns, new Map());
            return BUILTIN_FALLIBLE[n];
        }
        if (c.$type === 'MemberAccess') {
            const ma = c as ast.MemberAccess;
            const rt = this.peekType(ma.receiver);
            if (rt.k === 'locus') {
                const m = rt.info.methods.get(ma.member);
                if (m) return this.L.fnType(m, rt.info.ns, this.w.envOf(rt));
                if (rt.info.form) return formMethodType(rt.info.form.kind, ma.member, this.formElem(rt.info), this.w);
            }
            if (rt.k === 'iface') {
                const m = rt.info.methods.get(ma.member);
                if (m) return this.ifaceMethodType(rt.info, m);
            }
        }
        return undefined;
    }

    ifaceMethodType(i: IfaceInfo, m: ast.InterfaceMethod): FnTy {
        const g = new Map<string, Ty>();
        return {
            k: 'fn',
            params: m.params.map((p) => this.w.resolveType(p.type, i.ns, g)),
            ret: m.returnType ? this.w.resolveType(m.returnType, i.ns, g) : UNIT,
            fallible: m.fallible ? this.w.resolveType(m.fallible, i.ns, g) : undefined,
        };
    }

    private args(params: Ty[], args: ast.Expression[], decl?: ast.Parameter[], env?: Map<string, Ty>, copyPlaces = false): string[] {
        const out: string[] = [];
        for (let i = 0; i < Math.max(args.length, params.length); i++) {
            const pt = params[i] ? (env ? substitute(params[i], env) : params[i]) : UNKNOWN;
            if (i < args.length) {
                const v = this.coerce(this.expr(args[i], pt.k === 'param' ? undefined : pt), pt);
                if (env && params[i]) unify(params[i], v.t, env);
                out.push(copyPlaces ? this.copyIfPlace(v, v.t.k === 'unknown' ? pt : v.t) : v.c);
            } else if (decl && decl[i]?.default) {
                // defaults are evaluated at the call site, in the caller's scope
                out.push(this.coerce(this.expr(decl[i].default!, pt), pt).c);
            }
        }
        return out;
    }

    call(ce: ast.CallExpression, want?: Ty): V {
        const callee = ce.callee;
        if (callee.$type === 'NameExpression') {
            const ne = callee as ast.NameExpression;
            const n = ne.name;
            const loc = this.scope.get(n);
            if (loc) {
                const ft = loc.t.k === 'fn' ? loc.t : undefined;
                const args = this.args(ft?.params ?? [], ce.args);
                return { c: `${loc.js}(${args.join(', ')})`, t: ft?.ret ?? UNKNOWN };
            }
            const b = this.builtin(n, ce, want);
            if (b) return b;
            const d = this.w.lookup(n, this.ns);
            if (d && d.kind === 'fn') return this.callFn(d, ce, ne);
            // enum constructor with payload
            const variant = this.resolveVariant(n, want ?? UNKNOWN);
            if (variant && n.includes('::')) {
                const { info, index, env } = variant;
                const payload = info.variants[index].payload.map((p) => substitute(this.w.resolveType(p, info.ns, env), env));
                const args = ce.args.map((a, i) => this.coerce(this.expr(a, payload[i]), payload[i] ?? UNKNOWN));
                const et = this.variantEnumType(n, variant, want);
                return { c: `new ${info.js}(${index}${args.map((a) => ', ' + a.c).join('')})`, t: et };
            }
            // Type::from_json / Type::to_json
            const tm = /^(.*)::(from_json|to_json)$/.exec(n);
            if (tm) {
                const t = this.w.namedType(tm[1], [], this.ns, this.generics);
                const args = ce.args.map((a) => this.expr(a, tm[2] === 'from_json' ? STRING : t));
                if (tm[2] === 'from_json') return { c: `${this.h('fromJson')}(${this.L.desc(t)}, ${args[0].c})`, t };
                return { c: `${this.h('toJson')}(${this.L.desc(t)}, ${args[0].c})`, t: STRING };
            }
            this.L.unsupportedAt(`call of unknown function ${n}`, ce);
            return { c: `${this.h('unsupported')}(${JSON.stringify(n)})`, t: UNKNOWN };
        }
        if (callee.$type === 'MemberAccess') return this.methodCall(callee as ast.MemberAccess, ce, want);
        const f = this.expr(callee, undefined);
        const ft = f.t.k === 'fn' ? f.t : undefined;
        const args = this.args(ft?.params ?? [], ce.args);
        return { c: `${paren(f.c)}(${args.join(', ')})`, t: ft?.ret ?? UNKNOWN };
    }

    private callFn(d: FnInfo, ce: ast.CallExpression, ne: ast.NameExpression): V {
        const generics = new Map<string, Ty>();
        for (const g of d.decl.generics) generics.set(g.name, { k: 'param', name: g.name });
        const ft = this.L.fnType(d, d.ns, generics);
        const env = new Map<string, Ty>();
        ne.typeArgs.forEach((ta, i) => {
            const g = d.decl.generics[i];
            if (g) env.set(g.name, this.w.resolveType(ta, this.ns, this.generics));
        });
        const args = this.args(ft.params, ce.args, d.decl.params, env);
        const ret = substitute(ft.ret, env);
        if (d.native && d.ffi === 'js') {
            // a host import: Int/Duration cross as JS numbers, an Int result is truncated back
            const js = ft.params.map((p, i) => (p.k === 'int' || p.k === 'duration' ? `Number(${args[i]})` : args[i]));
            const call = `${this.h('ffiJs')}(${JSON.stringify(d.name)})(${js.join(', ')})`;
            if (ret.k === 'int' || ret.k === 'duration') return { c: `${this.h('ffiInt')}(${call})`, t: ret };
            if (ret.k === 'unit') return { c: `void ${call}`, t: ret };
            return { c: call, t: ret };
        }
        if (d.native) {
            if (d.ffi) this.L.unsupportedAt(`@ffi("${d.ffi}") fn ${d.name}`, ce);
            else if (!this.L.hasNative(d.name)) this.L.unsupportedAt(`std function ${d.name}`, ce);
            if (this.gen && d.name === 'std::time::sleep') return { c: `(yield* ${this.h('gsleepNs')}(${args.join(', ')}))`, t: ret };
            if (this.gen && this.asyncMode && this.L.hasGenNative(d.name)) return { c: `(yield* ${this.L.native('$g:' + d.name)}(${args.join(', ')}))`, t: ret };
            const call = `${this.L.native(d.name)}(${args.join(', ')})`;
            if (ft.fallible && !this.addressed.has(ce)) {
                // A fallible std call used bare yields its sentinel on failure (upstream's pre-`or` shape).
                const sentinel = BARE_SENTINEL[d.name] ?? this.L.zeroValue(ret, this.ns);
                return { c: `${this.h('bare')}(() => ${call}, ${sentinel})`, t: ret };
            }
            return { c: call, t: ret };
        }
        if (this.L.world.decls.get(d.name) === d && this.fnMayPublish(d)) this.needsDrain = true;
        if (this.gen && this.L.suspends(d.decl.body, d.ns, null, this.asyncMode)) return { c: `(yield* ${d.js}$g(${args.join(', ')}))`, t: ret };
        return { c: `${d.js}(${args.join(', ')})`, t: ret };
    }

    private fnMayPublish(_d: FnInfo): boolean {
        return false;
    }

    private methodCall(ma: ast.MemberAccess, ce: ast.CallExpression, want?: Ty): V {
        const chain = this.elementChain(ma, ce);
        if (chain) return chain;
        const recv = this.expr(ma.receiver, undefined);
        const rt = recv.t;
        const name = ma.member;
        if (rt.k === 'locus') {
            const info = rt.info;
            const env = this.w.envOf(rt);
            const m = info.methods.get(name);
            if (m) {
                const ft = this.L.fnType(m, info.ns, env);
                const args = this.args(ft.params, ce.args, (m.decl as ast.FunctionDecl).params, new Map(env));
                if (this.gen && !m.native && this.L.poolTypes.has(info) && this.L.suspends((m.decl as ast.FunctionDecl).body, info.ns, info, this.asyncMode)) {
                    return { c: `(yield* ${recv.c}.$g_${name}(${args.join(', ')}))`, t: ft.ret };
                }
                const call = `${recv.c}.${safeMethod(name)}(${args.join(', ')})`;
                const isOther = recv.c !== this.selfJs;
                if (isOther && this.L.isGuarded(info)) {
                    return { c: `${this.h('callGuarded')}(${recv.c}, () => ${call}, ${this.L.zeroValue(ft.ret, this.ns)})`, t: ft.ret };
                }
                return { c: call, t: ft.ret };
            }
            // a param of fn type called as a method: `self.cb(42)`
            const p = info.params.find((x) => x.name === name);
            if (p) {
                const pt = this.L.paramType(info, p, env);
                const ft = pt.k === 'fn' ? pt : undefined;
                const args = this.args(ft?.params ?? [], ce.args);
                return { c: `${recv.c}${propKey(name)}(${args.join(', ')})`, t: ft?.ret ?? UNKNOWN };
            }
            if (info.form) {
                const ft = formMethodType(info.form.kind, name, this.formElem(info), this.w);
                if (ft) {
                    // A stored element is the collection's own copy (value semantics).
                    const args = this.args(ft.params, ce.args, undefined, undefined, true);
                    return { c: `${recv.c}.${name}(${args.join(', ')})`, t: ft.ret };
                }
            }
            if (name === 'draining') return { c: `${recv.c}.draining`, t: BOOL };
        }
        if (rt.k === 'iface') {
            const m = rt.info.methods.get(name);
            if (m) {
                const ft = this.ifaceMethodType(rt.info, m);
                const args = this.args(ft.params, ce.args);
                return { c: `${recv.c}.${name}(${args.join(', ')})`, t: ft.ret };
            }
        }
        if (rt.k === 'record') {
            const f = rt.info.fields.find((x) => x.name === name);
            if (f) {
                const ft = this.fieldType(rt, name);
                const args = this.args(ft.k === 'fn' ? ft.params : [], ce.args);
                return { c: `${recv.c}${propKey(name)}(${args.join(', ')})`, t: ft.k === 'fn' ? ft.ret : UNKNOWN };
            }
        }
        if (rt.k === 'array' || rt.k === 'locus' || rt.k === 'children') {
            const chain = this.chain(ma, ce, recv, want);
            if (chain) return chain;
        }
        // unknown receiver: dynamic call
        const args = ce.args.map((a) => this.expr(a, undefined).c);
        if (rt.k !== 'unknown') this.L.unsupportedAt(`method ${name} on ${showTy(rt)}`, ce);
        return { c: `${recv.c}.${name}(${args.join(', ')})`, t: UNKNOWN };
    }

    private chain(_ma: ast.MemberAccess, ce: ast.CallExpression, _recv: V, _want?: Ty): V | null {
        void ce;
        return null;
    }

    /**
     * Element chains (semantics.md § Element chains): `xs.filter(it > 2).map(it * 10).sum()` is one fused
     * loop, hoisted before the statement that uses it; the expression's value is the terminal's result.
     * Recognition is the spec's: with a stage every terminal counts; stage-less, only a terminal whose
     * argument mentions `it`, or a `*_into` terminal. Nothing is allocated between stages.
     */
    private elementChain(ma: ast.MemberAccess, ce: ast.CallExpression): V | null {
        const terminal = ma.member;
        if (!CHAIN_TERMINALS.has(terminal)) return null;
        const { stages } = chainStages(ma.receiver);
        if (stages.length === 0 && !terminal.endsWith('_into') && !ce.args.some((a) => mentionsName(a, 'it'))) return null;
        return this.lowerChain(ma.receiver, terminal, ce.args, ce);
    }

    /**
     * Lower a recognised chain: `receiver` is the chain up to the terminal (source and stages). The loop is
     * hoisted before the current statement and the terminal's result returned; an `each` terminal's loop
     * is emitted in place with `eachBody` as its body.
     */
    private lowerChain(receiver: ast.Expression, terminal: string, args: ast.Expression[], node: AstNode, eachBody?: ast.Block): V {
        const { stages, base } = chainStages(receiver);
        // the source, evaluated once; `form.entries` / `form.items` (or the form's slot name) anchor a chain on a form
        let src: V;
        if (base.$type === 'MemberAccess') {
            const bm = base as ast.MemberAccess;
            const r = this.expr(bm.receiver, undefined);
            const f = r.t.k === 'locus' ? r.t.info.form : undefined;
            if (r.t.k === 'locus' && f && (bm.member === 'entries' || bm.member === 'items' || bm.member === f.slot?.name)) src = r;
            else src = this.memberOf(r, bm);
        } else src = this.expr(base, undefined);
        let elemT: Ty;
        let items: string;
        const st = src.t;
        if (st.k === 'array' || st.k === 'bounded') {
            elemT = st.elem;
            items = src.c;
        } else if (st.k === 'children') {
            elemT = st.of;
            items = `${src.c}.slice()`;
        } else if (st.k === 'locus' && st.info.form) {
            elemT = this.formElem(st.info);
            items = `${src.c}.$items()`;
        } else {
            this.L.unsupportedAt(`element chain over ${showTy(st)}`, node);
            return { c: 'undefined', t: UNKNOWN };
        }
        const srcVar = this.tmp();
        const li = this.tmp(); // the loop index: the found element's index for first/find/min/max
        const res = this.tmp();
        const pre: string[] = [`const ${srcVar} = ${items};`]; // before the loop: limits, accumulators
        const body: string[] = [];
        const post: string[] = [];
        let scopes = 1;
        this.push();
        let itJs = this.declare('it', elemT, false);
        const firstIt = itJs;
        let itT = elemT;
        let mapped = false;
        // an expression evaluated per element: its hoisted statements go inside the loop
        const each = (e: ast.Expression, want?: Ty): V => {
            const [p, v] = this.isolated(() => this.expr(e, want));
            body.push(...p);
            return v;
        };
        // an expression evaluated once, before the loop
        const once = (e: ast.Expression, want?: Ty): V => {
            const [p, v] = this.isolated(() => this.expr(e, want));
            pre.push(...p);
            return v;
        };
        for (const stg of stages) {
            const a = stg.ce.args;
            switch (stg.name) {
                case 'filter':
                    body.push(`if (!(${each(a[0], BOOL).c})) continue;`);
                    break;
                case 'map': {
                    const v = each(a[0], undefined);
                    this.push();
                    scopes++;
                    itJs = this.declare('it', v.t, false);
                    itT = v.t;
                    mapped = true;
                    body.push(`const ${itJs} = ${v.c};`);
                    break;
                }
                case 'take':
                case 'skip': {
                    const n = this.tmp();
                    const c = this.tmp();
                    pre.push(`const ${n} = ${once(a[0], INT).c};`, `let ${c} = 0;`);
                    body.push(stg.name === 'take' ? `if (${c} >= ${n}) break; ${c}++;` : `if (${c} < ${n}) { ${c}++; continue; }`);
                    break;
                }
                case 'enumerate': {
                    const c = this.tmp();
                    pre.push(`let ${c} = 0;`);
                    body.push(`const ${this.declare('idx', INT, false)} = ${c}++;`);
                    break;
                }
            }
        }
        let result: V = { c: 'undefined', t: UNIT };
        // fallible terminals ride the source's own `get`: an empty result is the ordinary IndexError
        const fallible = (): void => {
            if (mapped) this.L.unsupportedAt(`${terminal} after map (project after the ${terminal}, on the element it returns)`, node);
            post.push(`if (${res} < 0) throw ${this.h('indexFailure')}(0, ${srcVar}.length);`);
            result = { c: `${srcVar}[${res}]`, t: elemT };
        };
        switch (terminal) {
            case 'count':
                pre.push(`let ${res} = 0;`);
                body.push(`${res}++;`);
                result = { c: res, t: INT };
                break;
            case 'sum': {
                let accT: Ty = itT.k === 'float' || itT.k === 'decimal' || itT.k === 'duration' ? itT : INT;
                let seed = '0';
                if (args[0]) {
                    const sv = once(args[0], undefined);
                    accT = sv.t;
                    seed = sv.c;
                }
                pre.push(`let ${res} = ${seed};`);
                const add =
                    accT.k === 'float'
                        ? `${res} + Number(${itJs})`
                        : accT.k === 'decimal'
                          ? `${this.h('dadd')}(${res}, ${itJs})`
                          : `${this.h('iadd')}(${res}, ${itJs})`;
                body.push(`${res} = ${add};`);
                result = { c: res, t: accT };
                break;
            }
            case 'any':
            case 'all': {
                const isAny = terminal === 'any';
                pre.push(`let ${res} = ${isAny ? 'false' : 'true'};`);
                const c = args[0] ? each(args[0], BOOL).c : 'true';
                body.push(isAny ? `if (${c}) { ${res} = true; break; }` : `if (!(${c})) { ${res} = false; break; }`);
                result = { c: res, t: BOOL };
                break;
            }
            case 'first':
            case 'find': {
                pre.push(`let ${res} = -1;`);
                const c = args[0] ? each(args[0], BOOL).c : 'true';
                body.push(`if (${c}) { ${res} = ${li}; break; }`);
                fallible();
                break;
            }
            case 'min':
            case 'max': {
                const key = this.tmp();
                const kv = this.tmp();
                pre.push(`let ${res} = -1;`, `let ${key};`);
                const k = args[0] ? each(args[0], undefined).c : itJs;
                body.push(`const ${kv} = ${k};`, `if (${res} < 0 || ${kv} ${terminal === 'max' ? '>' : '<'} ${key}) { ${res} = ${li}; ${key} = ${kv}; }`);
                fallible();
                break;
            }
            case 'into':
            case 'sort_into':
            case 'reverse_into': {
                const tv = this.tmp();
                pre.push(`const ${tv} = ${once(args[0], undefined).c};`);
                body.push(`${tv}.push(${this.copyIfPlace({ c: itJs, t: itT }, itT)});`);
                if (terminal === 'sort_into') post.push(args[1] ? `${tv}.sort_by(${this.expr(args[1], undefined).c});` : `${tv}.sort();`);
                else if (terminal === 'reverse_into') post.push(`${tv}.$items().reverse();`);
                break;
            }
            case 'group_count_into': {
                const tv = this.tmp();
                pre.push(`const ${tv} = ${once(args[0], undefined).c};`);
                body.push(`${tv}.bump(${args[1] ? each(args[1], undefined).c : itJs});`);
                break;
            }
        }
        if (eachBody) {
            // the block runs in the enclosing scope with `it` (and `idx`) bound; break/continue act on the loop
            for (const l of pre) this.hoist(l);
            this.flushPre(node);
            this.out.open(`for (let ${li} = 0; ${li} < ${srcVar}.length; ${li}++) {`, this.L.pos(node));
            this.out.line(`const ${firstIt} = ${srcVar}[${li}];`);
            for (const l of body) this.out.line(l);
            this.block(eachBody);
            this.out.close();
            for (let i = 0; i < scopes; i++) this.pop();
            return { c: 'undefined', t: UNIT };
        }
        for (let i = 0; i < scopes; i++) this.pop();
        for (const l of pre) this.hoist(l);
        this.hoist(`for (let ${li} = 0; ${li} < ${srcVar}.length; ${li}++) {`);
        this.hoist(`    const ${firstIt} = ${srcVar}[${li}];`);
        for (const l of body) this.hoist('    ' + l);
        this.hoist('}');
        for (const l of post) this.hoist(l);
        return result;
    }

    // ---------------------------------------------------------------------------------- builtins

    private builtin(n: string, ce: ast.CallExpression, want?: Ty): V | null {
        const args = ce.args;
        switch (n) {
            case 'println':
            case 'print':
            case 'eprintln': {
                const parts = args.map((a) => this.toStr(this.expr(a, undefined)));
                const s = parts.length === 0 ? "''" : parts.join(' + ');
                return { c: `${this.h(n)}(${s})`, t: UNIT };
            }
            case 'to_string': {
                const v = this.expr(args[0], undefined);
                return { c: this.toStr(v), t: STRING };
            }
            case 'len': {
                const v = this.expr(args[0], undefined);
                switch (v.t.k) {
                    case 'string':
                        return { c: `${this.h('strLen')}(${v.c})`, t: INT };
                    case 'stringview':
                        return { c: `${this.h('strLen')}(${this.h('viewText')}(${v.c}))`, t: INT };
                    case 'bytesview':
                        return { c: `${this.h('viewBytes')}(${v.c}).length`, t: INT };
                    default:
                        return { c: `${this.h('lenOf')}(${v.c})`, t: INT };
                }
            }
            case 'sum':
            case 'count':
            case 'mean': {
                if (!this.closureAcc) return n === 'count' ? this.boundedBuiltin(n, args) : null;
                const A = this.closureAcc;
                if (n === 'count') return { c: `${A}.n`, t: INT };
                const v = this.expr(args[0], undefined);
                const k = `s${this.accN++}`;
                const add = `(${A}.${k} = (${A}.${k} ?? 0) + Number(${v.c}))`;
                if (n === 'sum') return { c: add, t: v.t.k === 'int' ? INT : FLOAT };
                return { c: `(${add} / ${A}.n)`, t: FLOAT };
            }
            case 'starts_with':
            case 'ends_with':
            case 'contains': {
                if (this.scope.get(n) || this.w.lookup(n, this.ns)?.kind === 'fn') return null;
                const vs = args.map((a) => this.strOf(this.expr(a, STRING)));
                return { c: `${this.L.native('std::str::' + n)}(${vs.join(', ')})`, t: BOOL };
            }
            case 'check_closures':
                return { c: `${this.h('checkExplicit')}(${this.selfJs})`, t: UNIT };
            case 'abs':
            case 'min':
            case 'max': {
                if (this.scope.get(n) || this.w.lookup(n, this.ns)?.kind === 'fn') return null;
                const vs = args.map((a) => this.expr(a, undefined));
                const isF = vs.some((v) => v.t.k === 'float');
                const isD = vs.some((v) => v.t.k === 'decimal');
                const t: Ty = isF ? FLOAT : isD ? DECIMAL : vs[0]?.t.k === 'duration' ? DURATION : INT;
                const cs = vs.map((v) => this.coerce(v, t).c);
                if (n === 'abs') return { c: `${this.h(isF ? 'fabsF' : 'absN')}(${cs[0]})`, t };
                return { c: `${this.h(n === 'min' ? 'minN' : 'maxN')}(${cs.join(', ')})`, t };
            }
            case 'Int': {
                const v = this.expr(args[0], undefined);
                if (v.t.k === 'float') return { c: `${this.h('floatToInt')}(${v.c})`, t: INT };
                if (v.t.k === 'decimal') return { c: `${this.h('decimalToInt')}(${v.c})`, t: INT };
                return { c: v.c, t: INT };
            }
            case 'Float': {
                const v = this.expr(args[0], undefined);
                if (v.t.k === 'decimal') return { c: `${this.h('decimalToFloat')}(${v.c})`, t: FLOAT };
                return this.coerce(v, FLOAT);
            }
            case 'Decimal': {
                const v = this.expr(args[0], undefined);
                if (v.t.k === 'int') return { c: `${this.h('intToDecimal')}(${v.c})`, t: DECIMAL };
                if (v.t.k === 'float') return { c: `${this.h('floatToDecimal')}(${v.c})`, t: DECIMAL };
                return { c: v.c, t: DECIMAL };
            }
            case 'push':
            case 'at':
            case 'set':
            case 'clear':
            case 'truncate':
                return this.boundedBuiltin(n, args);
            default:
                return null;
        }
        void want;
    }

    /** `push(b, x)`, `at(b, i)`, `count(b)` ... on a bounded array; null when `n` names something else. */
    private boundedBuiltin(n: string, args: any[]): V | null {
        if (this.scope.get(n) || this.w.lookup(n, this.ns)) return null;
        const v0 = args[0] ? this.expr(args[0], undefined) : null;
        if (!v0 || v0.t.k !== 'bounded') return null; // a user fn of that name
        const b = v0.t;
        const idx = (i: number) => n === 'at' || (n === 'set' && i === 0) || n === 'truncate';
        const rest = args.slice(1).map((a, i) => this.coerce(this.expr(a, idx(i) ? INT : b.elem), idx(i) ? INT : b.elem));
        const ret: Ty = n === 'at' ? b.elem : n === 'count' ? INT : UNIT;
        return { c: `${this.h('bounded_' + n)}(${v0.c}, ${b.cap}${rest.map((r) => ', ' + this.copyIfPlace(r, b.elem)).join('')})`, t: ret };
    }
}

const BUILTIN_FALLIBLE: Record<string, FnTy | undefined> = {};

/** Element-chain vocabulary (semantics.md § Element chains). */
const CHAIN_STAGES = new Set(['filter', 'map', 'take', 'skip', 'enumerate']);
const CHAIN_TERMINALS = new Set(['count', 'sum', 'into', 'any', 'all', 'first', 'find', 'min', 'max', 'sort_into', 'reverse_into', 'group_count_into']);

/** Unwind `src.filter(..).map(..)` into its source and stages (innermost first). */
function chainStages(receiver: ast.Expression): { base: ast.Expression; stages: { name: string; ce: ast.CallExpression }[] } {
    const stages: { name: string; ce: ast.CallExpression }[] = [];
    let base = receiver;
    for (;;) {
        if (base.$type !== 'CallExpression') break;
        const c = base as ast.CallExpression;
        if (c.callee.$type !== 'MemberAccess') break;
        const m = c.callee as ast.MemberAccess;
        if (!CHAIN_STAGES.has(m.member)) break;
        stages.unshift({ name: m.member, ce: c });
        base = m.receiver;
    }
    return { base, stages };
}

/** Does `node` mention the bare name `name` (an element chain's `it`)? */
function mentionsName(node: any, name: string): boolean {
    if (!node || typeof node !== 'object') return false;
    if (node.$type === 'NameExpression' && node.name === name) return true;
    for (const k of Object.keys(node)) {
        if (k.startsWith('$')) continue;
        const v = node[k];
        if (Array.isArray(v)) {
            if (v.some((x) => mentionsName(x, name))) return true;
        } else if (v && typeof v === 'object' && typeof v.$type === 'string' && mentionsName(v, name)) return true;
    }
    return false;
}

/** What a fallible std call returns when used without `or` (otherwise the zero value of its type). */
const BARE_SENTINEL: Record<string, string> = {
    'std::bytes::at': '-1',
    'std::io::tcp::listen_socket': '-1',
    'std::io::tcp::connect': '-1',
    'std::io::tcp::accept_one': '-1',
    'std::io::udp::bind': '-1',
    'std::io::fs::list_dir_count': '0',
};

export function formMethodType(kind: string, name: string, elem: Ty, w: World): FnTy | undefined {
    const err = (n: string) => w.namedType(n, [], '', new Map());
    const fn = (params: Ty[], ret: Ty, fallible?: Ty): FnTy => ({ k: 'fn', params, ret, fallible });
    const keyT = elem.k === 'record' ? keyTypeOf(elem) : INT;
    switch (kind) {
        case 'vec':
            switch (name) {
                case 'push':
                    return fn([elem], UNIT);
                case 'get':
                    return fn([INT], elem, err('IndexError'));
                case 'set':
                    return fn([INT, elem], UNIT, err('IndexError'));
                case 'pop':
                    return fn([], elem, err('IndexError'));
                case 'len':
                    return fn([], INT);
                case 'is_empty':
                    return fn([], BOOL);
                case 'clear':
                    return fn([], UNIT);
                case 'sort':
                case 'sort_by':
                case 'sort_desc_by':
                    return fn([UNKNOWN], UNIT);
                case 'insert':
                    return fn([INT, elem], UNIT, err('IndexError'));
                case 'remove':
                    return fn([INT], elem, err('IndexError'));
                case 'contains':
                    return fn([elem], BOOL);
            }
            return undefined;
        case 'hashmap':
        case 'lru_cache':
        case 'set':
            switch (name) {
                case 'set':
                case 'put':
                case 'insert':
                    return fn([elem], kind === 'set' ? BOOL : UNIT);
                case 'get':
                    return fn([keyT], elem, err('KeyError'));
                case 'remove':
                    return fn([keyT], UNIT, err('KeyError'));
                case 'has':
                case 'contains':
                    return fn([keyT], BOOL);
                case 'len':
                    return fn([], INT);
                case 'is_empty':
                    return fn([], BOOL);
                case 'clear':
                    return fn([], UNIT);
                case 'key_at':
                    return fn([INT], keyT, err('IndexError'));
                case 'entry_at':
                    return fn([INT], elem, err('IndexError'));
                case 'bump':
                    return fn([keyT], UNIT);
            }
            return undefined;
        case 'ring_buffer':
            switch (name) {
                case 'push':
                    return fn([elem], BOOL);
                case 'pop':
                    return fn([], elem, err('EmptyError'));
                case 'peek':
                    return fn([], elem, err('EmptyError'));
                case 'len':
                    return fn([], INT);
                case 'is_empty':
                    return fn([], BOOL);
                case 'is_full':
                    return fn([], BOOL);
                case 'clear':
                    return fn([], UNIT);
                case 'get':
                    return fn([INT], elem, err('IndexError'));
            }
            return undefined;
    }
    return undefined;
}

function keyTypeOf(elem: RecordTy): Ty {
    void elem;
    return UNKNOWN;
}

function bigOrNum(v: bigint): string {
    if (v <= 9007199254740991n && v >= -9007199254740991n) return v < 0n ? `(${v})` : String(v);
    return `${v}n`;
}

function paren(c: string): string {
    return /^[\w$.]+$/.test(c) || /^\(.*\)$/.test(c) ? c : `(${c})`;
}

function propKey(name: string): string {
    return /^[A-Za-z_$][\w$]*$/.test(name) ? `.${name}` : `[${JSON.stringify(name)}]`;
}

function propName(name: string): string {
    return /^[A-Za-z_$][\w$]*$/.test(name) ? name : JSON.stringify(name);
}

export { BYTES, STRINGVIEW, NEVER, tyEq, isNumeric };
export type { Decl, MethodInfo };
