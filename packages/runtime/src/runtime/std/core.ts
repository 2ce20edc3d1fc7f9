// std::str, std::bytes (with the native BytesBuilder locus), std::math, std::decimal, std::text, std::crypto.

import { createHash, createHmac } from 'node:crypto';
import { HaleFail } from '../errors.js';
import { Locus, violate } from '../locus.js';
import { makeError, View } from '../helpers.js';
import { floatToInt, MAX_SAFE, type Int } from '../values/int.js';
import { decimalFormat, decimalToFloat, decimalToInt, floatToDecimal, intToDecimal, parseDecimal, type Decimal } from '../values/decimal.js';
import { fromUtf8, isAscii, strIndexOf, strLen, strSlice, utf8 } from '../values/strings.js';

export type Natives = Map<string, unknown>;
import { allocCount } from './sys.js';

function parseError(kind: string, input: string): HaleFail {
    return new HaleFail(makeError('ParseError', { kind, input }), 'ParseError');
}

function indexError(index: Int, len: number): HaleFail {
    return new HaleFail(makeError('IndexError', { kind: 'index_out_of_bounds', index, len }), 'IndexError');
}

const INT_RE = /^[+-]?\d+$/;

export function parseIntStrict(s: string): Int | undefined {
    const t = s.trim();
    if (!INT_RE.test(s) && !INT_RE.test(t)) return undefined;
    const b = BigInt(t);
    if (b > 9223372036854775807n || b < -9223372036854775808n) return undefined;
    return b <= BigInt(MAX_SAFE) && b >= -BigInt(MAX_SAFE) ? Number(b) : b;
}

const FLOAT_RE = /^[+-]?(\d+\.?\d*([eE][+-]?\d+)?|\.\d+([eE][+-]?\d+)?|inf|infinity|nan)$/i;

