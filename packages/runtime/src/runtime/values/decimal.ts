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
        // a whole-number factor (x * 2.0d, x * 100.0d) scales exactly
        const bw = Math.trunc(b / SCALE);
        if (bw * SCALE === b) {
            const r = a * bw;
            if (Math.abs(r) <= MAX_SAFE) return r + 0;
        }
        const q = mulScaledSafe(Math.abs(a), Math.abs(b));
        if (q >= 0) return (a < 0) !== (b < 0) ? 0 - q : q;
    }
    return wrap128((big(a) * big(b)) / SCALE_N);
}

/** floor(x / d) and x mod d for safe non-negative integers, exact (the float quotient may be off by one). */
function divmodSafe(x: number, d: number): number {
    let q = Math.floor(x / d);
    const r = x - q * d;
    if (r < 0) q--;
    else if (r >= d) q++;
    return q;
}

/**
 * trunc(a × b / 10^9) for non-negative safe integers whose product is not safe, without BigInt: split each
 * at 10^9 (a = ah·S + al, b = bh·S + bl) so every partial product stays exact. -1 when the result (or a
 * partial product) would not be a safe integer; the caller then takes the BigInt path.
 */
function mulScaledSafe(a: number, b: number): number {
    const ah = divmodSafe(a, SCALE);
    const al = a - ah * SCALE;
    const bh = divmodSafe(b, SCALE);
    const bl = b - bh * SCALE;
    const hh = ah * bh * SCALE;
    const hl = ah * bl;
    const lh = al * bh;
    if (hh > MAX_SAFE || hl > MAX_SAFE || lh > MAX_SAFE) return -1;
    // floor(al·bl / S) with al, bl < 10^9: al = a1·10^5 + a0, so al·bl = (a1·bl)·10^5 + a0·bl
    const a1 = divmodSafe(al, 100_000);
    const a0 = al - a1 * 100_000;
    const x = a1 * bl; // < 10^13
    const y = a0 * bl; // < 10^14
    const xq = divmodSafe(x, 10_000);
    const xr = x - xq * 10_000;
    const ll = xq + divmodSafe(xr * 100_000 + y, SCALE);
    const r = hh + hl + lh + ll;
    return r <= MAX_SAFE ? r : -1;
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
        // a whole-number divisor (x / 100.0d) divides the mantissa directly
        const bw = Math.trunc(b / SCALE);
        if (bw * SCALE === b) return truncDivSafe(Math.abs(a), Math.abs(bw)) * ((a < 0) !== (b < 0) ? -1 : 1) + 0;
        const ab = Math.abs(b);
        if (ab < 9e12) {
            // long division in base 1000: a·S / b = (a div b)·S + ((a mod b)·S) / b, three digits at a time
            const aa = Math.abs(a);
            const q1 = divmodSafe(aa, ab);
            let r = aa - q1 * ab;
            let frac = 0;
            for (let k = 0; k < 3; k++) {
                r *= 1000;
                const q = divmodSafe(r, ab);
                r -= q * ab;
                frac = frac * 1000 + q;
            }
            const res = q1 * SCALE + frac;
            if (res <= MAX_SAFE) return (a < 0) !== (b < 0) ? 0 - res : res;
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
