// std::json (field-oriented reads, array cursors), std::yaml (the indentation subset upstream's Reader
// handles), std::http (request parsing, headers, responses, the Server locus), std::regex, std::ts.

import { makeRecord } from '../helpers.js';
import { Locus } from '../locus.js';
import { asyncNet } from './net-async.js';
import { gawait, gsleepMs, type Effect } from '../pool.js';
import { hostCall } from '../threads/hostcall.js';
import { println } from '../api-print.js';
import { strSlice } from '../values/strings.js';
import type { Int } from '../values/int.js';
import type { Natives } from './core.js';

// ------------------------------------------------------------------------------------------- json

const WS = /\s/;

function skipWs(s: string, i: number): number {
    while (i < s.length && WS.test(s[i])) i++;
    return i;
}

/** End index (exclusive) of the JSON value starting at `i`. */
function skipValue(s: string, i: number): number {
    i = skipWs(s, i);
    const c = s[i];
    if (c === '"') {
        i++;
        while (i < s.length && s[i] !== '"') i += s[i] === '\\' ? 2 : 1;
        return i + 1;
    }
    if (c === '{' || c === '[') {
        let depth = 0;
        for (; i < s.length; i++) {
            const ch = s[i];
            if (ch === '"') {
                i++;
                while (i < s.length && s[i] !== '"') i += s[i] === '\\' ? 2 : 1;
            } else if (ch === '{' || ch === '[') depth++;
            else if (ch === '}' || ch === ']') {
                depth--;
                if (depth === 0) return i + 1;
            }
        }
        return s.length;
    }
    while (i < s.length && !/[,}\]\s]/.test(s[i])) i++;
    return i;
}

/** [start, end) of the raw value of top-level key `name` in object text `s`, or null. */
function fieldSpan(s: string, name: string, from = 0, to = s.length): [number, number] | null {
    let i = skipWs(s, from);
    if (s[i] !== '{') return null;
    i++;
    while (i < to) {
        i = skipWs(s, i);
        if (s[i] === '}') return null;
        if (s[i] !== '"') return null;
        const kEnd = skipValue(s, i);
        const key = unescapeJson(s.slice(i + 1, kEnd - 1));
        i = skipWs(s, kEnd);
        if (s[i] !== ':') return null;
        i = skipWs(s, i + 1);
        const vEnd = skipValue(s, i);
        if (key === name) return [i, vEnd];
        i = skipWs(s, vEnd);
        if (s[i] === ',') i++;
    }
    return null;
}

export function escapeJson(s: string): string {
    return JSON.stringify(s).slice(1, -1);
}

