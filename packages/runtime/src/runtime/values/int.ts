// Hale `Int` is a signed 64-bit integer that wraps on overflow (upstream lowers `+ - *` to LLVM's plain
// `add/sub/mul`, no `nsw`, so two's-complement wrap is the defined behaviour). We represent it as a JS
// number while the value is a safe integer (|v| <= 2^53-1) and as a BigInt only beyond that, so compute
// stays on V8's fast double path and the rare big value is still exact. Every operation returns the
// *normalized* form (number when safe), so `===` and `<` work unchanged on mixed results.
//
// Division or remainder by zero is a hard failure upstream (SIGFPE); here it is a Hale panic.

import { HalePanic } from '../errors.js';

export type Int = number | bigint;

export const MAX_SAFE = 9007199254740991;
const B64 = 64;

/** Normalize a BigInt already wrapped to i64 (or any in-range BigInt) to the canonical repr. */
export function normBig(b: bigint): Int {
    if (b <= 9007199254740991n && b >= -9007199254740991n) return Number(b);
    return b;
}

/** Wrap an arbitrary BigInt to i64 and normalize. */
export function wrap64(b: bigint): Int {
    return normBig(BigInt.asIntN(B64, b));
}

function big(a: Int): bigint {
    return typeof a === 'bigint' ? a : BigInt(a);
}

// The fast paths are kept tiny (one typeof pair, one range test) so V8 inlines them into compiled Hale code;
// the BigInt paths live in separate functions that are never inlined into hot loops.
export function iadd(a: Int, b: Int): Int {
    if (typeof a === 'number' && typeof b === 'number') {
        const r = a + b;
        if (Math.abs(r) <= MAX_SAFE) return r;
    }
    return iaddBig(a, b);
}
function iaddBig(a: Int, b: Int): Int {
    return wrap64(big(a) + big(b));
}

export function isub(a: Int, b: Int): Int {
    if (typeof a === 'number' && typeof b === 'number') {
        const r = a - b;
        if (Math.abs(r) <= MAX_SAFE) return r;
    }
    return isubBig(a, b);
}
function isubBig(a: Int, b: Int): Int {
    return wrap64(big(a) - big(b));
}

export function imul(a: Int, b: Int): Int {
    if (typeof a === 'number' && typeof b === 'number') {
        const r = a * b;
        // Rounding is monotonic: a rounded product inside the safe range means the exact one is too.
        if (Math.abs(r) <= MAX_SAFE) return r + 0; // + 0 folds -0 into 0
    }
    return imulBig(a, b);
}
function imulBig(a: Int, b: Int): Int {
    return wrap64(big(a) * big(b));
}

export function divZero(): never {
    throw new HalePanic('division by zero', 'ArithmeticError');
}

export function idiv(a: Int, b: Int): Int {
    if (typeof a === 'number' && typeof b === 'number') {
        if (b === 0) divZero();
        let q = Math.trunc(a / b);
        // The double quotient can round across an integer boundary; fix it with the exact remainder.
        const r = a - q * b;
        if (r !== 0) {
            const s = (a < 0) !== (b < 0) ? -1 : 1;
            if ((r < 0) !== (a < 0)) q -= s;
            else if (Math.abs(r) >= Math.abs(b)) q += s;
        }
        return q + 0;
    }
    const bb = big(b);
    if (bb === 0n) divZero();
    return wrap64(big(a) / bb);
}

export function imod(a: Int, b: Int): Int {
    if (typeof a === 'number' && typeof b === 'number') {
        if (b === 0) divZero();
        return (a % b) + 0;
    }
    const bb = big(b);
    if (bb === 0n) divZero();
    return normBig(big(a) % bb);
}

export function ineg(a: Int): Int {
    if (typeof a === 'number') return 0 - a;
    return wrap64(-a);
}

const I32_MIN = -2147483648;
const I32_MAX = 2147483647;

export function iand(a: Int, b: Int): Int {
    if (typeof a === 'number' && typeof b === 'number' && a >= I32_MIN && a <= I32_MAX && b >= I32_MIN && b <= I32_MAX) {
        return a & b;
    }
    return wrap64(big(a) & big(b));
}

export function ior(a: Int, b: Int): Int {
    if (typeof a === 'number' && typeof b === 'number' && a >= I32_MIN && a <= I32_MAX && b >= I32_MIN && b <= I32_MAX) {
        return a | b;
    }
    return wrap64(big(a) | big(b));
}

export function ixor(a: Int, b: Int): Int {
    if (typeof a === 'number' && typeof b === 'number' && a >= I32_MIN && a <= I32_MAX && b >= I32_MIN && b <= I32_MAX) {
        return a ^ b;
    }
    return wrap64(big(a) ^ big(b));
}

export function inot(a: Int): Int {
    if (typeof a === 'number') return -a - 1;
    return wrap64(~a);
}

export function ishl(a: Int, n: Int): Int {
    const s = Number(n) & 63; // x86 masks the shift count
    if (typeof a === 'number' && s < 53) {
        const r = a * 2 ** s;
        if (r <= MAX_SAFE && r >= -MAX_SAFE) return r;
    }
    return wrap64(big(a) << BigInt(s));
}

export function ishr(a: Int, n: Int): Int {
    const s = Number(n) & 63;
    if (typeof a === 'number') return Math.floor(a / 2 ** s) + 0;
    return normBig(a >> BigInt(s));
}

/** Float -> Int, truncating toward zero (fptosi). Out-of-range values saturate. */
export function floatToInt(f: number): Int {
    if (f !== f) return 0;
    const t = Math.trunc(f);
    if (t <= MAX_SAFE && t >= -MAX_SAFE) return t + 0;
    if (t >= 9.223372036854776e18) return 9223372036854775807n;
    if (t <= -9.223372036854776e18) return -9223372036854775808n;
    return normBig(BigInt(t));
}

export function intToFloat(a: Int): number {
    return typeof a === 'number' ? a : Number(a);
}

/** Parse an Int literal spelling (decimal with `_`, 0x, 0b, 0o). */
export function parseIntLiteral(text: string): Int {
    const t = text.replace(/_/g, '');
    let b: bigint;
    if (/^0[xX]/.test(t)) b = BigInt(t);
    else if (/^0[bB]/.test(t)) b = BigInt(t);
    else if (/^0[oO]/.test(t)) b = BigInt(t);
    else b = BigInt(t);
    return wrap64(b);
}

/** Convert an Int to a JS array index / count; panics when out of the usable range. */
export function toIndex(a: Int): number {
    return typeof a === 'number' ? a : -1;
}

export function intToString(a: Int): string {
    return typeof a === 'number' ? (a === 0 ? '0' : String(a)) : a.toString();
}

export function icmp(a: Int, b: Int): number {
    return a < b ? -1 : a > b ? 1 : 0;
}
