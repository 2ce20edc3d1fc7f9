// The debugger's Hale renderings and its Hale-expression translation, checked on the real compiled forms:
// values come from running the translated JavaScript, not from hand-written expectations of the code.

import { describe, expect, it } from 'vitest';
import { ExprError, Translator, type ExprScope } from '../../src/debug/expr.js';
import { formatValue, showType, type FormatTypes } from '../../src/debug/format.js';
import type { DType, DTypeDef } from '../../src/debug/info.js';

const types: Record<string, DTypeDef> = {
    Money: { kind: 'record', js: 'Money', generics: [], fields: [['v', 'decimal'], ['memo', 'string']] },
    Pair: { kind: 'record', js: 'Pair', generics: ['T'], fields: [['a', { k: 'param', name: 'T' }], ['b', { k: 'param', name: 'T' }]] },
    Shape: { kind: 'enum', js: 'Shape', generics: [], variants: [{ name: 'Dot', payload: [] }, { name: 'Circle', payload: ['decimal'] }] },
    Option: { kind: 'enum', js: 'Option', generics: ['T'], variants: [{ name: 'Some', payload: [{ k: 'param', name: 'T' }] }, { name: 'None', payload: [] }] },
    Sink: { kind: 'locus', js: 'Sink', generics: [], params: [['acc', 'decimal'], ['seen', 'int'], ['every', 'duration']] },
};
const ft: FormatTypes = { types, classes: { Money: 'Money', Pair: 'Pair', Shape: 'Shape', Option: 'Option', Sink: 'Sink' } };
const rec = (name: string): DType => ({ k: 'record', name, args: [] });

class Money {
    constructor(
        public v: number | bigint,
        public memo: string,
    ) {}
}
class Shape {
    $0: unknown;
    constructor(
        public tag: number,
        p0?: unknown,
    ) {
        this.$0 = p0;
    }
}
class Sink {
    $st = 1;
    constructor(
        public acc: number,
        public seen: number,
        public every: number,
    ) {}
}

describe('Hale renderings of runtime values', () => {
    it('shows scalars as Hale writes them, by their static type', () => {
        expect(formatValue(1_500_000_000, 'decimal', ft)).toBe('1.5');
        expect(formatValue(-12_345_670_000_000, 'decimal', ft)).toBe('-12345.67');
        expect(formatValue(10n ** 30n, 'decimal', ft)).toBe('1000000000000000000000');
        expect(formatValue(1_500_000_000, 'int', ft)).toBe('1500000000');
        expect(formatValue(40_000_000, 'duration', ft)).toBe('40ms');
        expect(formatValue(90 * 60 * 1e9, 'duration', ft)).toBe('90m');
        expect(formatValue(2, 'float', ft)).toBe('2.0');
        expect(formatValue('a "b"\n', 'string', ft)).toBe('"a \\"b\\"\\n"');
        expect(formatValue(new Uint8Array([104, 105, 0]), 'bytes', ft)).toBe('b"hi\\x00"');
        expect(formatValue(undefined, 'unit', ft)).toBe('()');
    });

    it('shows records, enums, loci and collections with their Hale names', () => {
        expect(formatValue(new Money(1_500_000_000, 'tip'), rec('Money'), ft)).toBe('Money { v: 1.5, memo: "tip" }');
        expect(formatValue({ a: 1, b: 2 }, { k: 'record', name: 'Pair', args: ['duration'] }, ft)).toBe('Pair { a: 1ns, b: 2ns }');
        expect(formatValue(new Shape(1, 2_000_000_000), { k: 'enum', name: 'Shape', args: [] }, ft)).toBe('Shape::Circle(2)');
        expect(formatValue(new Shape(0), { k: 'enum', name: 'Shape', args: [] }, ft)).toBe('Shape::Dot');
        expect(formatValue(new Shape(0, 7_000_000_000), { k: 'enum', name: 'Option', args: ['decimal'] }, ft)).toBe('Some(7)');
        expect(formatValue(new Sink(250_000_000, 3, 1e9), { k: 'locus', name: 'Sink', args: [] }, ft)).toBe('Sink { acc: 0.25, seen: 3, every: 1s }');
        expect(formatValue([1e9, 2e9], { k: 'array', elem: 'decimal' }, ft)).toBe('[1, 2]');
        expect(formatValue([1, 'x'], { k: 'tuple', elems: ['int', 'string'] }, ft)).toBe('(1, "x")');
        expect(formatValue(Array.from({ length: 150 }, (_, i) => i), { k: 'array', elem: 'int' }, ft)).toMatch(/, 99, … 50 more\]$/);
        // Without a static type, the class tells.
        expect(formatValue(new Money(2e9, ''), 'unknown', ft)).toBe('Money { v: 2, memo: "" }');
        expect(showType({ k: 'array', elem: rec('Money') })).toBe('[Money]');
        expect(showType('decimal')).toBe('Decimal');
    });
});

