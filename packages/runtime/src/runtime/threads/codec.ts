// Binary encoding of Hale values for the cross-thread bus. A payload crossing a thread is copied into the
// destination's ring (the bus copies payloads at every locus boundary, as upstream), then rebuilt as fresh
// objects on the consumer's heap, so no object is ever shared between threads. Encoders and decoders are
// built once per type descriptor and cached on it.

import type { TypeDesc } from '../values/types.js';

const te = new TextEncoder();
const td = new TextDecoder();

/**
 * Where a value is encoded: a growable scratch buffer (a thread encodes into it before copying the bytes
 * into a ring), or, for a payload of bounded size, a region reserved in the destination ring itself
 * (`over`), which never grows.
 */
export class Writer {
    buf: Uint8Array;
    dv: DataView;
    pos = 0;
    /** Writing into a region reserved in a ring: running out of room is a bug, not a reason to grow. */
    fixed = false;

    constructor(size = 4096) {
        this.buf = new Uint8Array(size);
        this.dv = new DataView(this.buf.buffer);
    }

    reset(): void {
        this.pos = 0;
    }

    /** Write into `buf` (a ring's bytes) from `pos`; the caller has reserved room for what it encodes. */
    over(buf: Uint8Array, dv: DataView, pos: number): this {
        this.buf = buf;
        this.dv = dv;
        this.pos = pos;
        this.fixed = true;
        return this;
    }

    ensure(n: number): void {
        if (this.pos + n <= this.buf.length) return;
        if (this.fixed) throw new Error('bus payload larger than the room reserved for it in the ring');
        let size = this.buf.length * 2;
        while (size < this.pos + n) size *= 2;
        const nb = new Uint8Array(size);
        nb.set(this.buf.subarray(0, this.pos));
        this.buf = nb;
        this.dv = new DataView(nb.buffer);
    }

    u8(v: number): void {
        this.ensure(1);
        this.buf[this.pos++] = v;
    }

    u32(v: number): void {
        this.ensure(4);
        this.dv.setUint32(this.pos, v, true);
        this.pos += 4;
    }

    f64(v: number): void {
        this.ensure(8);
        this.dv.setFloat64(this.pos, v, true);
        this.pos += 8;
    }

    i64(v: bigint): void {
        this.ensure(8);
        this.dv.setBigInt64(this.pos, v, true);
        this.pos += 8;
    }

    str(s: string): void {
        const n = s.length;
        // ASCII fast path: one byte per char, no TextEncoder call.
        this.ensure(5 + n * 3);
        const start = this.pos + 4;
        let i = 0;
        const buf = this.buf;
        for (; i < n; i++) {
            const c = s.charCodeAt(i);
            if (c > 0x7f) break;
            buf[start + i] = c;
        }
        let len = i;
        if (i < n) len = i + te.encodeInto(s.slice(i), buf.subarray(start + i)).written!;
        this.dv.setUint32(this.pos, len, true);
        this.pos = start + len;
    }

    bytes(b: Uint8Array): void {
        this.ensure(4 + b.length);
        this.dv.setUint32(this.pos, b.length, true);
        this.buf.set(b, this.pos + 4);
        this.pos += 4 + b.length;
    }
}

/** Reads from a region of a ring (or any buffer). */
export class Reader {
    u8!: Uint8Array;
    dv!: DataView;
    pos = 0;

    at(u8: Uint8Array, dv: DataView, pos: number): this {
        this.u8 = u8;
        this.dv = dv;
        this.pos = pos;
        return this;
    }

    u8v(): number {
        return this.u8[this.pos++];
    }

    u32(): number {
        const v = this.dv.getUint32(this.pos, true);
        this.pos += 4;
        return v;
    }

    f64(): number {
        const v = this.dv.getFloat64(this.pos, true);
        this.pos += 8;
        return v;
    }

    i64(): bigint {
        const v = this.dv.getBigInt64(this.pos, true);
        this.pos += 8;
        return v;
    }

