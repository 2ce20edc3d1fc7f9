// Hale expressions typed in the editor (breakpoint conditions, logpoint interpolations, watches, hovers,
// the debug console) translated to JavaScript that runs in the paused frame. Types matter: a Decimal is a
// scaled integer, so `m.v > 100.0d` compares against 100000000000, and `a * b` of two Decimals rescales.
// The subset: literals (Int, Float, Decimal `1.5d`, Duration `10ms`, String, Bool, nil), locals and `self`,
// field access, indexing, `len(x)`, unary and binary operators with Hale's precedence, `Enum::Variant` and
// `None` in comparisons. Calls that could change the program are refused.

import type { DType, DTypeDef } from './info.js';
import { showType } from './format.js';

export class ExprError extends Error {}

export interface ExprScope {
    /** A Hale local: its JS names (innermost/latest first; shadowed declarations get `x$1`) and type. */
    local(name: string): { js: string[]; type: DType } | undefined;
    /** The locus type of `self`, if the frame has one. */
    self?: DType;
    types: Record<string, DTypeDef>;
}

export interface Translated {
    js: string;
    type: DType;
}

// ------------------------------------------------------------------------------------------ lexing

type Tok =
    | { k: 'num'; text: string; kind: 'int' | 'float' | 'decimal' | 'duration'; value: bigint | number }
    | { k: 'str'; value: string }
    | { k: 'id'; text: string }
    | { k: 'op'; text: string }
    | { k: 'eof' };

const OPS = ['::', '==', '!=', '<=', '>=', '&&', '||', '<<', '>>', '+', '-', '*', '/', '%', '<', '>', '!', '~', '&', '|', '^', '(', ')', '[', ']', '.', ','];
const DURATION_NS: Record<string, bigint> = { ns: 1n, us: 1000n, ms: 1_000_000n, s: 1_000_000_000n, m: 60_000_000_000n, h: 3_600_000_000_000n, d: 86_400_000_000_000n };

function decimalMantissa(text: string): bigint {
    const [ip, fp = ''] = text.split('.');
    if (fp.length > 9) throw new ExprError(`the Decimal ${text}d has more than 9 fraction digits`);
    return BigInt(ip || '0') * 1_000_000_000n + BigInt((fp + '000000000').slice(0, 9));
}

function lex(src: string): Tok[] {
    const out: Tok[] = [];
    let i = 0;
    while (i < src.length) {
        const c = src[i];
        if (/\s/.test(c)) {
            i++;
            continue;
        }
        if (/[0-9]/.test(c)) {
            let m = /^0x[0-9a-fA-F_]+|^0o[0-7_]+|^0b[01_]+/.exec(src.slice(i));
            if (m) {
                const t = m[0].replace(/_/g, '');
                out.push({ k: 'num', text: m[0], kind: 'int', value: BigInt(t) });
                i += m[0].length;
                continue;
            }
            // a compound duration: 1h30m
            m = /^(?:[0-9][0-9_]*(?:ns|us|ms|s|m|h|d)(?![A-Za-z0-9_]))+/.exec(src.slice(i));
            // `5d` alone is read as a Decimal (as `1.5d`), not as five days.
            if (m && !/^[0-9_]+d$/.test(m[0])) {
                let ns = 0n;
                for (const part of m[0].matchAll(/([0-9_]+)(ns|us|ms|s|m|h|d)/g)) ns += BigInt(part[1].replace(/_/g, '')) * DURATION_NS[part[2]];
                out.push({ k: 'num', text: m[0], kind: 'duration', value: ns });
                i += m[0].length;
                continue;
            }
            m = /^[0-9][0-9_]*(\.[0-9][0-9_]*)?([eE][+-]?[0-9]+)?(d|f32|f64|i32|u32|i64|u64|u8)?(?![A-Za-z0-9_])/.exec(src.slice(i));
            if (!m) throw new ExprError(`cannot read the number at '${src.slice(i, i + 12)}'`);
            const body = m[0].replace(/(d|f32|f64|i32|u32|i64|u64|u8)$/, '').replace(/_/g, '');
            const suffix = m[3];
            if (suffix === 'd') out.push({ k: 'num', text: m[0], kind: 'decimal', value: decimalMantissa(body) });
            else if (m[1] || m[2] || suffix === 'f32' || suffix === 'f64') out.push({ k: 'num', text: m[0], kind: 'float', value: Number(body) });
            else out.push({ k: 'num', text: m[0], kind: 'int', value: BigInt(body) });
            i += m[0].length;
            continue;
        }
        if (c === '"') {
            let j = i + 1;
            let s = '';
            while (j < src.length && src[j] !== '"') {
                if (src[j] === '\\') {
                    const e = src[j + 1];
                    const map: Record<string, string> = { n: '\n', t: '\t', r: '\r', '\\': '\\', '"': '"', "'": "'", '0': '\0' };
                    if (e === 'x') {
                        s += String.fromCharCode(parseInt(src.slice(j + 2, j + 4), 16));
                        j += 4;
                        continue;
                    }
                    if (!(e in map)) throw new ExprError(`unknown escape \\${e} in a string`);
                    s += map[e];
                    j += 2;
                    continue;
                }
                s += src[j++];
            }
            if (j >= src.length) throw new ExprError('a string is not closed');
            out.push({ k: 'str', value: s });
            i = j + 1;
            continue;
        }
        if (/[A-Za-z_]/.test(c)) {
            const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(src.slice(i))!;
            out.push({ k: 'id', text: m[0] });
            i += m[0].length;
            continue;
        }
        const op = OPS.find((o) => src.startsWith(o, i));
        if (!op) throw new ExprError(`unexpected '${c}'`);
        out.push({ k: 'op', text: op });
        i += op.length;
    }
    out.push({ k: 'eof' });
    return out;
}

