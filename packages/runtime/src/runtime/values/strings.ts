// Hale `String` is UTF-8 bytes: `len(s)` is a byte count, `s[a..b]` slices bytes, std::str offsets are
// byte offsets. We keep JS strings (so concatenation, comparison and printing stay native) and convert
// offsets only when a string holds non-ASCII text; the ASCII check is a single regex test.

import { HalePanic } from '../errors.js';
import { type Int } from './int.js';

const NON_ASCII = /[^\x00-\x7f]/;

// Scanning loops (`while i < len(s) { byte_at_unchecked(s, i) ... }`, index_of over substrings of one
// text) ask about the same few long strings over and over; what we learned about the last few (ASCII or
// not, their UTF-8 bytes) is kept, most recently used first, so each call is O(1) instead of a scan of the
// whole text. `===` on the very same string is a pointer comparison.
const LONG = 32;
const SLOTS = 4;
const cStr: string[] = ['', '', '', ''];
const cAscii: boolean[] = [true, true, true, true];
const cBytes: (Buffer | null)[] = [null, null, null, null];

/** Move slot i to the front; returns 0. */
function promote(i: number): number {
    if (i === 0) return 0;
    const str = cStr[i];
    const a = cAscii[i];
    const b = cBytes[i];
    for (let k = i; k > 0; k--) {
        cStr[k] = cStr[k - 1];
        cAscii[k] = cAscii[k - 1];
        cBytes[k] = cBytes[k - 1];
    }
    cStr[0] = str;
    cAscii[0] = a;
    cBytes[0] = b;
    return 0;
}

/** The cache slot of a long string (now at the front), adding it if new. */
function slotOf(s: string, knownAscii: boolean): number {
    for (let i = 0; i < SLOTS; i++) if (cStr[i] === s) return promote(i);
    promote(SLOTS - 1);
    cStr[0] = s;
    cAscii[0] = knownAscii || !NON_ASCII.test(s);
    cBytes[0] = null;
    return 0;
}

/** Remember that a long string derived from ASCII text (a slice of it) is ASCII too. */
function rememberAscii(s: string): string {
    if (s.length >= LONG) slotOf(s, true);
    return s;
}

export function isAscii(s: string): boolean {
    if (s.length < LONG) {
        for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) > 0x7f) return false;
        return true;
    }
    return cAscii[slotOf(s, false)];
}

/** Byte length of a Hale String. */
export function strLen(s: string): number {
    return isAscii(s) ? s.length : utf8(s).length;
}

export function utf8(s: string): Buffer {
    if (s.length < LONG) return Buffer.from(s, 'utf8');
    const i = slotOf(s, false);
    return (cBytes[i] ??= Buffer.from(s, 'utf8'));
}

export function fromUtf8(b: Uint8Array): string {
    return Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('utf8');
}

/** Byte-range slice `s[lo..hi]` (clamped). */
export function strSlice(s: string, lo: Int, hi: Int): string {
    let a = Number(lo);
    let b = Number(hi);
    if (isAscii(s)) {
        if (a < 0) a = 0;
        if (b > s.length) b = s.length;
        if (b <= a) return '';
        return rememberAscii(s.slice(a, b));
    }
    const buf = utf8(s);
    if (a < 0) a = 0;
    if (b > buf.length) b = buf.length;
    if (b <= a) return '';
    return buf.subarray(a, b).toString('utf8');
}

/** Byte offset of `sub` in `s` from byte `from`, or -1. */
export function strIndexOf(s: string, sub: string, from = 0): number {
    if (isAscii(s) && isAscii(sub)) return s.indexOf(sub, from);
    const b = utf8(s);
    return b.indexOf(utf8(sub), from);
}

/** The byte at offset i (0..255), or -1. */
export function strByteAt(s: string, i: Int): number {
    const n = Number(i);
    if (isAscii(s)) return n >= 0 && n < s.length ? s.charCodeAt(n) : -1;
    const b = utf8(s);
    return n >= 0 && n < b.length ? b[n] : -1;
}

/** `s[i]` on a String (byte as a one-byte string). */
export function strIndex(s: string, i: Int): string {
    const n = Number(i);
    const l = strLen(s);
    if (n < 0 || n >= l) throw new HalePanic(`index ${n} out of bounds for String of length ${l}`, 'IndexError');
    return strSlice(s, n, n + 1);
}

export function strRepeat(s: string, n: Int): string {
    const k = Number(n);
    return k <= 0 ? '' : s.repeat(k);
}

/** A Hale string literal's escapes have already been decoded by the compiler; `\xNN` above 0x7f is a raw
 * byte, which we keep as the same code point (Latin-1) so round trips through Bytes preserve it. */
export function strFromLatin1Bytes(b: Uint8Array): string {
    return Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('latin1');
}

export function strCmp(a: string, b: string): number {
    return a < b ? -1 : a > b ? 1 : 0;
}

export function concat(a: string, b: string): string {
    return a + b;
}

/** Array index check shared by `[T]` indexing. */
export function checkIndex(len: number, i: Int): number {
    const n = typeof i === 'number' ? i : -1;
    if (n < 0 || n >= len || n !== Math.floor(n)) {
        throw new HalePanic(`index ${String(i)} out of bounds for array of length ${len}`, 'IndexError');
    }
    return n;
}

/** `[v; N]`: the value is evaluated once; aggregates are copied into each slot (`copy` given). */
export function repeatArray<T>(n: Int, v: T, copy: ((x: T) => T) | null): T[] {
    const k = Number(n);
    const out = new Array<T>(k);
    for (let i = 0; i < k; i++) out[i] = copy !== null && i > 0 ? copy(v) : v;
    return out;
}
