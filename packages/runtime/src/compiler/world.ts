// Every declaration a program can name: its own files, the libraries it imports (`import "lib" as a;`
// puts their declarations under `a::`), and Loom's std prelude (std declarations in Hale syntax, whose
// body-less fns and locus methods the runtime implements natively). Also type-expression resolution.

import type * as ast from 'hale-language';
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
    prim,
    type Decl,
    type EnumInfo,
    type FnInfo,
    type IfaceInfo,
    type LocusInfo,
    type MethodInfo,
    type RecordInfo,
    type TopicInfo,
    type Ty,
} from './ty.js';

export class CompileError extends Error {
    constructor(
        message: string,
        public readonly node?: object,
    ) {
        super(message);
    }
}

export function jsIdent(name: string): string {
    return name.replace(/::/g, '$').replace(/[^A-Za-z0-9_$]/g, '_');
}

const JS_RESERVED = new Set(
    (
        'break case catch class const continue debugger default delete do else enum export extends false finally for ' +
        'function if import in instanceof new null return super switch this throw true try typeof var void while with ' +
        'yield let static implements interface package private protected public await arguments eval undefined NaN ' +
        'Infinity Object Array String Number Boolean Math JSON Symbol Map Set Error Promise BigInt Date globalThis ' +
        'constructor prototype'
    ).split(' '),
);

export function safeLocal(name: string): string {
    return JS_RESERVED.has(name) ? name + '_' : name;
}

function decoratorArgs(d: ast.Decorator): Map<string, ast.DecoratorArg> {
    const m = new Map<string, ast.DecoratorArg>();
    d.args.forEach((a, i) => m.set(a.key ?? `#${i}`, a));
    return m;
}

export function exprText(e: ast.Expression | undefined): string | undefined {
    if (!e) return undefined;
    const any = e as any;
    if (any.$type === 'NameExpression') return any.name;
    if (any.$type === 'IntLiteral' || any.$type === 'StringLiteral') return String(any.value);
    return any.$cstNode?.text;
}

export class World {
    readonly decls = new Map<string, Decl>();
    readonly topicsBySubject = new Map<string, TopicInfo>();
    /** Program files' declarations first, then libraries, then the prelude. */
    readonly order: Decl[] = [];
    /** Prelude declarations the program actually uses (only those are emitted). */
    readonly used = new Set<Decl>();

    add(d: Decl): void {
        if (this.decls.has(d.name)) return; // first wins (program over prelude)
        this.decls.set(d.name, d);
        this.order.push(d);
    }

    collect(program: ast.Program, ns: string, fromPrelude: boolean, file?: string): void {
        for (const imp of program.imports) void imp; // imports are loaded by the driver
        this.collectDecls(program.declarations, ns, fromPrelude, file);
    }

    private qual(ns: string, name: string): string {
        return ns ? `${ns}::${name}` : name;
    }