// ----------------------------------------------------------------------------------------- parsing

type Node =
    | { n: 'lit'; tok: Tok & { k: 'num' } }
    | { n: 'str'; value: string }
    | { n: 'bool'; value: boolean }
    | { n: 'nil' }
    | { n: 'name'; name: string }
    | { n: 'self' }
    | { n: 'path'; parts: string[] }
    | { n: 'field'; of: Node; name: string }
    | { n: 'index'; of: Node; index: Node }
    | { n: 'call'; callee: Node; args: Node[] }
    | { n: 'unary'; op: string; e: Node }
    | { n: 'binary'; op: string; l: Node; r: Node };

const BINARY: Record<string, number> = {
    '*': 12, '/': 12, '%': 12,
    '+': 11, '-': 11,
    '<<': 10, '>>': 10,
    '&': 9, '^': 8, '|': 7,
    '<': 6, '>': 6, '<=': 6, '>=': 6,
    '==': 5, '!=': 5,
    '&&': 3, '||': 2,
};

class Parser {
    private i = 0;
    constructor(private readonly toks: Tok[]) {}

    private peek(): Tok {
        return this.toks[this.i];
    }
    private next(): Tok {
        return this.toks[this.i++];
    }
    private isOp(text: string): boolean {
        const t = this.peek();
        return t.k === 'op' && t.text === text;
    }
    private expect(text: string): void {
        if (!this.isOp(text)) throw new ExprError(`expected '${text}'`);
        this.i++;
    }

    parseAll(): Node {
        const e = this.expr(0);
        const t = this.peek();
        if (t.k !== 'eof') throw new ExprError(`unexpected ${t.k === 'op' ? `'${t.text}'` : t.k === 'id' ? `'${t.text}'` : 'text'} after the expression`);
        return e;
    }

    private expr(min: number): Node {
        let l = this.unary();
        for (;;) {
            const t = this.peek();
            if (t.k !== 'op' || !(t.text in BINARY)) break;
            const p = BINARY[t.text];
            if (p < min) break;
            this.i++;
            // comparisons are non-associative; everything else here is left-associative
            const r = this.expr(p + 1);
            l = { n: 'binary', op: t.text, l, r };
            if ((p === 5 || p === 6) && this.peek().k === 'op' && BINARY[(this.peek() as { text: string }).text] === p) {
                throw new ExprError('comparisons do not chain in Hale: use a < b && b < c');
            }
        }
        return l;
    }

