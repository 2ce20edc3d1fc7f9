// Runtime type descriptors. The compiler knows every static type; it hands the runtime a descriptor
// wherever behaviour depends on the shape of a value that compiled code does not spell out inline:
// copying a record into another owner (value semantics), structural equality, printing an aggregate,
// and encoding a bus payload to cross a thread. Each descriptor caches the specialised closures it builds.

import { fmtBool, fmtDecimal, fmtDuration, fmtG, fmtInt } from './format.js';

export type ScalarKind =
    | 'int'
    | 'float'
    | 'bool'
    | 'string'
    | 'decimal'
    | 'duration'
    | 'time'
    | 'bytes'
    | 'unit'
    | 'fn'
    | 'any'
    | 'locus';

export interface ScalarDesc {
    k: ScalarKind;
    name?: string;
    $copy?: (v: any) => any;
    $eq?: (a: any, b: any) => boolean;
    $show?: (v: any) => string;
}

export interface RecordDesc {
    k: 'record';
    name: string;
    ctor: new (...args: any[]) => any;
    fields: [string, TypeDesc][];
    $copy?: (v: any) => any;
    $eq?: (a: any, b: any) => boolean;
    $show?: (v: any) => string;
}

export interface EnumVariantDesc {
    name: string;
    payload: TypeDesc[];
}

export interface EnumDesc {
    k: 'enum';
    name: string;
    /** `new ctor(tag, p0, p1, ...)` */
    ctor: new (...args: any[]) => any;
    variants: EnumVariantDesc[];
    /** The shared instance of each payload-free variant (index = tag). */
    singletons: any[];
    $copy?: (v: any) => any;
    $eq?: (a: any, b: any) => boolean;
    $show?: (v: any) => string;
}

export interface ArrayDesc {
    k: 'array';
    elem: TypeDesc;
    $copy?: (v: any) => any;
    $eq?: (a: any, b: any) => boolean;
    $show?: (v: any) => string;
}

export interface TupleDesc {
    k: 'tuple';
    elems: TypeDesc[];
    $copy?: (v: any) => any;
    $eq?: (a: any, b: any) => boolean;
    $show?: (v: any) => string;
}

export interface ViewDesc {
    k: 'view';
    of: 'bytes' | 'string';
    $copy?: (v: any) => any;
    $eq?: (a: any, b: any) => boolean;
    $show?: (v: any) => string;
}

export type TypeDesc = ScalarDesc | RecordDesc | EnumDesc | ArrayDesc | TupleDesc | ViewDesc;

const scalar = (k: ScalarKind): ScalarDesc => ({ k });

export const T = {
    int: scalar('int'),
    float: scalar('float'),
    bool: scalar('bool'),
    string: scalar('string'),
    decimal: scalar('decimal'),
    duration: scalar('duration'),
    time: scalar('time'),
    bytes: scalar('bytes'),
    unit: scalar('unit'),
    fn: scalar('fn'),
    any: scalar('any'),
    locus: scalar('locus'),
    bytesView: { k: 'view', of: 'bytes' } as ViewDesc,
    stringView: { k: 'view', of: 'string' } as ViewDesc,
};

const arrayDescs = new Map<TypeDesc, ArrayDesc>();
export function arrayOf(elem: TypeDesc): ArrayDesc {
    let d = arrayDescs.get(elem);
    if (!d) {
        d = { k: 'array', elem };
        arrayDescs.set(elem, d);
    }
    return d;
}

export function tupleOf(elems: TypeDesc[]): TupleDesc {
    return { k: 'tuple', elems };
}

export function recordDesc(name: string, ctor: new (...a: any[]) => any, fields: [string, TypeDesc][]): RecordDesc {
    const d: RecordDesc = { k: 'record', name, ctor, fields };
    (ctor as any).$desc = d;
    return d;
}

export function enumDesc(
    name: string,
    ctor: new (...a: any[]) => any,
    variants: EnumVariantDesc[],
): EnumDesc {
    const singletons = variants.map((v, i) => (v.payload.length === 0 ? Object.freeze(new ctor(i)) : undefined));
    const d: EnumDesc = { k: 'enum', name, ctor, variants, singletons };
    (ctor as any).$desc = d;
    return d;
}

// --------------------------------------------------------------------------------------------- copy

const ident = (v: any) => v;

function isImmutable(d: TypeDesc): boolean {
    switch (d.k) {
        case 'record':
        case 'array':
        case 'tuple':
        case 'enum':
            return false;
        case 'bytes':
            return false;
        default:
            return true;
    }
}