export function unescapeJson(s: string): string {
    if (s.indexOf('\\') < 0) return s;
    try {
        return JSON.parse('"' + s + '"');
    } catch {
        return s.replace(/\\(["\\/bfnrt])/g, (_m, c) => ({ b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' })[c as 'b'] ?? c);
    }
}

function stringValue(raw: string): string {
    const t = raw.trim();
    if (t.startsWith('"') && t.endsWith('"')) return unescapeJson(t.slice(1, -1));
    return '';
}

/** Elements of a top-level array: [start, end) spans. */
function arrayElems(s: string): [number, number][] {
    const out: [number, number][] = [];
    let i = skipWs(s, 0);
    if (s[i] !== '[') return out;
    i = skipWs(s, i + 1);
    while (i < s.length && s[i] !== ']') {
        const e = skipValue(s, i);
        out.push([i, e]);
        i = skipWs(s, e);
        if (s[i] === ',') i = skipWs(s, i + 1);
        else break;
    }
    return out;
}

function arrayIter(rest: string): any {
    const el = arrayElems(rest);
    if (el.length === 0) return makeRecord('std::json::ArrayIter', { element: '', done: true, rest: '' });
    const [a, b] = el[0];
    const tail = el.length > 1 ? '[' + rest.slice(el[1][0]) : '[]';
    return makeRecord('std::json::ArrayIter', { element: rest.slice(a, b), done: false, rest: tail });
}

function spanIter(json: string, from: number): any {
    let i = skipWs(json, from);
    if (json[i] === '[') i = skipWs(json, i + 1);
    else if (json[i] === ',') i = skipWs(json, i + 1);
    if (i >= json.length || json[i] === ']') return makeRecord('std::json::ArrayIterSpan', { start: 0, end_pos: 0, next: i, done: true });
    const e = skipValue(json, i);
    return makeRecord('std::json::ArrayIterSpan', { start: i, end_pos: e, next: e, done: false });
}

// ------------------------------------------------------------------------------------------- yaml

interface YLine {
    indent: number;
    text: string;
}

function ylines(text: string): YLine[] {
    return text
        .split('\n')
        .filter((l) => l.trim().length > 0 && !l.trim().startsWith('#'))
        .map((l) => ({ indent: l.length - l.trimStart().length, text: l.trim() }));
}

function yunquote(v: string): string {
    const t = v.trim();
    if (t.length >= 2 && ((t.startsWith('"') && t.endsWith('"')) || (t.startsWith("'") && t.endsWith("'")))) return unescapeJson(t.slice(1, -1));
    return t;
}

/** Lines under top-level `key:` (those indented deeper), or null. */
function yblock(text: string, key: string): YLine[] | null {
    const ls = ylines(text);
    const base = ls.length ? Math.min(...ls.map((l) => l.indent)) : 0;
    for (let i = 0; i < ls.length; i++) {
        const l = ls[i];
        if (l.indent === base && (l.text === key + ':' || l.text.startsWith(key + ': ') === false && l.text === `${key}:`)) {
            const out: YLine[] = [];
            for (let j = i + 1; j < ls.length && ls[j].indent > base; j++) out.push(ls[j]);
            return out;
        }
    }
    return null;
}

function yjoin(ls: YLine[]): string {
    if (ls.length === 0) return '';
    const min = Math.min(...ls.map((l) => l.indent));
    return ls.map((l) => ' '.repeat(l.indent - min) + l.text).join('\n') + '\n';
}

function yitems(text: string, key: string): string[] {
    const b = yblock(text, key);
    if (!b || b.length === 0) return [];
    const itemIndent = b[0].indent;
    const items: YLine[][] = [];
    for (const l of b) {
        if (l.indent === itemIndent && l.text.startsWith('-')) {
            const rest = l.text.slice(1).trimStart();
            items.push(rest ? [{ indent: itemIndent + 2, text: rest }] : []);
        } else if (items.length) items[items.length - 1].push(l);
    }
    return items.map(yjoin);
}

// ------------------------------------------------------------------------------------------- http

const PHRASES: Record<number, string> = {
    100: 'Continue',
    101: 'Switching Protocols',
    200: 'OK',
    201: 'Created',
    202: 'Accepted',
    204: 'No Content',
    301: 'Moved Permanently',
    302: 'Found',
    304: 'Not Modified',
    400: 'Bad Request',
    401: 'Unauthorized',
    403: 'Forbidden',
    404: 'Not Found',
    405: 'Method Not Allowed',
    409: 'Conflict',
    413: 'Payload Too Large',
    500: 'Internal Server Error',
    501: 'Not Implemented',
    503: 'Service Unavailable',
};

export function parseRequest(raw: string): any {
    const end = raw.indexOf('\r\n\r\n');
    const head = end >= 0 ? raw.slice(0, end) : raw;
    const body = end >= 0 ? raw.slice(end + 4) : '';
    const lines = head.split('\r\n');
    const parts = (lines[0] ?? '').split(' ').filter((x) => x.length);
    let method = '';
    let path = '';
    let version = '';
    if (parts.length >= 2) {
        method = parts[0];
        path = parts[1];
        version = parts[2] ?? '';
    }
    return makeRecord('std::http::Request', { method, path, version, headers: lines.slice(1).join('\r\n'), body, conn_fd: -1 });
}

export function header(r: any, name: string): string {
    const want = name.toLowerCase();
    for (const line of String(r.headers ?? '').split('\r\n')) {
        const c = line.indexOf(':');
        if (c > 0 && line.slice(0, c).trim().toLowerCase() === want) return line.slice(c + 1).trim();
    }
    return '';
}

export function writeResponse(resp: any): string {
    const status = Number(resp.status ?? 200);
    const body = String(resp.body ?? '');
    let s = `HTTP/1.1 ${status} ${PHRASES[status] ?? ''}\r\n`;
    if (resp.takeover) return s + (resp.headers ? resp.headers + '\r\n' : '') + '\r\n';
    s += `Content-Type: ${resp.content_type || 'text/plain'}\r\n`;
    s += `Content-Length: ${Buffer.byteLength(body)}\r\n`;
    s += 'Connection: close\r\n';
    if (resp.headers) s += resp.headers + '\r\n';
    return s + '\r\n' + body;
}

/** `std::http::Server`: accept loop calling `handler.handle(req)` per connection. */
export class HttpServer extends Locus {
    static override $name = 'std::http::Server';
    static override $hasRun = true;
    port: Int = 8080;
    host = '127.0.0.1';
    handler: any = null;
    ready_signal = '';
    log_subject = '';
    max_requests: Int = 0;
    private stop = false;

    override $init(ov: any): void {
        for (const k of ['port', 'host', 'handler', 'ready_signal', 'log_subject', 'max_requests']) if (ov && ov[k] !== undefined) (this as any)[k] = ov[k];
    }

    shutdown(): void {
        this.stop = true;
    }

    private respond(raw: string): string {
        const req = parseRequest(raw);
        let resp: any;
        try {
            resp = this.handler ? this.handler.handle(req) : makeRecord('std::http::Response', { status: 404, body: 'not found' });
        } catch (e) {
            void e;
            resp = makeRecord('std::http::Response', { status: 500, body: 'internal error' });
        }
        return writeResponse(resp);
    }

    /** Blocking form (main pool, pinned, plain pools): accepts through the host. */
    run(): void {
        const l = hostCall('tcp.listen', [this.host, Number(this.port)]);
        if (this.ready_signal) println(this.ready_signal);
        let served = 0;
        while (!this.stop && !this.draining) {
            const c = hostCall('tcp.accept', [l, 100]);
            if (c < 0) continue;
            let raw = '';
            while (!raw.includes('\r\n\r\n')) {
                const r = hostCall('tcp.recv', [c, 65536, 5000]);
                if (r.timeout || !r.data) break;
                raw += Buffer.from(r.data, 'base64').toString('utf8');
            }
            hostCall('tcp.send', [c, Buffer.from(this.respond(raw)).toString('base64')]);
            hostCall('tcp.close', [c]);
            served++;
            if (Number(this.max_requests) > 0 && served >= Number(this.max_requests)) break;
        }
        hostCall('tcp.close', [l]);
    }

    /** async_io / pool form: the accept loop parks; each connection is served as it becomes readable. */
    *$g_run(): Generator<Effect, void, unknown> {
        const l = yield* gawait(asyncNet.listen(this.host, Number(this.port)));
        if (this.ready_signal) println(this.ready_signal);
        while (!this.stop && !this.draining) {
            const acc = asyncNet.accept(l);
            let c = -1;
            for (;;) {
                const r = yield* gawait(Promise.race([acc, new Promise<number>((res) => setTimeout(() => res(-1), 50))]));
                if (r >= 0) {
                    c = r;
                    break;
                }
                if (this.stop || this.draining) break;
            }
            if (c < 0) break;
            let raw = '';
            while (!raw.includes('\r\n\r\n')) {
                const b = yield* gawait(asyncNet.recv(c, 65536));
                if (!b || b.length === 0) break;
                raw += Buffer.from(b).toString('utf8');
            }
            yield* gawait(asyncNet.send(c, Buffer.from(this.respond(raw))));
            asyncNet.close(c);
        }
        asyncNet.close(l);
        yield* gsleepMs(0);
    }
}

/** Match `pattern` (`/a/:name/b`, trailing slash tolerant) against `path`; captures or null. */
function matchRoute(pattern: string, path: string): [string, string][] | null {
    const p = pattern.split('/').filter((x) => x.length);
    const q = path.split('?')[0].split('/').filter((x) => x.length);
    if (p.length !== q.length) return null;
    const caps: [string, string][] = [];
    for (let i = 0; i < p.length; i++) {
        if (p[i].startsWith(':')) caps.push([p[i].slice(1), q[i]]);
        else if (p[i] !== q[i]) return null;
    }
    return caps;
}

function contextFor(req: any, caps: [string, string][]): any {
    const qi = String(req.path).indexOf('?');
    const qs = qi >= 0 ? String(req.path).slice(qi + 1) : '';
    const params = makeRecord('std::http::RouteParams', {
        names: caps.map((c) => c[0]).join('\n'),
        values: caps.map((c) => c[1]).join('\n'),
        qs,
    });
    return makeRecord('std::http::Context', { req, params });
}

function paramOf(p: any, name: string): string {
    const names = String(p.names ?? '').split('\n');
    const values = String(p.values ?? '').split('\n');
    const i = names.indexOf(name);
    return i >= 0 ? (values[i] ?? '') : '';
}

function queryOf(p: any, name: string): string {
    for (const kv of String(p.qs ?? '').split('&')) {
        const eq = kv.indexOf('=');
        if (eq > 0 && kv.slice(0, eq) === name) return kv.slice(eq + 1);
        if (eq < 0 && kv === name) return '';
    }
    return '';
}

/** `std::http::Router`: METHOD + pattern routes, middleware onion, a 404 default. */
export class HttpRouter extends Locus {
    static override $name = 'std::http::Router';
    static override $is = ['std::http::Handler'];
    private routes: { method: string; pattern: string; h: any; fn: boolean }[] = [];
    private mws: any[] = [];
    not_found: any = null;
    override $init(ov: any): void {
        if (ov && ov.not_found !== undefined) this.not_found = ov.not_found;
    }
    add(method: string, pattern: string, h: any): void {
        this.routes.push({ method: method.toUpperCase(), pattern, h, fn: false });
    }
    add_fn(method: string, pattern: string, f: any): void {
        this.routes.push({ method: method.toUpperCase(), pattern, h: f, fn: true });
    }
    use(m: any): void {
        this.mws.push(m);
    }
    dispatch(req: any): any {
        let ctx = contextFor(req, []);
        for (const m of this.mws) ctx = m.before(ctx);
        let resp: any = null;
        for (const r of this.routes) {
            if (r.method !== String(req.method).toUpperCase()) continue;
            const caps = matchRoute(r.pattern, String(req.path));
            if (!caps) continue;
            const c = contextFor(ctx.req, caps);
            resp = r.fn ? r.h(c) : r.h.handle(c);
            break;
        }
        if (!resp) resp = this.not_found ? this.not_found.handle(ctx) : makeRecord('std::http::Response', { status: 404, body: 'not found' });
        for (let i = this.mws.length - 1; i >= 0; i--) resp = this.mws[i].after(ctx, resp);
        return resp;
    }
    handle(req: any): any {
        return this.dispatch(req);
    }
}

// ------------------------------------------------------------------------------------------ regex

function toJsRegex(p: string, anchored: boolean): RegExp | null {
    try {
        return new RegExp(anchored ? `^(?:${p})$` : p);
    } catch {
        return null;
    }
}

export function registerData(n: Natives): void {
    n.set('std::json::escape_string', escapeJson);
    n.set('std::json::unescape_string', unescapeJson);
    n.set('std::json::find_string_field', (j: string, k: string) => {
        const sp = fieldSpan(j, k);
        return sp ? stringValue(j.slice(sp[0], sp[1])) : '';
    });
    n.set('std::json::find_int_field', (j: string, k: string) => {
        const sp = fieldSpan(j, k);
        if (!sp) return 0;
        const v = Number(j.slice(sp[0], sp[1]).trim());
        return Number.isFinite(v) ? Math.trunc(v) : 0;
    });
    n.set('std::json::find_float_field', (j: string, k: string) => {
        const sp = fieldSpan(j, k);
        if (!sp) return 0;
        const v = Number(j.slice(sp[0], sp[1]).trim());
        return Number.isFinite(v) ? v : 0;
    });
    n.set('std::json::find_bool_field', (j: string, k: string) => {
        const sp = fieldSpan(j, k);
        return !!sp && j.slice(sp[0], sp[1]).trim() === 'true';
    });
    n.set('std::json::find_field_raw', (j: string, k: string) => {
        const sp = fieldSpan(j, k);
        return sp ? j.slice(sp[0], sp[1]) : '';
    });
    n.set('std::json::has_field', (j: string, k: string) => fieldSpan(j, k) !== null);
    n.set('std::json::array_first', (j: string) => arrayIter(j));
    n.set('std::json::array_next', (it: any) => arrayIter(it.rest));
    n.set('std::json::array_first_span', (j: string) => spanIter(j, 0));
    n.set('std::json::array_next_span', (it: any, j: string) => spanIter(j, Number(it.next)));
    n.set('std::json::iter_substring', (it: any, j: string) => j.slice(Number(it.start), Number(it.end_pos)));
    n.set('std::json::iter_find_string_field', (it: any, j: string, k: string) => {
        const sp = fieldSpan(j, k, Number(it.start), Number(it.end_pos));
        return sp ? stringValue(j.slice(sp[0], sp[1])) : '';
    });
    n.set('std::json::iter_find_field_raw', (it: any, j: string, k: string) => {
        const sp = fieldSpan(j, k, Number(it.start), Number(it.end_pos));
        return sp ? j.slice(sp[0], sp[1]) : '';
    });
    n.set('std::json::iter_find_field_range', (it: any, j: string, k: string) => {
        const sp = fieldSpan(j, k, Number(it.start), Number(it.end_pos));
        return makeRecord('std::json::JsonFieldRange', { ok: !!sp, start: sp ? sp[0] : 0, end_pos: sp ? sp[1] : 0 });
    });
    n.set('std::json::iter_find_string_field_range', (it: any, j: string, k: string) => {
        const sp = fieldSpan(j, k, Number(it.start), Number(it.end_pos));
        const ok = !!sp && j[sp[0]] === '"';
        return makeRecord('std::json::JsonFieldRange', { ok, start: ok ? sp![0] + 1 : 0, end_pos: ok ? sp![1] - 1 : 0 });
    });

    n.set('std::yaml::__scalar', (t: string, k: string) => {
        const ls = ylines(t);
        const base = ls.length ? Math.min(...ls.map((l) => l.indent)) : 0;
        for (const l of ls) if (l.indent === base && l.text.startsWith(k + ':')) return yunquote(l.text.slice(k.length + 1));
        return '';
    });
    n.set('std::yaml::__list_count', (t: string, k: string) => yitems(t, k).length);
    n.set('std::yaml::__list_item', (t: string, k: string, i: Int) => yitems(t, k)[Number(i)] ?? '');
    n.set('std::yaml::__nested', (t: string, k: string) => {
        const b = yblock(t, k);
        return b ? yjoin(b) : '';
    });

    n.set('std::http::parse_request', parseRequest);
    n.set('std::http::header', header);
    n.set('std::http::write_response', writeResponse);
    n.set('std::http::status_phrase', (s: Int) => PHRASES[Number(s)] ?? '');
    n.set('std::http::Server', HttpServer);
    n.set('std::http::Router', HttpRouter);
    n.set('std::http::path_param', paramOf);
    n.set('std::http::query_param', queryOf);
    n.set('std::http::build_context', (req: any) => contextFor(req, []));
    n.set('std::http::is_route', (ctx: any, method: string, pattern: string) => {
        if (String(ctx.req.method).toUpperCase() !== method.toUpperCase()) {
            ctx.params.names = '';
            ctx.params.values = '';
            return false;
        }
        const caps = matchRoute(pattern, String(ctx.req.path));
        ctx.params.names = caps ? caps.map((c) => c[0]).join('\n') : '';
        ctx.params.values = caps ? caps.map((c) => c[1]).join('\n') : '';
        return !!caps;
    });

    n.set('std::regex::matches', (p: string, t: string) => !!toJsRegex(p, true)?.test(t));
    n.set('std::regex::find', (p: string, t: string) => {
        const m = toJsRegex(p, false)?.exec(t);
        return m ? Buffer.byteLength(t.slice(0, m.index)) : -1;
    });
    n.set('std::regex::valid', (p: string) => toJsRegex(p, false) !== null);

    registerTs(n);
}

// ------------------------------------------------------------------------------------- std::ts

// A small Go parser standing in for upstream's tree-sitter binding: top-level declarations only, which is
// what the std::ts surface's node navigation is used for (package clause, imports, functions, types).
interface TsNode {
    kind: string;
    start: number;
    end: number;
    children: TsNode[];
    named: boolean;
    src: string;
}

const trees: TsNode[] = [];
const nodes: TsNode[] = [];

function tsHandle(nd: TsNode): number {
    nodes.push(nd);
    return nodes.length;
}

function parseGo(src: string): TsNode {
    const root: TsNode = { kind: 'source_file', start: 0, end: src.length, children: [], named: true, src };
    const re = /^(package\s+\w+)|^(import\s+(?:\([^)]*\)|"[^"]*"))|^(func\s[^{]*\{)|^(type\s+\w+[^\n]*)|^(var\s[^\n]*)|^(const\s[^\n]*)/gm;
    let m: RegExpExecArray | null;
    while ((m = re.exec(src))) {
        const kinds = ['package_clause', 'import_declaration', 'function_declaration', 'type_declaration', 'var_declaration', 'const_declaration'];
        const idx = m.slice(1).findIndex((x) => x !== undefined);
        let end = m.index + m[0].length;
        if (kinds[idx] === 'function_declaration' || (kinds[idx] === 'type_declaration' && m[0].trimEnd().endsWith('{'))) {
            let depth = 1;
            while (end < src.length && depth > 0) {
                if (src[end] === '{') depth++;
                else if (src[end] === '}') depth--;
                end++;
            }
        }
        root.children.push({ kind: kinds[idx], start: m.index, end, children: [], named: true, src });
    }
    return root;
}

function registerTs(n: Natives): void {
    const get = (h: Int): TsNode | undefined => nodes[Number(h) - 1];
    n.set('std::ts::parse_go', (src: string) => {
        trees.push(parseGo(src));
        return trees.length;
    });
    n.set('std::ts::root_node', (t: Int) => {
        const tr = trees[Number(t) - 1];
        return tr ? tsHandle(tr) : 0;
    });
    n.set('std::ts::node_kind', (h: Int) => get(h)?.kind ?? '');
    n.set('std::ts::node_text', (h: Int) => {
        const nd = get(h);
        return nd ? strSlice(nd.src, nd.start, nd.end) : '';
    });
    n.set('std::ts::node_child_count', (h: Int) => get(h)?.children.length ?? 0);
    n.set('std::ts::node_named_child_count', (h: Int) => get(h)?.children.filter((c) => c.named).length ?? 0);
    n.set('std::ts::node_child', (h: Int, i: Int) => {
        const c = get(h)?.children[Number(i)];
        return c ? tsHandle(c) : 0;
    });
    n.set('std::ts::node_named_child', (h: Int, i: Int) => {
        const c = get(h)?.children.filter((x) => x.named)[Number(i)];
        return c ? tsHandle(c) : 0;
    });
    n.set('std::ts::node_start_byte', (h: Int) => get(h)?.start ?? 0);
    n.set('std::ts::node_end_byte', (h: Int) => get(h)?.end ?? 0);
    n.set('std::ts::node_is_named', (h: Int) => (get(h)?.named ? 1 : 0));
}