    private unary(): Node {
        const t = this.peek();
        if (t.k === 'op' && (t.text === '-' || t.text === '!' || t.text === '~')) {
            this.i++;
            return { n: 'unary', op: t.text, e: this.unary() };
        }
        return this.postfix(this.primary());
    }

    private postfix(e: Node): Node {
        for (;;) {
            if (this.isOp('.')) {
                this.i++;
                const t = this.next();
                if (t.k === 'id') e = { n: 'field', of: e, name: t.text };
                else if (t.k === 'num' && t.kind === 'int') e = { n: 'index', of: e, index: { n: 'lit', tok: t } }; // tuple.0
                else throw new ExprError("expected a field name after '.'");
            } else if (this.isOp('[')) {
                this.i++;
                const index = this.expr(0);
                this.expect(']');
                e = { n: 'index', of: e, index };
            } else if (this.isOp('(')) {
                this.i++;
                const args: Node[] = [];
                while (!this.isOp(')')) {
                    args.push(this.expr(0));
                    if (!this.isOp(')')) this.expect(',');
                }
                this.i++;
                e = { n: 'call', callee: e, args };
            } else return e;
        }
    }

    private primary(): Node {
        const t = this.next();
        switch (t.k) {
            case 'num':
                return { n: 'lit', tok: t };
            case 'str':
                return { n: 'str', value: t.value };
            case 'id': {
                if (t.text === 'true' || t.text === 'false') return { n: 'bool', value: t.text === 'true' };
                if (t.text === 'nil') return { n: 'nil' };
                if (t.text === 'self') return { n: 'self' };
                if (this.isOp('::')) {
                    const parts = [t.text];
                    while (this.isOp('::')) {
                        this.i++;
                        const p = this.next();
                        if (p.k !== 'id') throw new ExprError("expected a name after '::'");
                        parts.push(p.text);
                    }
                    return { n: 'path', parts };
                }
                return { n: 'name', name: t.text };
            }
            case 'op':
                if (t.text === '(') {
                    const e = this.expr(0);
                    this.expect(')');
                    return e;
                }
                throw new ExprError(`unexpected '${t.text}'`);
            default:
                throw new ExprError('the expression is empty or incomplete');
        }
    }
}

export function parseHale(src: string): Node {
    return new Parser(lex(src)).parseAll();
}

// ------------------------------------------------------------------------------------- translation

/** Arithmetic that keeps Hale's Int/Decimal representation (a JS number while safe, a BigInt beyond). */
const HELPERS = String.raw`{
    n: function (b) { return b <= 9007199254740991n && b >= -9007199254740991n ? Number(b) : b; },
    b: function (a) { return typeof a === 'bigint' ? a : BigInt(a); },
    add: function (a, c) { var r = typeof a === 'number' && typeof c === 'number' ? a + c : NaN; return Number.isSafeInteger(r) ? r : this.n(this.b(a) + this.b(c)); },
    sub: function (a, c) { var r = typeof a === 'number' && typeof c === 'number' ? a - c : NaN; return Number.isSafeInteger(r) ? r : this.n(this.b(a) - this.b(c)); },
    mul: function (a, c) { var r = typeof a === 'number' && typeof c === 'number' ? a * c : NaN; return Number.isSafeInteger(r) ? r : this.n(this.b(a) * this.b(c)); },
    div: function (a, c) { if (c == 0) throw new Error('division by zero'); return this.n(this.b(a) / this.b(c)); },
    rem: function (a, c) { if (c == 0) throw new Error('division by zero'); return this.n(this.b(a) % this.b(c)); },
    dmul: function (a, c) { return this.n(this.b(a) * this.b(c) / 1000000000n); },
    ddiv: function (a, c) { if (c == 0) throw new Error('division by zero'); return this.n(this.b(a) * 1000000000n / this.b(c)); },
    bit: function (op, a, c) { var x = this.b(a), y = this.b(c), r = op === '&' ? x & y : op === '|' ? x | y : op === '^' ? x ^ y : op === '<<' ? x << y : x >> y; return this.n(BigInt.asIntN(64, r)); },
    eq: function eq(a, c) {
        if (a === c) return true;
        if (typeof a === 'bigint' || typeof c === 'bigint') return a == c;
        if (a instanceof Uint8Array && c instanceof Uint8Array) return a.length === c.length && a.every(function (x, i) { return x === c[i]; });
        if (!a || !c || typeof a !== 'object' || typeof c !== 'object' || a.constructor !== c.constructor) return false;
        if (typeof a.$st !== 'undefined') return false;
        var ka = Object.keys(a), kc = Object.keys(c);
        if (ka.length !== kc.length) return false;
        for (var i = 0; i < ka.length; i++) if (!eq(a[ka[i]], c[ka[i]])) return false;
        return true;
    }
}`;