    str(): string {
        const len = this.u32();
        const start = this.pos;
        this.pos += len;
        const u8 = this.u8;
        if (len <= 16) {
            // short ASCII text (names, keys, symbols): build it directly, no view or decoder call
            let out = '';
            let i = 0;
            for (; i < len; i++) {
                const c = u8[start + i];
                if (c > 0x7f) break;
                out += String.fromCharCode(c);
            }
            if (i === len) return out;
        } else if (len < 64) {
            let ascii = true;
            for (let i = 0; i < len; i++) {
                if (u8[start + i] > 0x7f) {
                    ascii = false;
                    break;
                }
            }
            if (ascii) return String.fromCharCode.apply(null, u8.subarray(start, start + len) as unknown as number[]);
        }
        // TextDecoder cannot read a SharedArrayBuffer view directly.
        return td.decode(u8.slice(start, start + len));
    }

    bytes(): Uint8Array {
        const len = this.u32();
        const out = this.u8.slice(this.pos, this.pos + len);
        this.pos += len;
        return out;
    }
}

export type Enc = (w: Writer, v: any) => void;
export type Dec = (r: Reader) => any;

interface Codecs {
    $enc?: Enc;
    $dec?: Dec;
    $max?: number;
}

// An Int travels in one of three forms, each behind a tag byte. Most ints fit in 32 bits: 5 bytes instead
// of 9, and the decoded value is a small integer V8 keeps unboxed (a double would make every record field
// holding it a separate heap number on the receiving thread).
const INT_F64 = 0; // other safe integers
const INT_I64 = 1; // BigInt (beyond 2^53)
const INT_I32 = 2;

function encInt(w: Writer, v: number | bigint): void {
    w.ensure(9);
    const p = w.pos;
    if (typeof v === 'number') {
        if ((v | 0) === v) {
            w.buf[p] = INT_I32;
            w.dv.setInt32(p + 1, v, true);
            w.pos = p + 5;
        } else {
            w.buf[p] = INT_F64;
            w.dv.setFloat64(p + 1, v, true);
            w.pos = p + 9;
        }
    } else {
        w.buf[p] = INT_I64;
        w.dv.setBigInt64(p + 1, v, true);
        w.pos = p + 9;
    }
}

function decInt(r: Reader): number | bigint {
    const p = r.pos;
    const tag = r.u8[p];
    if (tag === INT_I32) {
        r.pos = p + 5;
        return r.dv.getInt32(p + 1, true);
    }
    r.pos = p + 9;
    return tag === INT_F64 ? r.dv.getFloat64(p + 1, true) : r.dv.getBigInt64(p + 1, true);
}

function encDecimal(w: Writer, v: number | bigint): void {
    if (typeof v === 'number') {
        w.u8(0);
        w.f64(v);
    } else {
        w.u8(1);
        w.i64(BigInt.asIntN(64, v));
        w.i64(v >> 64n);
    }
}

function decDecimal(r: Reader): number | bigint {
    const tag = r.u8v();
    if (tag === 0) return r.f64();
    const lo = BigInt.asUintN(64, r.i64());
    const hi = r.i64();
    return (hi << 64n) | lo;
}

/**
 * The most bytes a value of this type encodes to, or Infinity when that depends on the value (text,
 * bytes, arrays). A payload of bounded size is encoded straight into the destination ring: room for the
 * bound is reserved, and the record is committed at the length actually written.
 */
export function maxEncodedSize(d: TypeDesc): number {
    const c = d as Codecs;
    if (c.$max !== undefined) return c.$max;
    let n: number;
    switch (d.k) {
        case 'int':
        case 'duration':
            n = 9;
            break;
        case 'decimal':
            n = 17;
            break;
        case 'float':
            n = 8;
            break;
        case 'bool':
            n = 1;
            break;
        case 'record':
            c.$max = Infinity; // a recursive type has no bound
            n = d.fields.reduce((a, [, fd]) => a + maxEncodedSize(fd), 0);
            break;
        case 'tuple':
            n = d.elems.reduce((a, ed) => a + maxEncodedSize(ed), 0);
            break;
        case 'enum':
            c.$max = Infinity;
            n = 1 + Math.max(0, ...d.variants.map((vd) => vd.payload.reduce((a, pd) => a + maxEncodedSize(pd), 0)));
            break;
        case 'string':
        case 'time':
        case 'bytes':
        case 'array':
        case 'view':
            n = Infinity;
            break;
        default:
            n = 0; // unit, and what does not cross threads (see `encoder`)
    }
    c.$max = n;
    return n;
}