function scope(locals: Record<string, DType>, self?: DType): ExprScope {
    return { local: (n) => (locals[n] ? { js: [n], type: locals[n] } : undefined), self, types };
}

/** Translate, then run the JavaScript the way the inspector would in the frame (locals in scope, `this` = self). */
function run(src: string, locals: Record<string, [DType, unknown]>, self?: [DType, unknown]): { value: unknown; type: DType } {
    const sc = scope(Object.fromEntries(Object.entries(locals).map(([k, [t]]) => [k, t])), self?.[0]);
    const tr = new Translator(sc).translate(src);
    const names = Object.keys(locals);
    const fn = new Function(...names, `return ${tr.js};`);
    return { value: fn.apply(self?.[1], names.map((n) => locals[n][1])), type: tr.type };
}

describe('Hale expressions in the debugger', () => {
    const m = new Money(12_345_670_000_000, 'tip');
    const sink = new Sink(1_500_000_000, 3, 10_000_000);

    it('computes with Hale types: Decimal scaling, Int overflow into BigInt, durations', () => {
        expect(run('m.v > 100.0d', { m: [rec('Money'), m] })).toEqual({ value: true, type: 'bool' });
        expect(run('m.v * 2.0d', { m: [rec('Money'), m] })).toEqual({ value: 24_691_340_000_000, type: 'decimal' });
        expect(run('self.acc + 1', {}, [{ k: 'locus', name: 'Sink', args: [] }, sink])).toEqual({ value: 2_500_000_000, type: 'decimal' });
        expect(run('self.every == 10ms', {}, [{ k: 'locus', name: 'Sink', args: [] }, sink]).value).toBe(true);
        expect(run('n * n', { n: ['int', 2 ** 40] }).value).toBe(2n ** 80n);
        expect(run('n / 2', { n: ['int', -7] }).value).toBe(-3);
        expect(run('x / 2.0', { x: ['float', 3] })).toEqual({ value: 1.5, type: 'float' });
        expect(run('m.memo == "tip" && !(len(m.memo) > 3)', { m: [rec('Money'), m] }).value).toBe(true);
        expect(run('s == Shape::Dot', { s: [{ k: 'enum', name: 'Shape', args: [] }, new Shape(0)] }).value).toBe(true);
        expect(run('o != None', { o: [{ k: 'enum', name: 'Option', args: ['int'] }, new Shape(0, 1)] }).value).toBe(true);
        expect(run('m == n', { m: [rec('Money'), m], n: [rec('Money'), new Money(12_345_670_000_000, 'tip')] }).value).toBe(true);
    });

    it('refuses what it cannot do safely, with a message that says why', () => {
        const sc = scope({ m: rec('Money') });
        expect(() => new Translator(sc).translate('m.nope')).toThrow("Money has no field 'nope'");
        expect(() => new Translator(sc).translate('launch(m)')).toThrow(ExprError);
        expect(() => new Translator(sc).translate('zz + 1')).toThrow("no local named 'zz' here");
        expect(() => new Translator(sc).translate('1 < 2 < 3')).toThrow('do not chain');
        expect(() => new Translator(sc).condition('m.v')).toThrow('a condition must be a Bool');
        expect(() => new Translator(sc).translate('self')).toThrow("no 'self' here");
        expect(() => new Translator(sc).translate('"open')).toThrow('not closed');
    });
});