    collectDecls(decls: ast.TopDecl[], ns: string, fromPrelude: boolean, file?: string): void {
        for (const d of decls) {
            const base = (name: string) => ({
                name: this.qual(ns, name),
                js: jsIdent(this.qual(ns, name)),
                ns,
                file,
                fromPrelude,
            });
            switch (d.$type) {
                case 'TypeDecl': {
                    const td = d as ast.TypeDecl;
                    const generics = td.generics.map((g) => g.name);
                    if (td.variants.length) {
                        this.add({
                            kind: 'enum',
                            ...base(td.name),
                            decl: td,
                            generics,
                            variants: td.variants.map((v) => ({ name: v.name, payload: v.payload })),
                        } satisfies EnumInfo);
                    } else if (td.alias) {
                        this.add({ kind: 'alias', ...base(td.name), decl: td, target: td.alias });
                    } else {
                        this.add({
                            kind: 'record',
                            ...base(td.name),
                            decl: td,
                            generics,
                            fields: td.fields.map((f) => ({ name: f.name, type: f.type, default: f.default, tag: f.tag })),
                        } satisfies RecordInfo);
                    }
                    break;
                }
                case 'LocusDecl':
                    this.add(this.locusInfo(d as ast.LocusDecl, base((d as ast.LocusDecl).name), fromPrelude));
                    break;
                case 'FunctionDecl': {
                    const fd = d as ast.FunctionDecl;
                    const ffiDec = fd.decorators.find((x) => x.name === 'ffi');
                    const ffi = ffiDec ? exprText(ffiDec.args[0]?.value as ast.Expression)?.replace(/"/g, '') : undefined;
                    this.add({ kind: 'fn', ...base(fd.name), decl: fd, native: !fd.body, ffi } satisfies FnInfo);
                    break;
                }
                case 'ConstDecl':
                    this.add({ kind: 'const', ...base((d as ast.ConstDecl).name), decl: d as ast.ConstDecl });
                    break;
                case 'TopicDecl': {
                    const t = d as ast.TopicDecl;
                    const info: TopicInfo = {
                        kind: 'topic',
                        ...base(t.name),
                        decl: t,
                        subject: t.name,
                        onUnmatched: 'swallow',
                        parent: t.parent,
                    };
                    let own: string | undefined;
                    for (const f of t.fields) {
                        if (f.$type === 'TopicPayload') info.payload = (f as ast.TopicPayload).type;
                        else if (f.$type === 'TopicSubject') own = (f as ast.TopicSubject).subject;
                        else if (f.$type === 'TopicKeyedBy') info.keyedBy = (f as ast.TopicKeyedBy).key;
                        else if (f.$type === 'TopicOnUnmatched') info.onUnmatched = (f as ast.TopicOnUnmatched).policy as TopicInfo['onUnmatched'];
                    }
                    info.subject = own ?? t.name;
                    this.add(info);
                    break;
                }
                case 'InterfaceDecl': {
                    const i = d as ast.InterfaceDecl;
                    this.add({
                        kind: 'iface',
                        ...base(i.name),
                        decl: i,
                        methods: new Map(i.methods.map((m) => [m.name, m])),
                    } satisfies IfaceInfo);
                    break;
                }
                case 'PerspectiveDecl': {
                    // A perspective is a contract (its fns) held through a swappable slot: an interface type.
                    // One that carries data (`params`, `stable_when`) is also instantiable, like a locus.
                    const pd = d as ast.PerspectiveDecl;
                    if (pd.members.some((m) => m.$type === 'ParamsBlock' || m.$type === 'StableWhen')) {
                        this.add(this.perspectiveLocus(pd, base(pd.name), fromPrelude));
                        break;
                    }
                    const methods = new Map<string, ast.InterfaceMethod>();
                    for (const m of pd.members) if (m.$type === 'FunctionDecl') methods.set((m as ast.FunctionDecl).name, m as unknown as ast.InterfaceMethod);
                    this.add({ kind: 'iface', ...base(pd.name), decl: pd as unknown as ast.InterfaceDecl, methods } satisfies IfaceInfo);
                    break;
                }
                case 'ModuleDecl': {
                    const m = d as ast.ModuleDecl;
                    this.collectDecls(m.declarations, this.qual(ns, m.name), fromPrelude, file);
                    break;
                }
                default:
                    break; // claims, groups, effects, perspectives...: no run-time meaning here
            }
        }
    }

    /** A data-carrying perspective as a locus type: its params, its fns, and `is_stable()` from `stable_when`. */
    private perspectiveLocus(pd: ast.PerspectiveDecl, b: { name: string; js: string; ns: string; file?: string; fromPrelude: boolean }, fromPrelude: boolean): LocusInfo {
        const members: any[] = [];
        for (const m of pd.members) {
            if (m.$type === 'StableWhen') {
                members.push({
                    $type: 'FunctionDecl',
                    name: 'is_stable',
                    params: [],
                    generics: [],
                    decorators: [],
                    returnType: { $type: 'NamedType', name: 'Bool', args: [] },
                    body: (m as ast.StableWhen).body,
                    $container: pd,
                    $cstNode: m.$cstNode,
                });
            } else if (m.$type !== 'SerializeAs') members.push(m);
        }
        const fake = { ...pd, $type: 'LocusDecl', main: false, header: [], decorators: [], members } as unknown as ast.LocusDecl;
        return this.locusInfo(fake, b, fromPrelude);
    }

    private locusInfo(d: ast.LocusDecl, base: Omit<LocusInfo, 'kind' | 'decl' | 'generics' | 'isMain' | 'params' | 'methods' | 'hooks' | 'failureHandlers' | 'subscribes' | 'publishes' | 'closures' | 'slots' | 'native' | 'interfaces'>, fromPrelude: boolean): LocusInfo {
        const info: LocusInfo = {
            kind: 'locus',
            ...base,
            decl: d,
            generics: d.generics.map((g) => g.name),
            isMain: d.main,
            params: [],
            methods: new Map<string, MethodInfo>(),
            hooks: new Map(),
            failureHandlers: [],
            subscribes: [],
            publishes: [],
            closures: [],
            slots: [],
            native: false,
            interfaces: [],
        };
        for (const m of d.members) {
            switch (m.$type) {
                case 'ParamsBlock':
                    info.params.push(...(m as ast.ParamsBlock).fields);
                    break;
                case 'FunctionDecl': {
                    const f = m as ast.FunctionDecl;
                    info.methods.set(f.name, { name: f.name, decl: f, native: !f.body });
                    break;
                }
                case 'ModeDecl': {
                    const f = m as ast.ModeDecl;
                    info.methods.set(f.name, { name: f.name, decl: f, native: false });
                    break;
                }
                case 'LifecycleHook': {
                    const h = m as ast.LifecycleHook;
                    const l = info.hooks.get(h.kind) ?? [];
                    l.push(h);
                    info.hooks.set(h.kind, l);
                    break;
                }
                case 'FailureHandler':
                    info.failureHandlers.push(m as ast.FailureHandler);
                    break;
                case 'BusBlock':
                    for (const b of (m as ast.BusBlock).members) {
                        if (b.$type === 'BusSubscribe') info.subscribes.push(b as ast.BusSubscribe);
                        else info.publishes.push(b as ast.BusPublish);
                    }
                    break;
                case 'ClosureDecl':
                    info.closures.push(m as ast.ClosureDecl);
                    break;
                case 'CapacityBlock':
                    info.slots.push(...(m as ast.CapacityBlock).slots);
                    break;
                case 'PlacementBlock':
                    info.placement = m as ast.PlacementBlock;
                    break;
                case 'BindingsBlock':
                    info.bindings = m as ast.BindingsBlock;
                    break;
                default:
                    break;
            }
        }
        // A std locus is native (implemented by the runtime) when it declares body-less methods.
        info.native = fromPrelude && [...info.methods.values()].some((m) => m.native);
        const form = d.decorators.find((x) => x.name === 'form');
        if (form) {
            const args = decoratorArgs(form);
            const kind = exprText(args.get('#0')?.value as ast.Expression) ?? 'vec';
            const cap = args.get('cap');
            const sync = args.get('sync');
            info.form = {
                kind,
                cap: cap ? Number(exprText(cap.value as ast.Expression)) : undefined,
                sync: sync ? exprText(sync.value as ast.Expression) : undefined,
                slot: info.slots[0],
            };
        }
        return info;
    }

    // ----------------------------------------------------------------------------------- lookup

    /** Resolve a (possibly qualified) name as seen from namespace `ns`. */
    lookup(name: string, ns: string): Decl | undefined {
        if (ns) {
            const parts = ns.split('::');
            for (let i = parts.length; i > 0; i--) {
                const d = this.decls.get(parts.slice(0, i).join('::') + '::' + name);
                if (d) return d;
            }
        }
        const d = this.decls.get(name);
        if (d) return d;
        if (!name.startsWith('std::')) {
            const s = this.decls.get('std::' + name);
            if (s) return s;
        }
        return undefined;
    }

    lookupType(name: string, ns: string): Decl | undefined {
        const d = this.lookup(name, ns);
        if (d && (d.kind === 'record' || d.kind === 'enum' || d.kind === 'alias' || d.kind === 'locus' || d.kind === 'iface')) return d;
        // `std::str::ParseError` and friends name the shared synthesized error types.
        const last = name.split('::').pop()!;
        if (last !== name) {
            const top = this.decls.get(last);
            if (top && top.fromPrelude) return top;
        }
        return d;
    }

    /**
     * `Box_Int` / `Result_Int_String`: upstream's monomorph spellings name a generic instantiation.
     * Returns the generic declaration and its type-argument names.
     */
    monomorph(name: string, ns: string): { decl: Decl; args: string[] } | undefined {
        const parts = name.split('_');
        for (let i = parts.length - 1; i >= 1; i--) {
            const d = this.lookupType(parts.slice(0, i).join('_'), ns);
            if (d && (d.kind === 'record' || d.kind === 'enum' || d.kind === 'locus') && d.generics.length > 0) {
                const rest = parts.slice(i);
                const complete = (n: string): boolean => {
                    const t = this.lookupType(n, ns);
                    if (t) return !('generics' in t) || (t as { generics: string[] }).generics.length === 0;
                    return !!this.monomorph(n, ns);
                };
                return { decl: d, args: splitMonoArgs(rest, d.generics.length, complete) };
            }
        }
        return undefined;
    }

    resolveType(t: ast.TypeExpr | undefined, ns: string, generics: Map<string, Ty>): Ty {
        if (!t) return UNIT;
        switch (t.$type) {
            case 'NamedType': {
                const nt = t as ast.NamedType;
                const args = nt.args.map((a) => this.resolveType(a, ns, generics));
                return this.namedType(nt.name, args, ns, generics);
            }
            case 'ArrayType': {
                const at = t as ast.ArrayType;
                const size = at.size && (at.size as any).$type === 'IntLiteral' ? Number((at.size as ast.IntLiteral).value.replace(/_/g, '')) : undefined;
                return { k: 'array', elem: this.resolveType(at.element, ns, generics), size };
            }
            case 'BoundedType': {
                const bt = t as ast.BoundedType;
                return { k: 'bounded', elem: this.resolveType(bt.element, ns, generics), cap: Number(bt.capacity) };
            }
            case 'TupleType': {
                const tt = t as ast.TupleType;
                if (tt.elements.length === 0) return UNIT;
                if (tt.elements.length === 1) return this.resolveType(tt.elements[0], ns, generics);
                return { k: 'tuple', elems: tt.elements.map((e) => this.resolveType(e, ns, generics)) };
            }
            case 'PerspectiveType': {
                const d = this.lookupType((t as ast.PerspectiveType).perspective, ns);
                return d && d.kind === 'iface' ? { k: 'iface', info: d } : UNKNOWN;
            }
            case 'FunctionType': {
                const ft = t as ast.FunctionType;
                return {
                    k: 'fn',
                    params: ft.params.map((p) => this.resolveType(p, ns, generics)),
                    ret: ft.returnType ? this.resolveType(ft.returnType, ns, generics) : UNIT,
                };
            }
            default:
                return UNKNOWN;
        }
    }

    namedType(name: string, args: Ty[], ns: string, generics: Map<string, Ty>): Ty {
        const g = generics.get(name);
        if (g) return g;
        switch (name) {
            case 'Int':
            case 'Uint':
            case 'i64':
            case 'u64':
            case 'i32':
            case 'u32':
            case 'u8':
                return INT;
            case 'Float':
            case 'f64':
                return FLOAT;
            case 'Bool':
                return BOOL;
            case 'String':
                return STRING;
            case 'Decimal':
                return DECIMAL;
            case 'Duration':
                return DURATION;
            case 'Time':
                return TIME;
            case 'Bytes':
                return BYTES;
            case 'BytesView':
                return BYTESVIEW;
            case 'StringView':
                return STRINGVIEW;
            case 'BytesMut':
                return prim('bytesmut');
            case 'Never':
                return NEVER;
            case 'Unit':
                return UNIT;
        }
        const d = this.lookupType(name, ns);
        if (d) return this.declType(d, args, generics);
        const mono = this.monomorph(name, ns);
        if (mono) {
            const margs = mono.args.map((a) => this.namedType(a, [], ns, generics));
            return this.declType(mono.decl, margs, generics);
        }
        return UNKNOWN;
    }

    declType(d: Decl, args: Ty[], generics: Map<string, Ty>): Ty {
        switch (d.kind) {
            case 'record':
                return { k: 'record', info: d, args: fillArgs(d.generics, args) };
            case 'enum':
                return { k: 'enum', info: d, args: fillArgs(d.generics, args) };
            case 'locus':
                return { k: 'locus', info: d, args: fillArgs(d.generics, args) };
            case 'iface':
                return { k: 'iface', info: d };
            case 'alias':
                return this.resolveType(d.target, d.ns, generics);
            default:
                return UNKNOWN;
        }
    }

    /** Generic environment of a record/enum/locus type instance. */
    envOf(t: Ty): Map<string, Ty> {
        const m = new Map<string, Ty>();
        if (t.k === 'record' || t.k === 'enum' || t.k === 'locus') {
            t.info.generics.forEach((g, i) => m.set(g, t.args[i] ?? UNKNOWN));
        }
        return m;
    }

    loci(): LocusInfo[] {
        return this.order.filter((d): d is LocusInfo => d.kind === 'locus');
    }
}

function fillArgs(generics: string[], args: Ty[]): Ty[] {
    if (generics.length === 0) return [];
    return generics.map((g, i) => args[i] ?? { k: 'param', name: g });
}

/** Split `Int_String` / `Box_Int_String` into `count` type names, preferring known type names. */
function splitMonoArgs(parts: string[], count: number, known: (n: string) => boolean): string[] {
    if (count <= 1) return [parts.join('_')];
    const prims = new Set(['Int', 'Float', 'Bool', 'String', 'Decimal', 'Duration', 'Time', 'Bytes']);
    const out: string[] = [];
    let i = 0;
    while (i < parts.length && out.length < count - 1) {
        let j = i + 1;
        // take the shortest prefix that is a known type
        while (j < parts.length && !(prims.has(parts.slice(i, j).join('_')) || known(parts.slice(i, j).join('_')))) j++;
        out.push(parts.slice(i, j).join('_'));
        i = j;
    }
    out.push(parts.slice(i).join('_'));
    return out;
}