/** Field kinds a generated record codec reads and writes inline (no call per field). */
function inlineKind(d: TypeDesc): 'int' | 'float' | 'bool' | null {
    switch (d.k) {
        case 'int':
        case 'duration':
            return 'int';
        case 'float':
            return 'float';
        case 'bool':
            return 'bool';
        default:
            return null;
    }
}

/**
 * One straight-line encoder per record type, e.g. for `Msg { seq: Int, value: Int }`:
 *     let p = w.pos; w.ensure(18); let buf = w.buf, dv = w.dv, x;
 *     x = v["seq"]; if (typeof x === "number" && (x | 0) === x) { buf[p] = 2; dv.setInt32(p + 1, x, true); p += 5; } else { ... }
 *     ...; w.pos = p;
 * Field reads by constant name stay monomorphic and scalar fields cost no call; other fields call their
 * type's encoder.
 */
function recordEncoder(fields: [string, TypeDesc][]): Enc {
    const subs: Enc[] = [];
    const body: string[] = ['let p = w.pos, buf, dv, x;'];
    // Room for each run of inline fields is ensured once, before the run.
    let i = 0;
    while (i < fields.length) {
        let run = 0;
        let j = i;
        while (j < fields.length && inlineKind(fields[j][1]) !== null) run += maxEncodedSize(fields[j++][1]);
        if (run > 0) body.push(`w.pos = p; w.ensure(${run}); buf = w.buf; dv = w.dv;`);
        for (; i < j; i++) {
            const [name, fd] = fields[i];
            const get = `v[${JSON.stringify(name)}]`;
            switch (inlineKind(fd)) {
                case 'int':
                    body.push(
                        `x = ${get};`,
                        `if (typeof x === "number" && (x | 0) === x) { buf[p] = ${INT_I32}; dv.setInt32(p + 1, x, true); p += 5; }`,
                        `else { w.pos = p; encInt(w, x); p = w.pos; }`,
                    );
                    break;
                case 'float':
                    body.push(`dv.setFloat64(p, ${get}, true); p += 8;`);
                    break;
                case 'bool':
                    body.push(`buf[p++] = ${get} ? 1 : 0;`);
                    break;
            }
        }
        if (i < fields.length) {
            subs.push(encoder(fields[i][1]));
            body.push(`w.pos = p; s${subs.length - 1}(w, v[${JSON.stringify(fields[i][0])}]); p = w.pos;`);
            i++;
        }
    }
    body.push('w.pos = p;');
    const params = subs.map((_, k) => `s${k}`);
    return new Function('encInt', ...params, `return function encodeRecord(w, v) {\n${body.join('\n')}\n};`)(encInt, ...subs) as Enc;
}

/** The decoding twin of `recordEncoder`: fields into locals, then one `new C(f0, f1, ...)`. */
function recordDecoder(ctor: new (...a: any[]) => any, fields: [string, TypeDesc][]): Dec {
    const subs: Dec[] = [];
    const body: string[] = ['const u8 = r.u8, dv = r.dv; let p = r.pos;'];
    fields.forEach(([, fd], i) => {
        const f = `f${i}`;
        switch (inlineKind(fd)) {
            case 'int':
                body.push(`let ${f}; if (u8[p] === ${INT_I32}) { ${f} = dv.getInt32(p + 1, true); p += 5; } else { r.pos = p; ${f} = decInt(r); p = r.pos; }`);
                break;
            case 'float':
                body.push(`const ${f} = dv.getFloat64(p, true); p += 8;`);
                break;
            case 'bool':
                body.push(`const ${f} = u8[p++] !== 0;`);
                break;
            default:
                subs.push(decoder(fd));
                body.push(`r.pos = p; const ${f} = s${subs.length - 1}(r); p = r.pos;`);
        }
    });
    body.push('r.pos = p;', `return new C(${fields.map((_, i) => `f${i}`).join(', ')});`);
    const params = subs.map((_, k) => `s${k}`);
    return new Function('C', 'decInt', ...params, `return function decodeRecord(r) {\n${body.join('\n')}\n};`)(ctor, decInt, ...subs) as Dec;
}