const INTLIKE = new Set(['int', 'duration']);
const kindOf = (t: DType): string => (typeof t === 'string' ? t : t.k);

export class Translator {
    private usesHelpers = false;

    constructor(private readonly scope: ExprScope) {}

    /** A whole expression, wrapped so it reads the frame's locals and has the helpers at hand. */
    translate(src: string): Translated {
        const node = parseHale(src);
        const r = this.node(node);
        return { js: this.wrap(r.js), type: r.type };
    }

    /** As `translate`, for an expression that must be a Bool (a breakpoint condition). */
    condition(src: string): string {
        const node = parseHale(src);
        const r = this.node(node);
        if (kindOf(r.type) !== 'bool' && kindOf(r.type) !== 'unknown') throw new ExprError(`a condition must be a Bool; '${src}' is ${showType(r.type) || 'not'}`);
        return this.wrap(`!!(${r.js})`);
    }

    /** The parts of a logpoint message: text and `{expr}` interpolations (`{{` and `}}` are braces). */
    interpolate(message: string): { text: string; expr?: Translated }[] {
        const parts: { text: string; expr?: Translated }[] = [];
        let i = 0;
        let text = '';
        while (i < message.length) {
            const c = message[i];
            if (c === '{' && message[i + 1] === '{') {
                text += '{';
                i += 2;
            } else if (c === '}' && message[i + 1] === '}') {
                text += '}';
                i += 2;
            } else if (c === '{') {
                const end = message.indexOf('}', i);
                if (end < 0) throw new ExprError(`'{' without '}' in the log message`);
                if (text) parts.push({ text });
                text = '';
                const src = message.slice(i + 1, end);
                const r = this.node(parseHale(src));
                parts.push({ text: src, expr: { js: r.js, type: r.type } });
                i = end + 1;
            } else {
                text += c;
                i++;
            }
        }
        if (text) parts.push({ text });
        return parts;
    }

    /** Wrap code that uses `$h` (the arithmetic helpers) so it stands alone. */
    wrap(js: string): string {
        if (!this.usesHelpers) return js;
        return `(function ($h) { return ${js}; }).call(this, ${HELPERS})`;
    }

    private h(): string {
        this.usesHelpers = true;
        return '$h';
    }

    private def(t: DType): DTypeDef | undefined {
        return typeof t === 'object' && 'name' in t ? this.scope.types[t.name] : undefined;
    }