export function registerCore(n: Natives): void {
    // ------------------------------------------------------------------------------- std::str
    n.set('std::str::parse_int', (s: string): Int => {
        const v = parseIntStrict(s);
        if (v === undefined) {
            const t = s.trim();
            if (INT_RE.test(t)) throw parseError('overflow', s);
            throw parseError('parse_int', s);
        }
        return v;
    });
    n.set('std::str::can_parse_int', (s: string) => parseIntStrict(s) !== undefined);
    n.set('std::str::parse_float', (s: string): number => {
        const t = s.trim();
        if (!FLOAT_RE.test(t)) throw parseError('parse_float', s);
        return Number(t.replace(/^([+-]?)inf(inity)?$/i, '$1Infinity'));
    });
    n.set('std::str::can_parse_float', (s: string) => FLOAT_RE.test(s.trim()));
    n.set('std::str::parse_decimal', (s: string): Decimal => {
        const v = parseDecimal(s.trim());
        if (v === undefined) throw parseError('parse_decimal', s);
        return v;
    });
    n.set('std::str::can_parse_decimal', (s: string) => parseDecimal(s.trim()) !== undefined);
    n.set('std::str::range_eq', (s: string, a: Int, b: Int, exp: string) => {
        const lo = Number(a);
        const hi = Number(b);
        if (lo < 0 || hi < lo || hi > strLen(s)) return false;
        return strSlice(s, lo, hi) === exp;
    });
    n.set('std::str::range_parse_int', (s: string, a: Int, b: Int): Int => {
        const sub = strSlice(s, a, b);
        const v = parseIntStrict(sub);
        if (v === undefined) throw parseError('parse_int', sub);
        return v;
    });
    n.set('std::str::range_parse_decimal', (s: string, a: Int, b: Int): Decimal => {
        const sub = strSlice(s, a, b);
        const v = parseDecimal(sub);
        if (v === undefined) throw parseError('parse_decimal', sub);
        return v;
    });
    n.set('std::str::byte_at_unchecked', (s: string, i: Int) => (isAscii(s) ? s.charCodeAt(Number(i)) : utf8(s)[Number(i)]));
    n.set('std::str::index_of', (s: string, sub: string) => strIndexOf(s, sub));
    n.set('std::str::last_index_of', (s: string, sub: string) => (isAscii(s) ? s.lastIndexOf(sub) : utf8(s).lastIndexOf(utf8(sub))));
    n.set('std::str::lower', (s: string) => s.replace(/[A-Z]/g, (c) => c.toLowerCase()));
    n.set('std::str::upper', (s: string) => s.replace(/[a-z]/g, (c) => c.toUpperCase()));
    n.set('std::str::trim', (s: string) => s.replace(/^[ \t\r\n]+|[ \t\r\n]+$/g, ''));
    n.set('std::str::trim_start', (s: string) => s.replace(/^[ \t\r\n]+/, ''));
    n.set('std::str::trim_end', (s: string) => s.replace(/[ \t\r\n]+$/, ''));
    n.set('std::str::substring', (s: string, lo: Int, hi: Int) => strSlice(s, lo, hi));
    n.set('std::str::replace', (s: string, needle: string, rep: string) => (needle === '' ? s : s.split(needle).join(rep)));
    n.set('std::str::repeat', (s: string, k: Int) => (Number(k) <= 0 ? '' : s.repeat(Number(k))));
    n.set('std::str::pad_left', (s: string, w: Int, pad: string) => {
        const l = strLen(s);
        const width = Number(w);
        return l >= width ? s : (pad ? pad[0] : ' ').repeat(width - l) + s;
    });
    n.set('std::str::pad_right', (s: string, w: Int, pad: string) => {
        const l = strLen(s);
        const width = Number(w);
        return l >= width ? s : s + (pad ? pad[0] : ' ').repeat(width - l);
    });
    n.set('std::str::from_bytes', (b: Uint8Array | View) => fromUtf8(b instanceof View ? b.data() : b));
    n.set('std::str::clone', (s: string | View) => (s instanceof View ? s.text() : s));
    n.set('std::str::contains', (s: string, sub: string) => s.includes(sub));
    n.set('std::str::starts_with', (s: string, p: string) => s.startsWith(p));
    n.set('std::str::ends_with', (s: string, p: string) => s.endsWith(p));
    n.set('std::str::is_empty', (s: string) => s.length === 0);
    n.set('std::str::eq_ignore_case', (a: string, b: string) => a.toLowerCase() === b.toLowerCase());
    n.set('std::str::count', (s: string, sub: string) => (sub === '' ? 0 : s.split(sub).length - 1));
    n.set('std::str::char_at', (s: string, i: Int) => strSlice(s, i, Number(i) + 1));
    n.set('std::str::cp_count', (s: string) => {
        let c = 0;
        for (const _ of s) c++;
        return c;
    });
    n.set('std::str::cp_at', (s: string, i: Int) => {
        const b = utf8(s);
        const k = Number(i);
        if (k < 0 || k >= b.length || (b[k] & 0xc0) === 0x80) return -1;
        const ch = b.subarray(k, k + 4).toString('utf8').codePointAt(0);
        return ch === undefined || ch === 0xfffd ? -1 : ch;
    });
    n.set('std::str::cp_size', (s: string, i: Int) => {
        const b = utf8(s);
        const k = Number(i);
        if (k < 0 || k >= b.length) return -1;
        const x = b[k];
        if (x < 0x80) return 1;
        if ((x & 0xe0) === 0xc0) return 2;
        if ((x & 0xf0) === 0xe0) return 3;
        if ((x & 0xf8) === 0xf0) return 4;
        return -1;
    });
    const builders: string[][] = [];
    n.set('std::str::builder_new', () => {
        builders.push([]);
        return builders.length;
    });
    n.set('std::str::builder_append', (b: Int, s: string) => {
        builders[Number(b) - 1]?.push(s);
    });
    n.set('std::str::builder_len', (b: Int) => (builders[Number(b) - 1] ?? []).reduce((a, s) => a + strLen(s), 0));
    n.set('std::str::builder_finish', (b: Int) => {
        const parts = builders[Number(b) - 1] ?? [];
        builders[Number(b) - 1] = [];
        return parts.join('');
    });
    n.set('std::str::split_into', (s: string, sep: string, target: any) => {
        const parts = sep === '' ? [s] : s.split(sep);
        for (const p of parts) target.push(p);
    });
    n.set('std::str::join', (items: any, sep: string) => {
        const arr = typeof items.$items === 'function' ? items.$items() : items;
        return arr.join(sep);
    });

    // ------------------------------------------------------------------------------ std::bytes
    n.set('std::bytes::at', (b: Uint8Array, i: Int): number => {
        const k = Number(i);
        if (k < 0 || k >= b.length || typeof i !== 'number') throw indexError(i, b.length);
        return b[k];
    });
    n.set('std::bytes::slice', (b: Uint8Array, lo: Int, hi: Int) => {
        let a = Number(lo);
        let z = Number(hi);
        if (a < 0) a = 0;
        if (z > b.length) z = b.length;
        if (z <= a) return new Uint8Array(0);
        return b.slice(a, z);
    });
    n.set('std::bytes::from_string', (s: string) => new Uint8Array(utf8(s)));
    n.set('std::bytes::from_int', (v: Int) => {
        allocCount.n++;
        return new Uint8Array([Number(BigInt.asUintN(8, BigInt(v)))]);
    });
    n.set('std::bytes::concat', (a: Uint8Array, b: Uint8Array) => {
        const out = new Uint8Array(a.length + b.length);
        out.set(a, 0);
        out.set(b, a.length);
        return out;
    });
    n.set('std::bytes::clone', (v: Uint8Array | View) => (v instanceof View ? v.data().slice() : v.slice()));
    n.set('std::bytes::find_byte', (b: Uint8Array, off: Int, needle: Int) => b.indexOf(Number(needle) & 0xff, Number(off)));
    n.set('std::bytes::len', (b: Uint8Array) => b.length);
    n.set('std::bytes::empty', () => new Uint8Array(0));
    n.set('std::bytes::eq', (a: Uint8Array, b: Uint8Array) => a.length === b.length && a.every((x, i) => x === b[i]));
    n.set('std::bytes::to_hex', (b: Uint8Array) => Buffer.from(b).toString('hex'));
    const rd = (size: number, fn: (dv: DataView, off: number) => number | bigint) => (b: Uint8Array, off: Int) => {
        const o = Number(off);
        if (o < 0 || o + size > b.length) throw indexError(off, b.length);
        const v = fn(new DataView(b.buffer, b.byteOffset, b.byteLength), o);
        return typeof v === 'bigint' ? (v <= BigInt(MAX_SAFE) && v >= -BigInt(MAX_SAFE) ? Number(v) : v) : v;
    };
    n.set('std::bytes::read_u8', rd(1, (d, o) => d.getUint8(o)));
    n.set('std::bytes::read_i8', rd(1, (d, o) => d.getInt8(o)));
    n.set('std::bytes::read_u16_le', rd(2, (d, o) => d.getUint16(o, true)));
    n.set('std::bytes::read_u16_be', rd(2, (d, o) => d.getUint16(o, false)));
    n.set('std::bytes::read_i16_le', rd(2, (d, o) => d.getInt16(o, true)));
    n.set('std::bytes::read_u32_le', rd(4, (d, o) => d.getUint32(o, true)));
    n.set('std::bytes::read_u32_be', rd(4, (d, o) => d.getUint32(o, false)));
    n.set('std::bytes::read_i32_le', rd(4, (d, o) => d.getInt32(o, true)));
    n.set('std::bytes::read_u64_le', rd(8, (d, o) => BigInt.asIntN(64, d.getBigUint64(o, true))));
    n.set('std::bytes::read_u64_be', rd(8, (d, o) => BigInt.asIntN(64, d.getBigUint64(o, false))));
    n.set('std::bytes::read_i64_le', rd(8, (d, o) => d.getBigInt64(o, true)));
    n.set('std::bytes::read_f64_le', rd(8, (d, o) => d.getFloat64(o, true)));
    n.set('std::bytes::read_f32_le', rd(4, (d, o) => d.getFloat32(o, true)));
    n.set('std::bytes::BytesBuilder', BytesBuilder);

    // ------------------------------------------------------------------------------- std::math
    const M = Math;
    n.set('std::math::sqrt', M.sqrt);
    n.set('std::math::exp', M.exp);
    n.set('std::math::log', M.log);
    n.set('std::math::log10', M.log10);
    n.set('std::math::log2', M.log2);
    n.set('std::math::floor', M.floor);
    n.set('std::math::ceil', M.ceil);
    n.set('std::math::pow', M.pow);
    n.set('std::math::tanh', M.tanh);
    n.set('std::math::sin', M.sin);
    n.set('std::math::cos', M.cos);
    n.set('std::math::tan', M.tan);
    n.set('std::math::asin', M.asin);
    n.set('std::math::acos', M.acos);
    n.set('std::math::atan', M.atan);
    n.set('std::math::atan2', M.atan2);
    n.set('std::math::abs', M.abs);
    n.set('std::math::fabs', M.abs);
    n.set('std::math::min', M.min);
    n.set('std::math::max', M.max);
    n.set('std::math::pi', () => M.PI);
    n.set('std::math::nan', () => NaN);
    n.set('std::math::inf', () => Infinity);
    n.set('std::math::is_nan', (x: number) => x !== x);
    n.set('std::math::is_inf', (x: number) => x === Infinity || x === -Infinity);
    n.set('std::math::int_to_float', (i: Int) => Number(i));
    n.set('std::math::float_to_int', floatToInt);
    n.set('std::math::trunc', floatToInt);
    n.set('std::math::round', (f: number) => floatToInt(f + (f < 0 ? -0.5 : 0.5)));
    n.set('std::math::abs_int', (i: Int) => (typeof i === 'number' ? Math.abs(i) : i < 0n ? -i : i));
    n.set('std::math::min_int', (a: Int, b: Int) => (a < b ? a : b));
    n.set('std::math::max_int', (a: Int, b: Int) => (a > b ? a : b));

    // ---------------------------------------------------------------------------- std::decimal
    n.set('std::decimal::to_float', decimalToFloat);
    n.set('std::decimal::format', decimalFormat);
    n.set('std::decimal::from_int', intToDecimal);
    n.set('std::decimal::from_float', floatToDecimal);
    n.set('std::decimal::to_int', decimalToInt);

    // ------------------------------------------------------------------------------- std::text
    const cls = (f: (c: number) => boolean) => (c: Int) => f(Number(c));
    n.set('std::text::is_alpha', cls((c) => (c >= 65 && c <= 90) || (c >= 97 && c <= 122)));
    n.set('std::text::is_digit', cls((c) => c >= 48 && c <= 57));
    n.set('std::text::is_alnum', cls((c) => (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || (c >= 48 && c <= 57)));
    n.set('std::text::is_whitespace', cls((c) => c === 32 || (c >= 9 && c <= 13)));
    n.set('std::text::is_word_char', cls((c) => (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 95));
    n.set('std::text::base64::encode', (b: Uint8Array) => Buffer.from(b).toString('base64'));
    n.set('std::text::base64::url_encode', (b: Uint8Array) => Buffer.from(b).toString('base64url'));
    n.set('std::text::base64::decode', (s: string) => {
        const t = s.replace(/\s+/g, '');
        if (!/^[A-Za-z0-9+/]*={0,2}$/.test(t) || t.length % 4 === 1) return new Uint8Array(0);
        return new Uint8Array(Buffer.from(t, 'base64'));
    });
    n.set('std::text::md_to_html', (md: string) => md);

    // ----------------------------------------------------------------------------- std::crypto
    const hash = (alg: string) => (b: Uint8Array) => new Uint8Array(createHash(alg).update(b).digest());
    n.set('std::crypto::sha1', hash('sha1'));
    n.set('std::crypto::sha256', hash('sha256'));
    n.set('std::crypto::sha512', hash('sha512'));
    n.set('std::crypto::hmac_sha256', (k: Uint8Array, m: Uint8Array) => new Uint8Array(createHmac('sha256', k).update(m).digest()));
    n.set('std::crypto::hmac_sha512', (k: Uint8Array, m: Uint8Array) => new Uint8Array(createHmac('sha512', k).update(m).digest()));
    n.set('std::crypto::hex', (b: Uint8Array) => Buffer.from(b).toString('hex'));
    n.set('std::crypto::crc32', (b: Uint8Array) => {
        let c = 0xffffffff;
        for (const x of b) {
            c ^= x;
            for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0xedb88320 : c >>> 1;
        }
        return (c ^ 0xffffffff) >>> 0;
    });

    // ------------------------------------------------------------------------------- std::name
    n.set('std::name::__snake_to_camel', (s: string) => {
        let out = '';
        let up = true;
        for (const c of s) {
            if (c === '_') up = true;
            else if (up) {
                out += c.replace(/[a-z]/, (x) => x.toUpperCase());
                up = false;
            } else out += c;
        }
        return out;
    });
    n.set('std::name::__camel_to_snake', (s: string) => {
        let out = '';
        for (let i = 0; i < s.length; i++) {
            const c = s[i];
            if (c >= 'A' && c <= 'Z') out += (i > 0 ? '_' : '') + c.toLowerCase();
            else out += c;
        }
        return out;
    });

    // ------------------------------------------------------------------------------- std::test
    let passes = 0;
    n.set('std::test::__passes', () => passes);
    n.set('std::test::__note_pass', () => {
        passes++;
    });
}

// ----------------------------------------------------------------------------------- BytesBuilder

/** `std::bytes::BytesBuilder`: a growable byte buffer with views (upstream's is a Hale locus over C). */
export class BytesBuilder extends Locus {
    static override $name = 'std::bytes::BytesBuilder';
    static override $closures = [
        { name: 'alloc_failed', epoch: 'inline' as const, captures: ['initial_cap'] },
        { name: 'index_oob', epoch: 'inline' as const },
    ];
    initial_cap: Int = 64;
    st: { buf: Uint8Array; len: number; epoch: number } | null = null;

    override $init(ov: any): void {
        if (ov && ov.initial_cap !== undefined) this.initial_cap = ov.initial_cap;
        const cap = Math.max(16, Number(this.initial_cap) || 64);
        this.st = { buf: new Uint8Array(cap), len: 0, epoch: 0 };
    }

    private live(): { buf: Uint8Array; len: number; epoch: number } {
        if (this.st === null) violate(this, 'alloc_failed');
        return this.st;
    }

    private reserve(n: number): { buf: Uint8Array; len: number; epoch: number } {
        const st = this.live();
        if (st.len + n > st.buf.length) {
            allocCount.n++;
            let cap = st.buf.length * 2;
            while (cap < st.len + n) cap *= 2;
            const nb = new Uint8Array(cap);
            nb.set(st.buf.subarray(0, st.len));
            st.buf = nb;
        }
        st.epoch++;
        return st;
    }

    append(chunk: Uint8Array | View): void {
        const b = chunk instanceof View ? chunk.data() : chunk;
        const st = this.reserve(b.length);
        st.buf.set(b, st.len);
        st.len += b.length;
    }
    append_str(s: string): void {
        this.append(utf8(s));
    }
    append_slice(src: Uint8Array, lo: Int, hi: Int): void {
        const a = Number(lo);
        const z = Number(hi);
        if (a < 0 || z > src.length || z < a) violate(this, 'index_oob');
        this.append(src.subarray(a, z));
    }
    private scalar(v: Int, size: number, be: boolean): void {
        const st = this.reserve(size);
        let x = BigInt.asUintN(size * 8, BigInt(v));
        for (let i = 0; i < size; i++) {
            const byte = Number(x & 0xffn);
            x >>= 8n;
            st.buf[st.len + (be ? size - 1 - i : i)] = byte;
        }
        st.len += size;
    }
    append_u8(v: Int): void {
        this.scalar(v, 1, false);
    }
    append_i8(v: Int): void {
        this.scalar(v, 1, false);
    }
    append_u16_le(v: Int): void {
        this.scalar(v, 2, false);
    }
    append_u16_be(v: Int): void {
        this.scalar(v, 2, true);
    }
    append_i16_le(v: Int): void {
        this.scalar(v, 2, false);
    }
    append_i16_be(v: Int): void {
        this.scalar(v, 2, true);
    }
    append_u32_le(v: Int): void {
        this.scalar(v, 4, false);
    }
    append_u32_be(v: Int): void {
        this.scalar(v, 4, true);
    }
    append_i32_le(v: Int): void {
        this.scalar(v, 4, false);
    }
    append_i32_be(v: Int): void {
        this.scalar(v, 4, true);
    }
    append_u64_le(v: Int): void {
        this.scalar(v, 8, false);
    }
    append_u64_be(v: Int): void {
        this.scalar(v, 8, true);
    }
    append_i64_le(v: Int): void {
        this.scalar(v, 8, false);
    }
    append_i64_be(v: Int): void {
        this.scalar(v, 8, true);
    }
    append_f32_le(x: number): void {
        const st = this.reserve(4);
        new DataView(st.buf.buffer).setFloat32(st.len, x, true);
        st.len += 4;
    }
    append_f64_le(x: number): void {
        const st = this.reserve(8);
        new DataView(st.buf.buffer).setFloat64(st.len, x, true);
        st.len += 8;
    }
    append_f64_be(x: number): void {
        const st = this.reserve(8);
        new DataView(st.buf.buffer).setFloat64(st.len, x, false);
        st.len += 8;
    }
    append_pad(to: Int): void {
        const a = Number(to);
        if (a <= 0) return;
        const st = this.live();
        const pad = (a - (st.len % a)) % a;
        this.reserve(pad);
        st.buf.fill(0, st.len, st.len + pad);
        st.len += pad;
    }
    xor_mask(src: Uint8Array, key: Int): void {
        const k = Number(BigInt.asUintN(32, BigInt(key)));
        const kb = [k & 0xff, (k >>> 8) & 0xff, (k >>> 16) & 0xff, (k >>> 24) & 0xff];
        const st = this.reserve(src.length);
        for (let i = 0; i < src.length; i++) st.buf[st.len + i] = src[i] ^ kb[i % 4];
        st.len += src.length;
    }
    len(): number {
        return this.st ? this.st.len : 0;
    }
    snapshot(): Uint8Array {
        const st = this.live();
        return st.buf.slice(0, st.len);
    }
    view(): View {
        const st = this.st;
        return st ? new View(st, st.epoch, null) : new View(null, -1, new Uint8Array(0));
    }
    text_view(): View {
        return this.view();
    }
    shift_front(k: Int): void {
        const st = this.live();
        const n = Math.min(Math.max(0, Number(k)), st.len);
        st.buf.copyWithin(0, n, st.len);
        st.len -= n;
        st.epoch++;
    }
    clear(): void {
        const st = this.live();
        st.len = 0;
        st.epoch++;
    }
    finish(): Uint8Array {
        const st = this.live();
        this.st = null;
        return st.buf.slice(0, st.len);
    }
}

export { decimalToFloat };
