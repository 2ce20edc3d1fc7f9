// Hale `Decimal`: an exact fixed-point number, a signed 128-bit mantissa at implicit scale 9
// (value = mantissa × 10^-9), as upstream's codegen lowers it. Like Int, the mantissa is a JS number while
// it is a safe integer and a BigInt beyond that; arithmetic wraps at 128 bits. Multiplication and division
// rescale with truncation toward zero (LLVM `sdiv`), as upstream.

import { divZero, type Int } from './int.js';

export type Decimal = number | bigint;

const MAX_SAFE = 9007199254740991;
const SCALE = 1_000_000_000;
const SCALE_N = 1_000_000_000n;

function norm(b: bigint): Decimal {
    if (b <= 9007199254740991n && b >= -9007199254740991n) return Number(b);
    return b;
}

function wrap128(b: bigint): Decimal {
    return norm(BigInt.asIntN(128, b));
}

function big(a: Decimal | Int): bigint {
    return typeof a === 'bigint' ? a : BigInt(a);
}

export function dadd(a: Decimal, b: Decimal): Decimal {
    if (typeof a === 'number' && typeof b === 'number') {
        const r = a + b;
        if (r <= MAX_SAFE && r >= -MAX_SAFE) return r;
    }
    return wrap128(big(a) + big(b));
}

export function dsub(a: Decimal, b: Decimal): Decimal {
    if (typeof a === 'number' && typeof b === 'number') {
        const r = a - b;
        if (r <= MAX_SAFE && r >= -MAX_SAFE) return r;
    }
    return wrap128(big(a) - big(b));
}

/** Exact truncating division of a safe integer by a positive safe integer. */
function truncDivSafe(p: number, d: number): number {
    let q = Math.trunc(p / d);
    const r = p - q * d;
    if (r !== 0) {
        if ((r < 0) !== (p < 0)) q += p < 0 ? 1 : -1;
        else if (Math.abs(r) >= d) q += p < 0 ? -1 : 1;
    }
    return q + 0;
}

export function dmul(a: Decimal, b: Decimal): Decimal {
    if (typeof a === 'number' && typeof b === 'number') {
        const p = a * b;
        if (p <= MAX_SAFE && p >= -MAX_SAFE) return truncDivSafe(p, SCALE);
    }
    return wrap128((big(a) * big(b)) / SCALE_N);
}

export function ddiv(a: Decimal, b: Decimal): Decimal {
    if (b === 0 || b === 0n) divZero();
    if (typeof a === 'number' && typeof b === 'number') {
        const p = a * SCALE;
        if (p <= MAX_SAFE && p >= -MAX_SAFE && Number.isInteger(b)) {
            // p is exact; divide exactly
            const q = Math.trunc(p / b);
            const r = p - q * b;
            if (r === 0 || ((r < 0) === (p < 0) && Math.abs(r) < Math.abs(b))) return q + 0;
        }
    }
    return wrap128((big(a) * SCALE_N) / big(b));
}

export function dmod(a: Decimal, b: Decimal): Decimal {
    if (b === 0 || b === 0n) divZero();
    if (typeof a === 'number' && typeof b === 'number') return (a % b) + 0;
    return norm(big(a) % big(b));
}

export function dneg(a: Decimal): Decimal {
    if (typeof a === 'number') return 0 - a;
    return wrap128(-a);
}

/** Decimal × Int (the docs' `price * 3`): the mantissa scales by the integer. */
export function dmulInt(a: Decimal, n: Int): Decimal {
    if (typeof a === 'number' && typeof n === 'number') {
        const p = a * n;
        if (p <= MAX_SAFE && p >= -MAX_SAFE) return p + 0;
    }
    return wrap128(big(a) * big(n));
}

export function ddivInt(a: Decimal, n: Int): Decimal {
    if (n === 0 || n === 0n) divZero();
    if (typeof a === 'number' && typeof n === 'number') return truncDivSafe(a, Math.abs(n)) * (n < 0 ? -1 : 1) + 0;
    return wrap128(big(a) / big(n));
}

export function intToDecimal(n: Int): Decimal {
    if (typeof n === 'number') {
        const p = n * SCALE;
        if (p <= MAX_SAFE && p >= -MAX_SAFE) return p;
    }
    return wrap128(big(n) * SCALE_N);
}

/** Decimal -> Int truncates toward zero. */
export function decimalToInt(a: Decimal): Int {
    if (typeof a === 'number') return truncDivSafe(a, SCALE);
    const q = a / SCALE_N;
    const w = BigInt.asIntN(64, q);
    return w <= 9007199254740991n && w >= -9007199254740991n ? Number(w) : w;
}

export function decimalToFloat(a: Decimal): number {
    if (typeof a === 'number') return a / SCALE;
    return Number(a) / SCALE;
}

/** Float -> Decimal: round to the nearest 10^-9 (the decimal spelling of the double). */
export function floatToDecimal(f: number): Decimal {
    if (!Number.isFinite(f)) return 0;
    const p = Math.round(f * SCALE);
    if (p <= MAX_SAFE && p >= -MAX_SAFE) return p + 0;
    return parseDecimal(f.toFixed(9)) ?? 0;
}

/**
 * Parse a decimal spelling (`12.50`, `-0.000001`, `3`, optional trailing `d`) to a mantissa.
 * Fraction digits past the ninth are truncated. Returns undefined when the text is not a number.
 */
export function parseDecimal(text: string): Decimal | undefined {
    const m = /^\s*([+-]?)(\d+)(?:\.(\d*))?d?\s*$/.exec(text) ?? /^\s*([+-]?)()\.(\d+)d?\s*$/.exec(text);
    if (!m) return undefined;
    const sign = m[1] === '-' ? -1n : 1n;
    const intPart = m[2] === '' ? 0n : BigInt(m[2]);
    const frac = (m[3] ?? '').slice(0, 9).padEnd(9, '0');
    const mant = sign * (intPart * SCALE_N + BigInt(frac));
    return wrap128(mant);
}

/** Upstream's rendering: integer part, then the fraction with trailing zeros (and a bare point) trimmed. */
export function decimalToString(a: Decimal): string {
    let neg: boolean;
    let abs: bigint | number;
    if (typeof a === 'number') {
        neg = a < 0;
        abs = Math.abs(a);
        const ip = Math.floor(abs / SCALE);
        const fp = abs - ip * SCALE;
        let s = (neg ? '-' : '') + String(ip);
        if (fp !== 0) s += '.' + String(fp).padStart(9, '0').replace(/0+$/, '');
        return s;
    }
    neg = a < 0n;
    abs = neg ? -a : a;
    const ip = abs / SCALE_N;
    const fp = abs % SCALE_N;
    let s = (neg ? '-' : '') + ip.toString();
    if (fp !== 0n) s += '.' + fp.toString().padStart(9, '0').replace(/0+$/, '');
    return s;
}

/** `std::decimal::format(d, places)`: exactly `places` fraction digits (0..=9), rounding half up. */
export function decimalFormat(a: Decimal, places: Int): string {
    let p = Number(places);
    if (p < 0) p = 0;
    if (p > 9) p = 9;
    let m = big(a);
    const neg = m < 0n;
    if (neg) m = -m;
    const unit = 10n ** BigInt(9 - p);
    let q = m / unit;
    const r = m % unit;
    if (r * 2n >= unit && unit > 1n) q += 1n;
    const div = 10n ** BigInt(p);
    const ip = q / div;
    const fp = q % div;
    let s = (neg && q !== 0n ? '-' : '') + ip.toString();
    if (p > 0) s += '.' + fp.toString().padStart(p, '0');
    return s;
}
