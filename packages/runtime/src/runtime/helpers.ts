// Small runtime helpers compiled code calls: views, `len`, ranges, bounded collections, JSON for tagged
// records, and the placeholder for constructs Loom does not support (named, so the user sees what).

import { HaleFail, HalePanic, HaleUnsupported } from './errors.js';
import { type Int } from './values/int.js';
import { fromUtf8, strLen } from './values/strings.js';
import { copier, shower, type RecordDesc, type TypeDesc } from './values/types.js';
import { fmtG } from './values/format.js';

/** A BytesView / StringView over a BytesBuilder: valid until the builder's next mutation. */
export class View {
    constructor(
        public readonly src: { buf: Uint8Array; len: number; epoch: number } | null,
        public readonly epoch: number,
        public readonly staticData: Uint8Array | string | null,
    ) {}
    data(): Uint8Array {
        if (this.src === null) {
            const d = this.staticData;
            return typeof d === 'string' ? Buffer.from(d, 'utf8') : (d ?? new Uint8Array(0));
        }
        if (this.src.epoch !== this.epoch) throw new HalePanic('view used after its builder was mutated (stale view)', 'StaleView');
        return this.src.buf.subarray(0, this.src.len);
    }
    text(): string {
        if (this.src === null && typeof this.staticData === 'string') return this.staticData;
        return fromUtf8(this.data());
    }
}

export function viewBytes(v: View | Uint8Array): Uint8Array {
    return v instanceof View ? v.data().slice() : v;
}

export function viewText(v: View | string): string {
    return v instanceof View ? v.text() : v;
}

export function bytesText(b: Uint8Array): string {
    return fromUtf8(b);
}

export function bytesEq(a: Uint8Array, b: Uint8Array): boolean {
    if (a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
    return true;
}

/** `len(x)` for anything but String (handled inline). */
export function lenOf(x: any): number {
    if (typeof x === 'string') return strLen(x);
    if (x instanceof View) return x.data().length;
    if (x && typeof x.length === 'number') return x.length;
    if (x && typeof x.len === 'function') return Number(x.len());
    return 0;
}

/** Best-effort rendering of a value whose static type is unknown to the compiler. */
export function showAny(v: any): string {
    if (typeof v === 'string') return v;
    if (typeof v === 'number') return Number.isInteger(v) ? String(v) : fmtG(v);
    if (typeof v === 'bigint') return v.toString();
    if (typeof v === 'boolean') return v ? 'true' : 'false';
    if (v === undefined || v === null) return '()';
    if (v instanceof Uint8Array) return fromUtf8(v);
    if (v instanceof View) return v.text();
    const d = v.constructor && (v.constructor as any).$desc;
    if (d) return shower(d)(v);
    return String(v);
}

export function* rangeIter(a: number, b: number, inclusive: boolean): Generator<number> {
    const end = inclusive ? b + 1 : b;
    for (let i = a; i < end; i++) yield i;
}

export function range(a: Int, b: Int, inclusive: boolean): number[] {
    const out: number[] = [];
    const lo = Number(a);
    const hi = Number(b) + (inclusive ? 1 : 0);
    for (let i = lo; i < hi; i++) out.push(i);
    return out;
}

export function absN(x: number | bigint): number | bigint {
    return x < 0 ? (typeof x === 'number' ? 0 - x : -x) : x;
}
export function fabsF(x: number): number {
    return Math.abs(x);
}
export function minN<T extends number | bigint>(a: T, b: T): T {
    return a <= b ? a : b;
}
export function maxN<T extends number | bigint>(a: T, b: T): T {
    return a >= b ? a : b;
}

/** A fallible std call used without `or`: its failure yields the sentinel. */
export function bare<T>(f: () => T, sentinel: T): T {
    try {
        return f();
    } catch (e) {
        if (e instanceof HaleFail) return sentinel;
        throw e;
    }
}

export function unsupported(what: string): never {
    throw new HaleUnsupported(what);
}

// -------------------------------------------------------------------------------- bounded[T; N]

function capErr(cap: number, count: number): HaleFail {
    return new HaleFail(makeError('CapacityError', { kind: 'capacity', cap, count }), 'CapacityError');
}

function idxErr(index: Int, len: number): HaleFail {
    return new HaleFail(makeError('IndexError', { kind: 'index_out_of_bounds', index, len }), 'IndexError');
}

/** Record classes of the running program, by Hale name (std payload types the runtime builds). */
export const recordClasses = new Map<string, any>();

/** Build a record of the program's type `name` from named fields (a plain object if it is not emitted). */
export function makeRecord(name: string, fields: Record<string, unknown>): any {
    const C = recordClasses.get(name);
    if (!C) return fields;
    const names: string[] = C.$fields ?? [];
    const d = C.$defaults ? C.$defaults() : {};
    return new C(...names.map((n) => (fields[n] !== undefined ? fields[n] : d[n])));
}

/** `reperspective self.f as Impl`: same data, the new implementation's methods (and handlers). */
export function reperspective(owner: any, field: string, Impl: any): void {
    const o = owner[field];
    if (!o || typeof o !== 'object') return;
    Object.setPrototypeOf(o, Impl.prototype);
    if (o.$subs) for (const s of o.$subs) s.rebind(o);
}

export function makeError(name: string, fields: Record<string, unknown>): any {
    return makeRecord(name, fields);
}

export function bounded_push(a: any[], cap: number, x: unknown): void {
    if (a.length >= cap) throw capErr(cap, a.length);
    a.push(x);
}
export function bounded_at(a: any[], _cap: number, i: Int): unknown {
    const n = Number(i);
    if (n < 0 || n >= a.length) throw idxErr(i, a.length);
    return a[n];
}
export function bounded_set(a: any[], _cap: number, i: Int, x: unknown): void {
    const n = Number(i);
    if (n < 0 || n >= a.length) throw idxErr(i, a.length);
    a[n] = x;
}
export function bounded_count(a: any[]): number {
    return a.length;
}
export function bounded_clear(a: any[]): void {
    a.length = 0;
}
export function bounded_truncate(a: any[], _cap: number, n: Int): void {
    const k = Number(n);
    if (k >= 0 && k < a.length) a.length = k;
}

// ------------------------------------------------------------------------------ tagged-record JSON

function jsonKey(d: RecordDesc, field: string): string {
    const tags = (d.ctor as any).$tags as Record<string, string> | undefined;
    const t = tags?.[field];
    const m = t ? /json:"([^"]*)"/.exec(t) : null;
    return m ? m[1] : field;
}

