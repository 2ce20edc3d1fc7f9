// Binary encoding of Hale values for the cross-thread bus. A payload crossing a thread is copied into the
// destination's ring (the bus copies payloads at every locus boundary, as upstream), then rebuilt as fresh
// objects on the consumer's heap, so no object is ever shared between threads. Encoders and decoders are
// built once per type descriptor and cached on it.

import type { TypeDesc } from '../values/types.js';

const te = new TextEncoder();
const td = new TextDecoder();

/** A growable scratch buffer a thread encodes into before copying the bytes into a ring. */
export class Writer {
    buf: Uint8Array;
    dv: DataView;
    pos = 0;

    constructor(size = 4096) {
        this.buf = new Uint8Array(size);
        this.dv = new DataView(this.buf.buffer);
    }

    reset(): void {
        this.pos = 0;
    }

    ensure(n: number): void {
        if (this.pos + n <= this.buf.length) return;
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

type Enc = (w: Writer, v: any) => void;
type Dec = (r: Reader) => any;

interface Codecs {
    $enc?: Enc;
    $dec?: Dec;
}

function encInt(w: Writer, v: number | bigint): void {
    if (typeof v === 'number') {
        w.ensure(9);
        const p = w.pos;
        w.buf[p] = 0;
        w.dv.setFloat64(p + 1, v, true);
        w.pos = p + 9;
    } else {
        w.u8(1);
        w.i64(v);
    }
}

function decInt(r: Reader): number | bigint {
    const tag = r.u8v();
    if (tag === 0) return r.f64();
    return r.i64();
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
            const names = d.fields.map(([n]) => n);
            const encs = d.fields.map(([, fd]) => encoder(fd));
            const n = names.length;
            // One straight-line function per record type (`e0(w, v.seq); e1(w, v.value);`): field reads by
            // constant name stay monomorphic, where a loop over names would not.
            const ok = names.every((x) => /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(x));
            if (ok) {
                f = new Function('encs', `const [${names.map((_, i) => 'e' + i).join(', ')}] = encs; return (w, v) => { ${names.map((x, i) => `e${i}(w, v.${x});`).join(' ')} };`)(encs) as Enc;
            } else {
                f = (w, v) => {
                    for (let i = 0; i < n; i++) encs[i](w, v[names[i]]);
                };
            }
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
            const decs = d.fields.map(([, fd]) => decoder(fd));
            const ctor = d.ctor;
            const n = decs.length;
            if (n === 1) f = (r) => new ctor(decs[0](r));
            else if (n === 2) f = (r) => new ctor(decs[0](r), decs[1](r));
            else if (n === 3) f = (r) => new ctor(decs[0](r), decs[1](r), decs[2](r));
            else
                f = (r) => {
                    const args = new Array(n);
                    for (let i = 0; i < n; i++) args[i] = decs[i](r);
                    return new ctor(...args);
                };
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
