// Static types as the compiler sees them. Hale is statically typed; the compiler needs types to pick the
// right lowering (Int vs Float arithmetic, Decimal scaling, how `println` renders a value, value-copy
// semantics for records) — not to re-check the program, which the language package does.

import type * as ast from 'hale-language';

export type Prim =
    | 'int'
    | 'float'
    | 'bool'
    | 'string'
    | 'decimal'
    | 'duration'
    | 'time'
    | 'bytes'
    | 'unit'
    | 'bytesview'
    | 'stringview'
    | 'bytesmut'
    | 'never'
    | 'unknown'
    | 'nil';

export interface PrimTy {
    k: Prim;
}
export interface RecordTy {
    k: 'record';
    info: RecordInfo;
    args: Ty[];
}
export interface EnumTy {
    k: 'enum';
    info: EnumInfo;
    args: Ty[];
}
export interface LocusTy {
    k: 'locus';
    info: LocusInfo;
    args: Ty[];
}
export interface IfaceTy {
    k: 'iface';
    info: IfaceInfo;
}
export interface ArrayTy {
    k: 'array';
    elem: Ty;
    size?: number;
}
export interface BoundedTy {
    k: 'bounded';
    elem: Ty;
    cap: number;
}
export interface TupleTy {
    k: 'tuple';
    elems: Ty[];
}
export interface FnTy {
    k: 'fn';
    params: Ty[];
    ret: Ty;
    fallible?: Ty;
}
export interface ParamTy {
    k: 'param';
    name: string;
}
/** `self.children` of a locus. */
export interface ChildrenTy {
    k: 'children';
    of: Ty;
}
/** A range `a..b` (only meaningful in `for` and slicing). */
export interface RangeTy {
    k: 'range';
    elem: Ty;
}
export type Ty =
    | PrimTy
    | RecordTy
    | EnumTy
    | LocusTy
    | IfaceTy
    | ArrayTy
    | BoundedTy
    | TupleTy
    | FnTy
    | ParamTy
    | ChildrenTy
    | RangeTy;

const prims = new Map<Prim, PrimTy>();
export function prim(k: Prim): PrimTy {
    let t = prims.get(k);
    if (!t) prims.set(k, (t = { k }));
    return t;
}
export const INT = prim('int');
export const FLOAT = prim('float');
export const BOOL = prim('bool');
export const STRING = prim('string');
export const DECIMAL = prim('decimal');
export const DURATION = prim('duration');
export const TIME = prim('time');
export const BYTES = prim('bytes');
export const UNIT = prim('unit');
export const NEVER = prim('never');
export const UNKNOWN = prim('unknown');
export const BYTESVIEW = prim('bytesview');
export const STRINGVIEW = prim('stringview');

// ------------------------------------------------------------------------------------ declarations

export interface FieldInfo {
    name: string;
    type: ast.TypeExpr;
    default?: ast.Expression;
    tag?: string;
}

export interface DeclBase {
    /** Qualified Hale name (`Tick`, `cb::Foo`, `std::bytes::BytesBuilder`). */
    name: string;
    /** JS identifier of the emitted class / function / const. */
    js: string;
    /** Namespace prefix the declaration lives in (for resolving its own references): `''`, `cb`, `std::log`. */
    ns: string;
    /** The document it came from (for source positions), if any. */
    file?: string;
    fromPrelude: boolean;
}

export interface RecordInfo extends DeclBase {
    kind: 'record';
    decl: ast.TypeDecl;
    generics: string[];
    fields: FieldInfo[];
}

export interface EnumInfo extends DeclBase {
    kind: 'enum';
    decl: ast.TypeDecl;
    generics: string[];
    variants: { name: string; payload: ast.TypeExpr[] }[];
}

export interface AliasInfo extends DeclBase {
    kind: 'alias';
    decl: ast.TypeDecl;
    target: ast.TypeExpr;
}

export interface MethodInfo {
    name: string;
    decl: ast.FunctionDecl | ast.ModeDecl | ast.InterfaceMethod;
    /** Body-less method of a native (std) locus. */
    native: boolean;
}

export interface FormInfo {
    kind: string; // vec, hashmap, ring_buffer, lru_cache, set
    cap?: number;
    sync?: string;
    slot?: ast.CapacitySlot;
}

export interface LocusInfo extends DeclBase {
    kind: 'locus';
    decl: ast.LocusDecl;
    generics: string[];
    isMain: boolean;
    params: ast.ParamField[];
    methods: Map<string, MethodInfo>;
    hooks: Map<string, ast.LifecycleHook[]>;
    failureHandlers: ast.FailureHandler[];
    subscribes: ast.BusSubscribe[];
    publishes: ast.BusPublish[];
    closures: ast.ClosureDecl[];
    slots: ast.CapacitySlot[];
    form?: FormInfo;
    placement?: ast.PlacementBlock;
    bindings?: ast.BindingsBlock;
    /** A std locus implemented natively by the runtime. */
    native: boolean;
    /** Interfaces this locus satisfies (structural; filled lazily). */
    interfaces: string[];
}

export interface FnInfo extends DeclBase {
    kind: 'fn';
    decl: ast.FunctionDecl;
    native: boolean;
    /** `@ffi("c")` / `@ffi("js")` declarations. */
    ffi?: string;
}