export function fromJson(d: TypeDesc, s: string): any {
    let v: any;
    try {
        v = JSON.parse(s);
    } catch {
        throw new HaleFail(makeError('JsonError', { kind: 'invalid', field: '' }), 'JsonError');
    }
    return fromJsonValue(d, v, '');
}

function fromJsonValue(d: TypeDesc, v: any, path: string): any {
    switch (d.k) {
        case 'int':
            return typeof v === 'number' ? Math.trunc(v) : 0;
        case 'float':
            return typeof v === 'number' ? v : 0;
        case 'bool':
            return v === true;
        case 'string':
            return typeof v === 'string' ? v : JSON.stringify(v);
        case 'record': {
            const o = Object.create(d.ctor.prototype);
            const dflt = (d.ctor as any).$defaults?.() ?? {};
            for (const [name, fd] of d.fields) {
                const key = jsonKey(d, name);
                if (v && typeof v === 'object' && key in v) o[name] = fromJsonValue(fd, v[key], name);
                else if (name in dflt) o[name] = dflt[name];
                else throw new HaleFail(makeError('JsonError', { kind: 'missing_field', field: name }), 'JsonError');
            }
            return o;
        }
        default:
            void path;
            return v;
    }
}

export function toJson(d: TypeDesc, v: any): string {
    switch (d.k) {
        case 'record':
            return '{' + d.fields.map(([n, fd]) => `${JSON.stringify(jsonKey(d, n))}:${toJson(fd, v[n])}`).join(',') + '}';
        case 'string':
            return JSON.stringify(v);
        case 'float':
            return fmtG(v);
        case 'int':
            return String(v);
        case 'bool':
            return v ? 'true' : 'false';
        default:
            return JSON.stringify(v);
    }
}

export { copier };
