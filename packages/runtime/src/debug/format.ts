// Hale renderings of runtime values, by static type: `12345.67` for a Decimal (a scaled integer in JS),
// `40ms` for a Duration (nanoseconds), `Money { v: 12345.67 }` for a record, `Shape::Circle(2.0)` for an
// enum, `VecSink { acc: 1.5, seen: 3 }` for a locus and its params.
//
// The formatter is JavaScript source text, not a function of this module, because it runs in two places:
// here in the adapter (for values the inspector hands over as primitives) and inside the paused Hale
// thread (through `Runtime.callFunctionOn`, and inside logpoint and condition code), where it can see
// aggregates whole in one round trip. It must stay self-contained: no imports, no outer names.

import type { DType, DTypeDef } from './info.js';

/** What the formatter needs to know about the program's types. */
export interface FormatTypes {
    types: Record<string, DTypeDef>;
    /** JS class name → Hale type name. */
    classes: Record<string, string>;
}

/**
 * `function (value, type, types, depth)`: the Hale text of `value`. `depth` bounds how deep aggregates are
 * spelled out (deeper ones show as `Name { … }`); long arrays and strings are cut with a count.
 */
export const FORMAT_JS = String.raw`function haleFormat(value, type, types, depth) {
    var MAX_ITEMS = 100, MAX_STRING = 2000;
    var defs = (types && types.types) || {};
    var classes = (types && types.classes) || {};
    function quote(s) {
        var cut = s.length > MAX_STRING;
        if (cut) s = s.slice(0, MAX_STRING);
        var q = '"' + s.replace(/[\\"\n\r\t\0]|[\x01-\x1f\x7f]/g, function (c) {
            switch (c) {
                case '\\': return '\\\\';
                case '"': return '\\"';
                case '\n': return '\\n';
                case '\r': return '\\r';
                case '\t': return '\\t';
                case '\0': return '\\0';
                default: return '\\x' + c.charCodeAt(0).toString(16).padStart(2, '0');
            }
        }) + '"';
        return cut ? q + '…' : q;
    }
    function int(v) {
        if (typeof v === 'bigint') return v.toString();
        if (typeof v === 'number') return Object.is(v, -0) ? '0' : String(v);
        return String(v);
    }
    function decimal(v) {
        if (typeof v !== 'number' && typeof v !== 'bigint') return String(v);
        var b = typeof v === 'bigint' ? v : BigInt(v);
        var neg = b < 0n;
        if (neg) b = -b;
        var ip = b / 1000000000n, fp = b % 1000000000n;
        var s = (neg ? '-' : '') + ip.toString();
        if (fp !== 0n) s += '.' + fp.toString().padStart(9, '0').replace(/0+$/, '');
        return s;
    }
    function float(v) {
        if (typeof v !== 'number') return String(v);
        if (v !== v) return 'nan';
        if (v === Infinity) return 'inf';
        if (v === -Infinity) return '-inf';
        var s = String(v);
        return /[.e]/.test(s) ? s : s + '.0';
    }
    function duration(v) {
        if (typeof v !== 'number' && typeof v !== 'bigint') return String(v);
        var n = typeof v === 'bigint' ? v : BigInt(v);
        if (n === 0n) return '0s';
        var units = [['h', 3600000000000n], ['m', 60000000000n], ['s', 1000000000n], ['ms', 1000000n], ['us', 1000n], ['ns', 1n]];
        for (var i = 0; i < units.length; i++) if (n % units[i][1] === 0n) return (n / units[i][1]).toString() + units[i][0];
        return n.toString() + 'ns';
    }
    function bytes(v) {
        if (!(v instanceof Uint8Array)) return String(v);
        var s = 'b"';
        var n = Math.min(v.length, MAX_STRING);
        for (var i = 0; i < n; i++) {
            var c = v[i];
            if (c === 0x22) s += '\\"';
            else if (c === 0x5c) s += '\\\\';
            else if (c === 10) s += '\\n';
            else if (c >= 0x20 && c < 0x7f) s += String.fromCharCode(c);
            else s += '\\x' + c.toString(16).padStart(2, '0');
        }
        return s + '"' + (v.length > n ? '…' : '');
    }
    function resolve(t, env) {
        if (t && typeof t === 'object' && t.k === 'param') return (env && env[t.name]) || 'unknown';
        return t;
    }
    function envOf(def, args, env) {
        var e = {};
        var gs = (def && def.generics) || [];
        for (var i = 0; i < gs.length; i++) e[gs[i]] = resolve(args && args[i], env) || 'unknown';
        return e;
    }
    function items(list, render) {
        var n = Math.min(list.length, MAX_ITEMS);
        var parts = [];
        for (var i = 0; i < n; i++) parts.push(render(list[i], i));
        if (list.length > n) parts.push('… ' + (list.length - n) + ' more');
        return parts.join(', ');
    }
    function typeOfObject(v) {
        var c = v && v.constructor;
        var name = c && (classes[c.name] || (typeof c.$name === 'string' ? c.$name : undefined));
        if (name && defs[name]) return { k: defs[name].kind, name: name, args: [] };
        return undefined;
    }
    function fields(v, list, env, d) {
        // A field not set yet (a locus while its params initialise) is left out.
        list = list.filter(function (f) { return v[f[0]] !== undefined || f[1] === 'unit'; });
        if (list.length === 0) return '{}';
        return '{ ' + items(list, function (f) { return f[0] + ': ' + fmt(v[f[0]], f[1], env, d - 1); }) + ' }';
    }
    function fmt(v, t, env, d) {
        t = resolve(t, env);
        var k = typeof t === 'string' ? t : t && t.k;
        switch (k) {
            case 'int': return typeof v === 'number' || typeof v === 'bigint' ? int(v) : dyn(v, d);
            case 'decimal': return typeof v === 'number' || typeof v === 'bigint' ? decimal(v) : dyn(v, d);
            case 'duration': return typeof v === 'number' || typeof v === 'bigint' ? duration(v) : dyn(v, d);
            case 'float': return typeof v === 'number' ? float(v) : dyn(v, d);
            case 'bool': return typeof v === 'boolean' ? String(v) : dyn(v, d);
            case 'string': case 'stringview': return typeof v === 'string' ? quote(v) : dyn(v, d);
            case 'time': return typeof v === 'string' ? '\u0060' + v + '\u0060' : dyn(v, d);
            case 'bytes': case 'bytesmut': return v instanceof Uint8Array ? bytes(v) : dyn(v, d);
            case 'unit': return '()';
            case 'nil': return 'nil';
            case 'array': case 'bounded': case 'children':
                if (!Array.isArray(v)) return dyn(v, d);
                if (d <= 0) return '[…' + v.length + ']';
                return '[' + items(v, function (x) { return fmt(x, t.elem || t.of, env, d - 1); }) + ']';
            case 'tuple':
                if (!Array.isArray(v)) return dyn(v, d);
                return '(' + items(v, function (x, i) { return fmt(x, t.elems[i], env, d - 1); }) + ')';
            case 'record': case 'locus': {
                if (v === null || typeof v !== 'object') return dyn(v, d);
                var actual = typeOfObject(v);
                var name = actual ? actual.name : t.name;
                var def = defs[name];
                if (!def) return dyn(v, d);
                if (d <= 0) return name + ' { … }';
                var e = actual && actual.name !== t.name ? {} : envOf(def, t.args, env);
                return name + ' ' + fields(v, def.kind === 'enum' ? [] : def.fields || def.params || [], e, d);
            }
            case 'enum': {
                if (v === null || typeof v !== 'object') return dyn(v, d);
                var ed = defs[t.name];
                var variant = ed && ed.variants && ed.variants[v.tag];
                if (!variant) return dyn(v, d);
                var en = t.name === 'Option' || t.name === 'Result' ? variant.name : t.name + '::' + variant.name;
                if (variant.payload.length === 0) return en;
                if (d <= 0) return en + '(…)';
                var ee = envOf(ed, t.args, env);
                var ps = [];
                for (var i = 0; i < variant.payload.length; i++) ps.push(fmt(v['$' + i], variant.payload[i], ee, d - 1));
                return en + '(' + ps.join(', ') + ')';
            }
            case 'iface': {
                var it = typeOfObject(v);
                return it ? fmt(v, it, null, d) : dyn(v, d);
            }
            case 'fn': return typeof v === 'function' ? 'fn ' + (v.name || '(closure)') : dyn(v, d);
            default: return dyn(v, d);
        }
    }
    // No static type: go by what the value is.
    function dyn(v, d) {
        if (v === undefined) return '()';
        if (v === null) return 'nil';
        switch (typeof v) {
            case 'number': return Number.isInteger(v) ? int(v) : float(v);
            case 'bigint': return int(v);
            case 'string': return quote(v);
            case 'boolean': return String(v);
            case 'function': return 'fn ' + (v.name || '(closure)');
        }
        if (v instanceof Uint8Array) return bytes(v);
        if (Array.isArray(v)) return d <= 0 ? '[…' + v.length + ']' : '[' + items(v, function (x) { return dyn(x, d - 1); }) + ']';
        var t = typeOfObject(v);
        if (t) return fmt(v, t, null, d);
        var c = v.constructor;
        var cname = c && c.$name ? c.$name : c && c.name && c.name !== 'Object' ? c.name : '';
        if (d <= 0) return (cname ? cname + ' ' : '') + '{ … }';
        var keys = Object.keys(v).filter(function (key) { return key[0] !== '$'; });
        return (cname ? cname + ' ' : '') + (keys.length ? '{ ' + items(keys, function (key) { return key + ': ' + dyn(v[key], d - 1); }) + ' }' : '{}');
    }
    return fmt(value, type, null, depth === undefined ? 2 : depth);
}`;

