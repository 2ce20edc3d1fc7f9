import { describe, expect, it } from 'vitest';
import { iadd, idiv, imod, imul, ineg, ishl, ishr, iand, ixor, inot, isub, floatToInt, parseIntLiteral } from '../src/runtime/values/int.js';
import { dadd, ddiv, dmul, dmulInt, dsub, decimalFormat, decimalToString, parseDecimal } from '../src/runtime/values/decimal.js';
import { fmtG, fmtDuration } from '../src/runtime/values/format.js';
import { HalePanic } from '../src/runtime/errors.js';

describe('Int (64-bit, wrapping)', () => {
    it('stays a JS number in the safe range', () => {
        expect(iadd(2, 3)).toBe(5);
        expect(imul(7, 3)).toBe(21);
        expect(idiv(7, 3)).toBe(2);
        expect(idiv(-7, 3)).toBe(-2);
        expect(imod(-7, 3)).toBe(-1);
        expect(imod(7, -3)).toBe(1);
        expect(Object.is(imul(-1, 0), 0)).toBe(true);
    });
    it('is exact beyond 2^53 and wraps at 2^63 like upstream', () => {
        const big = iadd(9007199254740991, 2);
        expect(big).toBe(9007199254740993n);
        expect(isub(big as bigint, 2)).toBe(9007199254740991);
        expect(iadd(9223372036854775807n, 1)).toBe(-9223372036854775808n);
        expect(imul(4294967296, 4294967296)).toBe(0); // 2^64 wraps to 0
        expect(imul(1099511628211, 1469598103934665603n)).toBe(BigInt.asIntN(64, 1099511628211n * 1469598103934665603n));
        expect(ineg(-9223372036854775808n)).toBe(-9223372036854775808n);
    });
    it('divides exactly and panics on zero', () => {
        expect(idiv(9007199254740991, 7)).toBe(1286742750677284);
        expect(idiv(-9007199254740991, 2)).toBe(-4503599627370495);
        expect(() => idiv(1, 0)).toThrow(HalePanic);
        expect(() => imod(1, 0)).toThrow(HalePanic);
    });
    it('has 64-bit bitwise operators and shifts', () => {
        expect(iand(0xf0, 0x0f)).toBe(0);
        expect(ixor(0xf0, 0x0f)).toBe(255);
        expect(ishl(1, 4)).toBe(16);
        expect(ishl(1, 40)).toBe(1099511627776);
        expect(ishl(1, 63)).toBe(-9223372036854775808n);
        expect(ishr(256, 4)).toBe(16);
        expect(ishr(-17, 2)).toBe(-5);
        expect(inot(0)).toBe(-1);
        expect(iand(0xffffffffff, 0xff00000000)).toBe(0xff00000000);
    });
    it('converts from Float by truncation and parses literals', () => {
        expect(floatToInt(3.9)).toBe(3);
        expect(floatToInt(-3.9)).toBe(-3);
        expect(parseIntLiteral('1_000_000')).toBe(1000000);
        expect(parseIntLiteral('0xFF')).toBe(255);
        expect(parseIntLiteral('0b1010')).toBe(10);
        expect(parseIntLiteral('9223372036854775807')).toBe(9223372036854775807n);
    });
});

describe('Decimal (exact, scale 9)', () => {
    const d = (s: string) => parseDecimal(s)!;
    it('prints with trailing zeros trimmed', () => {
        expect(decimalToString(d('12.50'))).toBe('12.5');
        expect(decimalToString(d('0.000001'))).toBe('0.000001');
        expect(decimalToString(d('3'))).toBe('3');
        expect(decimalToString(d('-0.25'))).toBe('-0.25');
        expect(decimalToString(dadd(dadd(d('12345.67'), d('99999.99')), d('0.000001')))).toBe('112345.660001');
    });
    it('does exact arithmetic', () => {
        expect(decimalToString(dadd(d('0.1'), d('0.2')))).toBe('0.3');
        expect(decimalToString(dmulInt(d('19.99'), 3))).toBe('59.97');
        expect(decimalToString(dmul(d('1.5'), d('2.25')))).toBe('3.375');
        expect(decimalToString(ddiv(d('1'), d('3')))).toBe('0.333333333');
        expect(decimalToString(dsub(d('100'), d('0.01')))).toBe('99.99');
        expect(decimalToString(dmul(d('123456789.123'), d('1000000')))).toBe('123456789123000');
    });
    it('formats to fixed places rounding half up', () => {
        expect(decimalFormat(d('12.5'), 2)).toBe('12.50');
        expect(decimalFormat(d('1.005'), 2)).toBe('1.01');
        expect(decimalFormat(d('-1.005'), 2)).toBe('-1.01');
        expect(decimalFormat(d('7'), 0)).toBe('7');
    });
});

describe('printing like upstream (%g, ns durations)', () => {
    it('formats floats as C %g', () => {
        expect(fmtG(10)).toBe('10');
        expect(fmtG(2.5)).toBe('2.5');
        expect(fmtG(1024)).toBe('1024');
        expect(fmtG(18.181818181818183)).toBe('18.1818');
        expect(fmtG(52.631578947368425)).toBe('52.6316');
        expect(fmtG(1e300)).toBe('1e+300');
        expect(fmtG(123456789)).toBe('1.23457e+08');
        expect(fmtG(0.0001)).toBe('0.0001');
        expect(fmtG(0.00001234)).toBe('1.234e-05');
        expect(fmtG(-0.5)).toBe('-0.5');
        expect(fmtG(NaN)).toBe('nan');
        expect(fmtG(Infinity)).toBe('inf');
        expect(fmtG(100000)).toBe('100000');
        expect(fmtG(999999.5)).toBe('1e+06');
    });
    it('formats durations in nanoseconds', () => {
        expect(fmtDuration(20_000_000)).toBe('20000000ns');
    });
});