export function encoder(d: TypeDesc): Enc {
    const c = d as Codecs;
    if (c.$enc) return c.$enc;
    let f: Enc;
    switch (d.k) {
        case 'int':
        case 'duration':
            f = encInt;
            break;
        case 'decimal':
            f = encDecimal;
            break;
        case 'float':
            f = (w, v) => w.f64(v);
            break;
        case 'bool':
            f = (w, v) => w.u8(v ? 1 : 0);
            break;
        case 'string':
        case 'time':
            f = (w, v) => w.str(v);
            break;
        case 'bytes':
            f = (w, v) => w.bytes(v);
            break;
        case 'unit':
            f = () => {};
            break;
        case 'record': {
            c.$enc = (w, v) => f(w, v); // recursive types
            f = recordEncoder(d.fields);
            break;
        }
        case 'enum': {
            c.$enc = (w, v) => f(w, v);
            const vs = d.variants.map((vd) => vd.payload.map(encoder));
            f = (w, v) => {
                w.u8(v.tag);
                const es = vs[v.tag];
                for (let i = 0; i < es.length; i++) es[i](w, v['$' + i]);
            };
            break;
        }
        case 'array': {
            const ee = encoder(d.elem);
            f = (w, v: any[]) => {
                w.u32(v.length);
                for (let i = 0; i < v.length; i++) ee(w, v[i]);
            };
            break;
        }
        case 'tuple': {
            const es = d.elems.map(encoder);
            f = (w, v: any[]) => {
                for (let i = 0; i < es.length; i++) es[i](w, v[i]);
            };
            break;
        }
        case 'view':
            f = d.of === 'bytes' ? (w, v) => w.bytes(v.data()) : (w, v) => w.str(v.text());
            break;
        default:
            // Functions and locus handles do not cross threads (Hale forbids cross-pool calls); they
            // arrive as a unit placeholder.
            f = () => {};
    }
    c.$enc = f;
    return f;
}

export function decoder(d: TypeDesc): Dec {
    const c = d as Codecs;
    if (c.$dec) return c.$dec;
    let f: Dec;
    switch (d.k) {
        case 'int':
        case 'duration':
            f = decInt;
            break;
        case 'decimal':
            f = decDecimal;
            break;
        case 'float':
            f = (r) => r.f64();
            break;
        case 'bool':
            f = (r) => r.u8v() !== 0;
            break;
        case 'string':
        case 'time':
            f = (r) => r.str();
            break;
        case 'bytes':
            f = (r) => r.bytes();
            break;
        case 'unit':
            f = () => undefined;
            break;
        case 'record': {
            c.$dec = (r) => f(r);
            f = recordDecoder(d.ctor, d.fields);
            break;
        }
        case 'enum': {
            c.$dec = (r) => f(r);
            const vs = d.variants.map((vd) => vd.payload.map(decoder));
            const ctor = d.ctor;
            const singles = d.singletons;
            f = (r) => {
                const tag = r.u8v();
                const ds = vs[tag];
                if (ds.length === 0) return singles[tag];
                const args: any[] = [tag];
                for (let i = 0; i < ds.length; i++) args.push(ds[i](r));
                return new ctor(...args);
            };
            break;
        }
        case 'array': {
            const de = decoder(d.elem);
            f = (r) => {
                const n = r.u32();
                const out = new Array(n);
                for (let i = 0; i < n; i++) out[i] = de(r);
                return out;
            };
            break;
        }
        case 'tuple': {
            const ds = d.elems.map(decoder);
            f = (r) => ds.map((x) => x(r));
            break;
        }
        case 'view':
            f = d.of === 'bytes' ? (r) => r.bytes() : (r) => r.str();
            break;
        default:
            f = () => undefined;
    }
    c.$dec = f;
    return f;
}