let local: ((v: unknown, t: DType | undefined, types: FormatTypes, depth?: number) => string) | undefined;

/** The formatter, run here in the adapter. */
export function formatValue(v: unknown, t: DType | undefined, types: FormatTypes, depth = 2): string {
    local ??= (0, eval)(`(${FORMAT_JS})`);
    return local!(v, t ?? 'unknown', types, depth);
}

/** The Hale spelling of a type, for the variables view's type column. */
export function showType(t: DType | undefined): string {
    if (t === undefined) return '';
    if (typeof t === 'string') {
        const prim: Record<string, string> = {
            int: 'Int', float: 'Float', bool: 'Bool', string: 'String', decimal: 'Decimal', duration: 'Duration', time: 'Time',
            bytes: 'Bytes', unit: '()', bytesview: 'BytesView', stringview: 'StringView', bytesmut: 'BytesMut', never: 'Never', nil: 'nil',
        };
        return prim[t] ?? '';
    }
    switch (t.k) {
        case 'record':
        case 'enum':
        case 'locus':
            return t.name + (t.args.length ? `<${t.args.map(showType).join(', ')}>` : '');
        case 'iface':
            return t.name;
        case 'array':
            return t.size !== undefined ? `[${showType(t.elem)}; ${t.size}]` : `[${showType(t.elem)}]`;
        case 'bounded':
            return `bounded[${showType(t.elem)}; ${t.cap}]`;
        case 'tuple':
            return `(${t.elems.map(showType).join(', ')})`;
        case 'fn':
            return `fn(${t.params.map(showType).join(', ')}) -> ${showType(t.ret)}`;
        case 'param':
            return t.name;
        case 'children':
            return `[${showType(t.of)}]`;
        case 'range':
            return `Range<${showType(t.elem)}>`;
    }
}