export interface ConstInfo extends DeclBase {
    kind: 'const';
    decl: ast.ConstDecl;
}

export interface TopicInfo extends DeclBase {
    kind: 'topic';
    decl: ast.TopicDecl;
    subject: string;
    payload?: ast.TypeExpr;
    keyedBy?: string;
    onUnmatched: 'swallow' | 'fail' | 'fallback';
    parent?: string;
}

export interface IfaceInfo extends DeclBase {
    kind: 'iface';
    decl: ast.InterfaceDecl;
    methods: Map<string, ast.InterfaceMethod>;
}

export type Decl = RecordInfo | EnumInfo | AliasInfo | LocusInfo | FnInfo | ConstInfo | TopicInfo | IfaceInfo;

// ----------------------------------------------------------------------------------------- helpers

export function tyEq(a: Ty, b: Ty): boolean {
    if (a === b) return true;
    if (a.k !== b.k) return false;
    switch (a.k) {
        case 'record':
        case 'enum':
        case 'locus':
            return a.info === (b as RecordTy).info && a.args.length === (b as RecordTy).args.length && a.args.every((x, i) => tyEq(x, (b as RecordTy).args[i]));
        case 'iface':
            return a.info === (b as IfaceTy).info;
        case 'array':
            return tyEq(a.elem, (b as ArrayTy).elem);
        case 'bounded':
            return tyEq(a.elem, (b as BoundedTy).elem);
        case 'tuple':
            return a.elems.length === (b as TupleTy).elems.length && a.elems.every((x, i) => tyEq(x, (b as TupleTy).elems[i]));
        case 'fn':
            return true;
        case 'param':
            return a.name === (b as ParamTy).name;
        default:
            return true;
    }
}

export function showTy(t: Ty): string {
    switch (t.k) {
        case 'int':
            return 'Int';
        case 'float':
            return 'Float';
        case 'bool':
            return 'Bool';
        case 'string':
            return 'String';
        case 'decimal':
            return 'Decimal';
        case 'duration':
            return 'Duration';
        case 'time':
            return 'Time';
        case 'bytes':
            return 'Bytes';
        case 'unit':
            return '()';
        case 'record':
        case 'enum':
        case 'locus':
            return t.info.name + (t.args.length ? `<${t.args.map(showTy).join(', ')}>` : '');
        case 'iface':
            return t.info.name;
        case 'array':
            return `[${showTy(t.elem)}]`;
        case 'bounded':
            return `bounded[${showTy(t.elem)}; ${t.cap}]`;
        case 'tuple':
            return `(${t.elems.map(showTy).join(', ')})`;
        case 'fn':
            return `fn(${t.params.map(showTy).join(', ')}) -> ${showTy(t.ret)}`;
        case 'param':
            return t.name;
        default:
            return t.k;
    }
}

/** Does a value of this type need copying when it is stored in a second place (value semantics)? */
export function isAggregate(t: Ty): boolean {
    return t.k === 'record' || t.k === 'array' || t.k === 'tuple' || t.k === 'bounded';
}

export function isIntLike(t: Ty): boolean {
    return t.k === 'int' || t.k === 'duration';
}

export function isNumeric(t: Ty): boolean {
    return t.k === 'int' || t.k === 'float' || t.k === 'decimal' || t.k === 'duration';
}

export function substitute(t: Ty, env: Map<string, Ty>): Ty {
    if (env.size === 0) return t;
    switch (t.k) {
        case 'param':
            return env.get(t.name) ?? t;
        case 'record':
        case 'enum':
        case 'locus':
            return t.args.length ? { ...t, args: t.args.map((a) => substitute(a, env)) } : t;
        case 'array':
            return { ...t, elem: substitute(t.elem, env) };
        case 'bounded':
            return { ...t, elem: substitute(t.elem, env) };
        case 'tuple':
            return { k: 'tuple', elems: t.elems.map((e) => substitute(e, env)) };
        case 'fn':
            return { k: 'fn', params: t.params.map((p) => substitute(p, env)), ret: substitute(t.ret, env), fallible: t.fallible && substitute(t.fallible, env) };
        default:
            return t;
    }
}

/** Bind generic params in `pattern` from `actual` (one-way unification). */
export function unify(pattern: Ty, actual: Ty, env: Map<string, Ty>): void {
    if (pattern.k === 'param') {
        if (!env.has(pattern.name) && actual.k !== 'unknown' && actual.k !== 'never') env.set(pattern.name, actual);
        return;
    }
    if (pattern.k !== actual.k) return;
    switch (pattern.k) {
        case 'record':
        case 'enum':
        case 'locus':
            pattern.args.forEach((a, i) => (actual as RecordTy).args[i] && unify(a, (actual as RecordTy).args[i], env));
            break;
        case 'array':
        case 'bounded':
            unify(pattern.elem, (actual as ArrayTy).elem, env);
            break;
        case 'tuple':
            pattern.elems.forEach((e, i) => (actual as TupleTy).elems[i] && unify(e, (actual as TupleTy).elems[i], env));
            break;
        case 'fn':
            pattern.params.forEach((p, i) => (actual as FnTy).params[i] && unify(p, (actual as FnTy).params[i], env));
            unify(pattern.ret, (actual as FnTy).ret, env);
            break;
    }
}