    node(e: Node): Translated {
        switch (e.n) {
            case 'lit': {
                const t = e.tok;
                if (t.kind === 'float') return { js: String(t.value), type: 'float' };
                return { js: literalJs(t.value as bigint), type: t.kind };
            }
            case 'str':
                return { js: JSON.stringify(e.value), type: 'string' };
            case 'bool':
                return { js: String(e.value), type: 'bool' };
            case 'nil':
                return { js: 'null', type: 'nil' };
            case 'self':
                if (!this.scope.self) throw new ExprError("there is no 'self' here (not inside a locus)");
                return { js: 'this', type: this.scope.self };
            case 'name': {
                const l = this.scope.local(e.name);
                if (l) return { js: readLocal(l.js), type: l.type };
                const v = this.variant([e.name]);
                if (v) return v;
                throw new ExprError(`no local named '${e.name}' here`);
            }
            case 'path': {
                const v = this.variant(e.parts);
                if (v) return v;
                throw new ExprError(`'${e.parts.join('::')}' is not an enum variant the debugger knows`);
            }
            case 'field': {
                const of = this.node(e.of);
                const def = this.def(of.type);
                let ft: DType = 'unknown';
                if (def?.kind === 'record') {
                    const f = def.fields.find(([n]) => n === e.name);
                    if (!f) throw new ExprError(`${showType(of.type)} has no field '${e.name}'`);
                    ft = substituteArgs(f[1], def, of.type);
                } else if (def?.kind === 'locus') {
                    const f = def.params.find(([n]) => n === e.name);
                    if (f) ft = substituteArgs(f[1], def, of.type);
                }
                if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(e.name)) throw new ExprError(`'${e.name}' is not a field name`);
                return { js: `${of.js}.${e.name}`, type: ft };
            }
            case 'index': {
                const of = this.node(e.of);
                const ix = this.node(e.index);
                const k = kindOf(of.type);
                let et: DType = 'unknown';
                if (typeof of.type === 'object' && (of.type.k === 'array' || of.type.k === 'bounded')) et = of.type.elem;
                else if (typeof of.type === 'object' && of.type.k === 'tuple' && e.index.n === 'lit') et = of.type.elems[Number(e.index.tok.value)] ?? 'unknown';
                else if (k === 'bytes') et = 'int';
                else if (k === 'string') throw new ExprError('index a String with std::str functions, not []');
                return { js: `${of.js}[Number(${ix.js})]`, type: et };
            }
            case 'call': {
                const name = e.callee.n === 'name' ? e.callee.name : e.callee.n === 'field' ? e.callee.name : '';
                if (name === 'len' && e.callee.n === 'name' && e.args.length === 1) {
                    const a = this.node(e.args[0]);
                    return { js: `(${a.js}).length`, type: 'int' };
                }
                if (name === 'len' && e.callee.n === 'field' && e.args.length === 0) {
                    const a = this.node(e.callee.of);
                    return { js: `(typeof (${a.js}).len === 'function' ? (${a.js}).len() : (${a.js}).length)`, type: 'int' };
                }
                throw new ExprError('the debugger does not call functions (they could change the program); use locals, fields and operators');
            }
            case 'unary': {
                const x = this.node(e.e);
                const k = kindOf(x.type);
                if (e.op === '!') return { js: `(!${x.js})`, type: 'bool' };
                if (e.op === '~') return { js: `${this.h()}.bit('^', ${x.js}, -1)`, type: x.type };
                if (k === 'float') return { js: `(-${x.js})`, type: x.type };
                return { js: `${this.h()}.sub(0, ${x.js})`, type: x.type };
            }
            case 'binary':
                return this.binary(e.op, e.l, e.r);
        }
    }

    private variant(parts: string[]): Translated | undefined {
        const vname = parts[parts.length - 1];
        const ename = parts.length > 1 ? parts.slice(0, -1).join('::') : undefined;
        for (const [tname, def] of Object.entries(this.scope.types)) {
            if (def.kind !== 'enum' || (ename !== undefined && tname !== ename)) continue;
            if (ename === undefined && tname !== 'Option' && tname !== 'Result') continue;
            const idx = def.variants.findIndex((v) => v.name === vname);
            if (idx < 0) continue;
            if (def.variants[idx].payload.length) throw new ExprError(`${tname}::${vname} carries a payload; compare with a field or match in code`);
            // the singleton instance has the same tag; compare by tag (see binary ==)
            return { js: `({ tag: ${idx} })`, type: { k: 'enum', name: tname, args: [] } };
        }
        return undefined;
    }

    private binary(op: string, ln: Node, rn: Node): Translated {
        let l = this.node(ln);
        let r = this.node(rn);
        const lk = kindOf(l.type);
        const rk = kindOf(r.type);
        if (op === '&&' || op === '||') return { js: `(${l.js} ${op} ${r.js})`, type: 'bool' };
        // An Int literal next to a Decimal is a Decimal (`self.acc > 100`).
        if (lk === 'decimal' && rk === 'int') r = this.toDecimal(rn, r);
        if (rk === 'decimal' && lk === 'int') l = this.toDecimal(ln, l);
        // An Int literal next to a Float is a Float.
        if (lk === 'float' && rk === 'int' && rn.n === 'lit') r = { js: String(Number(rn.tok.value)), type: 'float' };
        if (rk === 'float' && lk === 'int' && ln.n === 'lit') l = { js: String(Number(ln.tok.value)), type: 'float' };
        const k = kindOf(l.type) !== 'unknown' ? kindOf(l.type) : kindOf(r.type);
        if (op === '==' || op === '!=') {
            const neg = op === '!=' ? '!' : '';
            if (kindOf(l.type) === 'enum' || kindOf(r.type) === 'enum') {
                const isVariantLit = (n: Node) => n.n === 'path' || (n.n === 'name' && !this.scope.local(n.name));
                if (isVariantLit(rn)) return { js: `${neg}((${l.js}).tag === ${r.js}.tag)`, type: 'bool' };
                if (isVariantLit(ln)) return { js: `${neg}((${r.js}).tag === ${l.js}.tag)`, type: 'bool' };
            }
            if (['int', 'decimal', 'duration', 'float', 'unknown'].includes(k)) return { js: `${neg}${this.h()}.eq(${l.js}, ${r.js})`, type: 'bool' };
            if (k === 'string' || k === 'bool' || k === 'time' || k === 'nil') return { js: `(${l.js} ${op}= ${r.js})`, type: 'bool' };
            return { js: `${neg}${this.h()}.eq(${l.js}, ${r.js})`, type: 'bool' };
        }
        if (op === '<' || op === '>' || op === '<=' || op === '>=') return { js: `(${l.js} ${op} ${r.js})`, type: 'bool' };
        if (k === 'string' && op === '+') return { js: `(${l.js} + ${r.js})`, type: 'string' };
        if (k === 'float') {
            if (op === '%' || op === '+' || op === '-' || op === '*' || op === '/') return { js: `(${l.js} ${op} ${r.js})`, type: 'float' };
        }
        if (['&', '|', '^', '<<', '>>'].includes(op)) return { js: `${this.h()}.bit(${JSON.stringify(op)}, ${l.js}, ${r.js})`, type: l.type };
        const fn = { '+': 'add', '-': 'sub', '*': 'mul', '/': 'div', '%': 'rem' }[op];
        if (!fn) throw new ExprError(`'${op}' is not supported here`);
        if (k === 'decimal' && op === '*') return { js: `${this.h()}.dmul(${l.js}, ${r.js})`, type: 'decimal' };
        if (k === 'decimal' && op === '/') return { js: `${this.h()}.ddiv(${l.js}, ${r.js})`, type: 'decimal' };
        if (INTLIKE.has(k) || k === 'decimal' || k === 'unknown') return { js: `${this.h()}.${fn}(${l.js}, ${r.js})`, type: l.type };
        throw new ExprError(`'${op}' does not apply to ${showType(l.type) || 'this value'}`);
    }

    private toDecimal(n: Node, v: Translated): Translated {
        if (n.n === 'lit') return { js: literalJs((n.tok.value as bigint) * 1_000_000_000n), type: 'decimal' };
        return { js: `${this.h()}.mul(${v.js}, 1000000000)`, type: 'decimal' };
    }
}

function literalJs(v: bigint): string {
    return v <= 9007199254740991n && v >= -9007199254740991n ? String(v) : `${v}n`;
}

/** A local that may have several JS names (shadowing): the first that is initialised and in scope. */
function readLocal(names: string[]): string {
    if (names.length === 1) return names[0];
    const tries = names.slice(0, -1).map((n) => `try { return ${n}; } catch (e) {}`).join(' ');
    return `(() => { ${tries} return ${names[names.length - 1]}; })()`;
}

function substituteArgs(t: DType, def: DTypeDef, of: DType): DType {
    if (typeof t === 'object' && t.k === 'param' && typeof of === 'object' && 'args' in of) {
        const i = def.generics.indexOf(t.name);
        if (i >= 0 && of.args[i]) return of.args[i];
    }
    return t;
}
