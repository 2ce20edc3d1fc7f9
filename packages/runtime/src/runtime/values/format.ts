// Text renderings that must match upstream's natively compiled programs byte for byte: Float prints with
// C's `%g` (6 significant digits, trailing zeros trimmed, exponent form outside 1e-4..1e6), Duration as
// its nanosecond count with an `ns` suffix, Decimal with trailing fraction zeros trimmed, Bool as
// true/false, Int in decimal.

import { intToString, type Int } from './int.js';
import { decimalToString, type Decimal } from './decimal.js';

/** C printf `%g` with the default precision 6 (what upstream's println and to_string use for Float). */
export function fmtG(x: number, precision = 6): string {
    if (x !== x) return x < 0 ? '-nan' : 'nan';
    if (x === Infinity) return 'inf';
    if (x === -Infinity) return '-inf';
    if (x === 0) return Object.is(x, -0) ? '-0' : '0';
    const P = precision === 0 ? 1 : precision;
    const e = x.toExponential(P - 1); // rounded to P significant digits
    const ei = e.indexOf('e');
    const exp = Number(e.slice(ei + 1));
    if (exp < -4 || exp >= P) {
        let mant = e.slice(0, ei);
        if (mant.indexOf('.') >= 0) mant = mant.replace(/\.?0+$/, '');
        const sign = exp < 0 ? '-' : '+';
        const ae = Math.abs(exp);
        return mant + 'e' + sign + (ae < 10 ? '0' + ae : String(ae));
    }
    let f = x.toFixed(P - 1 - exp);
    if (f.indexOf('.') >= 0) f = f.replace(/\.?0+$/, '');
    return f;
}

export function fmtInt(a: Int): string {
    return intToString(a);
}

export function fmtDuration(ns: Int): string {
    return intToString(ns) + 'ns';
}

export function fmtDecimal(d: Decimal): string {
    return decimalToString(d);
}

export function fmtBool(b: boolean): string {
    return b ? 'true' : 'false';
}