/** A deep copy preserving value semantics (immutable leaves are shared). */
export function copier(d: TypeDesc): (v: any) => any {
    if (d.$copy) return d.$copy;
    let f: (v: any) => any;
    switch (d.k) {
        case 'record': {
            const fs = d.fields;
            d.$copy = ident; // recursion guard while building
            const parts = fs.map(([, fd]) => (isImmutable(fd) ? null : copier(fd)));
            const ctor = d.ctor;
            const names = fs.map(([n]) => n);
            f = (v: any) => {
                if (v == null) return v;
                const o = Object.create(ctor.prototype);
                for (let i = 0; i < names.length; i++) {
                    const n = names[i];
                    const c = parts[i];
                    o[n] = c === null ? v[n] : c(v[n]);
                }
                return o;
            };
            break;
        }
        case 'array': {
            const ec = isImmutable(d.elem) ? null : copier(d.elem);
            f = ec === null ? (v: any[]) => (v == null ? v : v.slice()) : (v: any[]) => (v == null ? v : v.map(ec));
            break;
        }
        case 'tuple': {
            const cs = d.elems.map((e) => (isImmutable(e) ? null : copier(e)));
            f = (v: any[]) => (v == null ? v : v.map((x, i) => (cs[i] === null ? x : cs[i]!(x))));
            break;
        }
        case 'enum': {
            const vs = d.variants.map((vd) => vd.payload.map((p) => (isImmutable(p) ? null : copier(p))));
            const ctor = d.ctor;
            f = (v: any) => {
                if (v == null || vs[v.tag].length === 0) return v;
                const cs = vs[v.tag];
                const args: any[] = [v.tag];
                for (let i = 0; i < cs.length; i++) {
                    const x = v['$' + i];
                    args.push(cs[i] === null ? x : cs[i]!(x));
                }
                return new ctor(...args);
            };
            break;
        }
        case 'bytes':
            f = (v: Uint8Array) => (v == null ? v : v.slice());
            break;
        default:
            f = ident;
    }
    d.$copy = f;
    return f;
}

// ----------------------------------------------------------------------------------------- equality

export function equaler(d: TypeDesc): (a: any, b: any) => boolean {
    if (d.$eq) return d.$eq;
    let f: (a: any, b: any) => boolean;
    switch (d.k) {
        case 'record': {
            d.$eq = (a, b) => a === b;
            const names = d.fields.map(([n]) => n);
            const eqs = d.fields.map(([, fd]) => equaler(fd));
            f = (a, b) => {
                if (a === b) return true;
                if (a == null || b == null) return false;
                for (let i = 0; i < names.length; i++) if (!eqs[i](a[names[i]], b[names[i]])) return false;
                return true;
            };
            break;
        }
        case 'array': {
            const ee = equaler(d.elem);
            f = (a: any[], b: any[]) => {
                if (a === b) return true;
                if (a.length !== b.length) return false;
                for (let i = 0; i < a.length; i++) if (!ee(a[i], b[i])) return false;
                return true;
            };
            break;
        }
        case 'tuple': {
            const es = d.elems.map(equaler);
            f = (a: any[], b: any[]) => es.every((e, i) => e(a[i], b[i]));
            break;
        }
        case 'enum': {
            const vs = d.variants.map((vd) => vd.payload.map(equaler));
            f = (a, b) => {
                if (a === b) return true;
                if (a.tag !== b.tag) return false;
                const es = vs[a.tag];
                for (let i = 0; i < es.length; i++) if (!es[i](a['$' + i], b['$' + i])) return false;
                return true;
            };
            break;
        }
        case 'bytes':
            f = (a: Uint8Array, b: Uint8Array) => a.length === b.length && a.every((x, i) => x === b[i]);
            break;
        default:
            f = (a, b) => a === b;
    }
    d.$eq = f;
    return f;
}

// ------------------------------------------------------------------------------------------ showing

/** The text `println` / `to_string` produce for a value of this type. */
export function shower(d: TypeDesc): (v: any) => string {
    if (d.$show) return d.$show;
    let f: (v: any) => string;
    switch (d.k) {
        case 'int':
            f = fmtInt;
            break;
        case 'float':
            f = (v) => fmtG(v);
            break;
        case 'bool':
            f = fmtBool;
            break;
        case 'decimal':
            f = fmtDecimal;
            break;
        case 'duration':
            f = fmtDuration;
            break;
        case 'string':
        case 'time':
            f = (v) => String(v);
            break;
        case 'bytes':
            f = (v: Uint8Array) => Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('latin1');
            break;
        case 'unit':
            f = () => '()';
            break;
        case 'record': {
            d.$show = (v) => `${d.name} { ... }`;
            const names = d.fields.map(([n]) => n);
            const ss = d.fields.map(([, fd]) => shower(fd));
            f = (v) =>
                v == null
                    ? `${d.name} { }`
                    : `${d.name} { ${names.map((n, i) => `${n}: ${ss[i](v[n])}`).join(', ')} }`;
            break;
        }
        case 'enum': {
            const vs = d.variants.map((vd) => vd.payload.map(shower));
            f = (v) => {
                const vd = d.variants[v.tag];
                const ps = vs[v.tag];
                if (ps.length === 0) return `${d.name}::${vd.name}`;
                return `${d.name}::${vd.name}(${ps.map((s, i) => s(v['$' + i])).join(', ')})`;
            };
            break;
        }
        case 'array': {
            const es = shower(d.elem);
            f = (v: any[]) => '[' + v.map(es).join(', ') + ']';
            break;
        }
        case 'tuple': {
            const es = d.elems.map(shower);
            f = (v: any[]) => '(' + v.map((x, i) => es[i](x)).join(', ') + ')';
            break;
        }
        case 'locus':
            f = (v) => (v && v.constructor ? `${v.constructor.$name ?? v.constructor.name} { }` : 'locus');
            break;
        default:
            f = (v) => String(v);
    }
    d.$show = f;
    return f;
}
