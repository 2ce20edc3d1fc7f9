// The bus on one thread: the subscription registry, the cooperative cell queue, publish, and the drain
// that runs handlers. Cross-thread delivery goes through the rings (threads/ring.ts): a publish encodes
// the payload once per destination thread, and the destination re-dispatches to its own subscribers, so
// per publisher/subscriber order is the ring's FIFO order.
//
// Handlers never run inside `publish`: a publish enqueues cells, and cells run at the thread's drain points
// (after a handler, at sleep slices, `yield`, the end of a lifecycle method or of a function that may
// publish, and teardown), as upstream's cooperative queue does.

import { ctx, R_FRAG, R_PUB, sendRecord } from './threads/context.js';
import { decoder, encoder, maxEncodedSize, Reader, Writer, type Dec, type Enc } from './threads/codec.js';
import { ring } from './threads/ring.js';
import { copier, type TypeDesc } from './values/types.js';
import { HaleFail } from './errors.js';
import { flushStdout } from './stdout.js';

export interface Topic {
    /** Wire subject (`events.login`). */
    subject: string;
    /** Payload field used as routing key, if keyed. */
    keyedBy?: string;
    onUnmatched?: 'swallow' | 'fail' | 'fallback';
}

export const KEY_NONE = 0;
export const KEY_SPECIFIC = 1;
export const KEY_CATCH = 2;

export class Sub {
    alive = true;
    /** Re-point at the locus's current method of the same name (after `reperspective`). */
    rebind(locus: any): void {
        const f = locus[this.handler.name];
        if (typeof f === 'function') this.handler = f;
    }
    constructor(
        public readonly subject: string,
        public readonly locus: any,
        public handler: (payload: any) => unknown,
        public readonly keyMode: number,
        public readonly key: unknown,
        /** For wildcard subjects: the matcher. */
        public readonly match: ((s: string) => boolean) | null,
    ) {}
}

// ------------------------------------------------------------------------------------------ registry

const exact = new Map<string, Sub[]>();
let wildcards: Sub[] = [];

/**
 * Bumped by everything that changes where a subject's payloads go (subscriptions, routing, topics, payload
 * types, adapters). Publish and intake keep per-subject answers (`Route`, `Intake`) and only look again
 * when this has moved, so the per-message path does no map lookup.
 */
let busVersion = 0;

export function wildcardMatcher(pattern: string): ((s: string) => boolean) | null {
    if (pattern.indexOf('*') < 0) return null;
    const parts = pattern.split('.');
    return (s: string) => {
        const segs = s.split('.');
        const m = (pi: number, si: number): boolean => {
            if (pi === parts.length) return si === segs.length;
            const p = parts[pi];
            if (p === '**') {
                for (let k = si; k <= segs.length; k++) if (m(pi + 1, k)) return true;
                return false;
            }
            if (si >= segs.length) return false;
            if (p === '*' || p === segs[si]) return m(pi + 1, si + 1);
            return false;
        };
        return m(0, 0);
    };
}

export function subscribe(
    subject: string,
    locus: any,
    handler: (payload: any) => unknown,
    keyMode = KEY_NONE,
    key: unknown = undefined,
): Sub {
    const match = wildcardMatcher(subject);
    const s = new Sub(subject, locus, handler, keyMode, key, match);
    busVersion++;
    if (match) wildcards.push(s);
    else {
        let l = exact.get(subject);
        if (!l) exact.set(subject, (l = []));
        l.push(s);
    }
    return s;
}

export function unsubscribe(s: Sub): void {
    if (!s.alive) return;
    s.alive = false;
    busVersion++;
    if (s.match) wildcards = wildcards.filter((x) => x !== s);
    else {
        const l = exact.get(s.subject);
        if (l) {
            const i = l.indexOf(s);
            if (i >= 0) l.splice(i, 1);
            if (l.length === 0) exact.delete(s.subject);
        }
    }
}

export function subscriberCount(subject: string): number {
    return (exact.get(subject)?.length ?? 0) + wildcards.filter((w) => w.match!(subject)).length;
}

// ------------------------------------------------------------------------------------------- queue

// A ring of cells as two parallel arrays (no per-cell object).
let qSub: (Sub | null)[] = new Array(1024).fill(null);
let qPay: any[] = new Array(1024).fill(undefined);
let qHead = 0;
let qTail = 0;
let qMask = 1023;

function enqueue(s: Sub, payload: any): void {
    if (((qTail - qHead) & qMask) === qMask) grow();
    qSub[qTail] = s;
    qPay[qTail] = payload;
    qTail = (qTail + 1) & qMask;
}

function grow(): void {
    const n = (qMask + 1) * 2;
    const ns: (Sub | null)[] = new Array(n).fill(null);
    const np: any[] = new Array(n).fill(undefined);
    let i = 0;
    for (let h = qHead; h !== qTail; h = (h + 1) & qMask) {
        ns[i] = qSub[h];
        np[i] = qPay[h];
        i++;
    }
    qSub = ns;
    qPay = np;
    qHead = 0;
    qTail = i;
    qMask = n - 1;
}

export function queueLength(): number {
    return (qTail - qHead) & qMask;
}

// ------------------------------------------------------------------------------------------ keys

function keyOf(payload: any, field: string): unknown {
    return payload == null ? undefined : payload[field];
}

function keyEquals(a: unknown, b: unknown): boolean {
    return a === b;
}

/** Dispatch a payload to this thread's subscribers of `subject`; returns the number of specific matches. */
function localDispatch(subject: string, payload: any, topic: Topic | undefined, copy: ((v: any) => any) | null): number {
    const l = exact.get(subject);
    const keyed = topic?.keyedBy;
    let matched = 0;
    let delivered = 0;
    if (keyed === undefined) {
        if (l !== undefined) {
            for (let i = 0; i < l.length; i++) {
                enqueue(l[i], delivered++ > 0 && copy ? copy(payload) : payload);
            }
        }
        if (wildcards.length !== 0) {
            for (const w of wildcards) {
                if (w.match!(subject)) enqueue(w, delivered++ > 0 && copy ? copy(payload) : payload);
            }
        }
        return delivered;
    }
    const key = keyOf(payload, keyed);
    const all = l ? l.slice() : [];
    for (const w of wildcards) if (w.match!(subject)) all.push(w);
    for (const s of all) {
        if (s.keyMode === KEY_SPECIFIC) {
            if (keyEquals(s.key, key)) {
                enqueue(s, delivered++ > 0 && copy ? copy(payload) : payload);
                matched++;
            }
        } else if (s.keyMode === KEY_NONE) {
            enqueue(s, delivered++ > 0 && copy ? copy(payload) : payload);
        }
    }
    if (matched === 0) {
        for (const s of all) {
            if (s.keyMode === KEY_CATCH) {
                enqueue(s, delivered++ > 0 && copy ? copy(payload) : payload);
                matched++;
            }
        }
    }
    if (matched === 0 && process.env.LOTUS_BUS_LOG_UNMATCHED === '1') {
        process.stderr.write(`[bus] unmatched key ${String(key)} on ${subject}\n`);
    }
    return matched;
}

// -------------------------------------------------------------------------------------- routing

/**
 * Which other threads may host a subscriber of a subject. The compiler computes, for every Hale thread,
 * the subject patterns its loci (and everything they can instantiate) subscribe to; a publish is sent to
 * exactly those threads.
 */
let threadPatterns: { thread: number; exact: Set<string>; wild: ((s: string) => boolean)[] }[] = [];

export function setRouting(patterns: { thread: number; subjects: string[] }[]): void {
    threadPatterns = patterns
        .filter((p) => p.thread !== ctx.spec.id)
        .map((p) => ({
            thread: p.thread,
            exact: new Set(p.subjects.filter((s) => s.indexOf('*') < 0)),
            wild: p.subjects.filter((s) => s.indexOf('*') >= 0).map((s) => wildcardMatcher(s)!),
        }));
    busVersion++;
}

function remoteThreads(subject: string): number[] {
    const r: number[] = [];
    for (const p of threadPatterns) {
        if (p.exact.has(subject) || p.wild.some((m) => m(subject))) r.push(p.thread);
    }
    return r;
}

// ---------------------------------------------------------------------------------------- publish

/** Payload types by index, as the compiler numbered them (identical on every thread). */
export let payloadTypes: TypeDesc[] = [];
export function setPayloadTypes(ts: TypeDesc[]): void {
    payloadTypes = ts;
    decoders.length = 0;
    for (const t of ts) copier(t);
    busVersion++;
}

const subjectOfTopic = new Map<string, Topic>();
// Every thread loads the same program, so a declared topic's index names its subject on the wire (no string
// to encode or decode per message); other subjects travel as text.
const subjectIds = new Map<string, number>();
const subjectById: string[] = [''];
const topicById: (Topic | undefined)[] = [undefined];
const decoders: Dec[] = [];
const decoderOf = (ty: number): Dec => (decoders[ty] ??= decoder(payloadTypes[ty]));
export function registerTopics(ts: Topic[]): void {
    busVersion++;
    for (const t of ts) {
        subjectOfTopic.set(t.subject, t);
        if (!subjectIds.has(t.subject)) {
            subjectIds.set(t.subject, subjectById.length);
            subjectById.push(t.subject);
            topicById.push(t);
        } else topicById[subjectIds.get(t.subject)!] = t;
    }
}

export interface BusUnmatchedKeyLike {
    subject: string;
    key_lo: unknown;
    key_hi: unknown;
}

export let makeUnmatched: (subject: string, key: unknown) => unknown = (subject, key) => ({
    subject,
    key_lo: key,
    key_hi: 0,
});
export function setUnmatchedFactory(f: (subject: string, key: unknown) => unknown): void {
    makeUnmatched = f;
}

/** Counters for tests and `LOTUS_BUS_COUNTERS_DUMP`. */
export const busStats = { published: 0, remoteSent: 0, delivered: 0, remoteReceived: 0 };

/**
 * `subject <- payload`. `ty` indexes `payloadTypes` (needed to encode for other threads and to copy for a
 * second local subscriber). Throws `HaleFail(BusUnmatchedKey)` on an `on_unmatched: fail` topic whose key
 * matched nobody.
 */
/** Subjects bound to an adapter locus (`bindings { T: Adapter { } }`): publishes go to its `send`. */
const adapters = new Map<string, any>();
export function bindAdapter(subject: string, adapter: any): void {
    adapters.set(subject, adapter);
    busVersion++;
}

/**
 * Everything a publish to one subject needs, worked out once per subject (and again only when
 * `busVersion` moves): the topic, its wire id, the other threads to send to, this thread's subscribers,
 * and the payload type's copier and encoder.
 */
class Route {
    version = -1;
    topic: Topic | undefined = undefined;
    sid = 0;
    remote: number[] = [];
    /**
     * This thread's subscribers when the topic is unkeyed and there is no wildcard subscription (every
     * subscriber gets every payload, so no per-message matching); null when `localDispatch` must decide.
     */
    local: Sub[] | null = null;
    /** The payload type last published on this subject (a topic has one) and what it needs. */
    ty = -1;
    copy: ((v: any) => any) | null = null;
    enc: Enc | null = null;
    /** Ring bytes to reserve for a whole PUB record when the payload's size is bounded; -1 when it is not. */
    reserve = -1;
    constructor(readonly subject: string) {}
}
/**
 * This thread's subscribers to `subject` when every one of them gets every payload (an unkeyed topic, no
 * wildcard subscription), so delivery needs no per-message matching; null when `localDispatch` must decide.
 */
function plainSubscribers(subject: string, topic: Topic | undefined): readonly Sub[] | null {
    if ((topic !== undefined && topic.keyedBy !== undefined) || wildcards.length !== 0) return null;
    return exact.get(subject) ?? [];
}

const routes = new Map<string, Route>();
// Publishing loops usually send one subject over and over: the last route answers without a map lookup.
let lastRoute: Route | null = null;

function routeFor(subject: string, ty: number): Route {
    let r: Route | undefined = lastRoute ?? undefined;
    if (r === undefined || r.subject !== subject) {
        r = routes.get(subject);
        if (r === undefined) routes.set(subject, (r = new Route(subject)));
        lastRoute = r;
    }
    if (r.version !== busVersion) {
        r.version = busVersion;
        r.topic = subjectOfTopic.get(subject);
        r.sid = subjectIds.get(subject) ?? 0;
        r.remote = threadPatterns.length !== 0 ? remoteThreads(subject) : [];
        const plain = plainSubscribers(subject, r.topic);
        r.local = plain !== null ? plain.slice() : null;
        r.ty = -1;
    }
    if (r.ty !== ty) {
        const d = payloadTypes[ty];
        r.ty = ty;
        r.copy = d !== undefined && d.$copy !== undefined ? d.$copy : null;
        r.enc = d !== undefined ? encoder(d) : null;
        const max = d !== undefined ? maxEncodedSize(d) : Infinity;
        r.reserve = max !== Infinity && r.sid !== 0 ? PUB_HEADER + max : -1;
    }
    return r;
}

export function publish(subject: string, payload: any, ty: number): void {
    busStats.published++;
    if (adapters.size !== 0) {
        const a = adapters.get(subject);
        if (a) {
            const w = new Writer(256);
            encoder(payloadTypes[ty])(w, payload);
            a.send(subject, w.buf.slice(0, w.pos));
        }
    }
    const route = routeFor(subject, ty);
    const topic = route.topic;
    const local = route.local;
    let matched: number;
    if (local !== null) {
        matched = local.length;
        const copy = route.copy;
        for (let i = 0; i < local.length; i++) enqueue(local[i], i > 0 && copy !== null ? copy(payload) : payload);
    } else matched = localDispatch(subject, payload, topic, route.copy);
    if (route.remote.length !== 0) sendPublication(route, subject, payload, ty);
    if (topic !== undefined && topic.onUnmatched === 'fail' && topic.keyedBy !== undefined && matched === 0 && route.remote.length === 0) {
        throw new HaleFail(makeUnmatched(subject, keyOf(payload, topic.keyedBy)), 'BusUnmatchedKey');
    }
}

/** A PUB record: [R_PUB][u32 subject id][u32 payload type][payload]; subject id 0 is followed by the subject's text. */
const PUB_HEADER = 9;
const ringCursor = new Writer(0);

/** Send a publication to every other thread that may have a subscriber (the payload encoded once per ring). */
function sendPublication(route: Route, subject: string, payload: any, ty: number): void {
    const dests = route.remote;
    busStats.remoteSent += dests.length;
    const reserve = route.reserve;
    if (reserve >= 0) {
        // A payload of bounded size is encoded straight into each destination ring: no scratch buffer,
        // no copy. Room for the largest encoding is reserved; the record is committed at its real length.
        flushStdout(); // a line printed before a send appears before anything the receiver prints
        const enc = route.enc!;
        const sid = route.sid;
        for (let i = 0; i < dests.length; i++) {
            const to = dests[i];
            const rw = ctx.out[to];
            if (rw == null || reserve > rw.maxRecord) {
                const w = encodePublication(route, subject, payload, ty);
                sendRecord(to, w.buf, w.pos, absorbIncoming);
                continue;
            }
            const off = rw.reserve(reserve, absorbIncoming);
            const u8 = rw.u8;
            const dv = rw.dv;
            u8[off] = R_PUB;
            dv.setUint32(off + 1, sid, true);
            dv.setUint32(off + 5, ty, true);
            const w = ringCursor.over(u8, dv, off + PUB_HEADER);
            enc(w, payload);
            rw.commit(w.pos - off);
            ring(ctx.peerDb[to]);
        }
        return;
    }
    const w = encodePublication(route, subject, payload, ty);
    for (let i = 0; i < dests.length; i++) sendRecord(dests[i], w.buf, w.pos, absorbIncoming);
}

/** Encode a PUB record into the thread's scratch writer (payloads of unbounded size, subjects without an id). */
function encodePublication(route: Route, subject: string, payload: any, ty: number): Writer {
    const w = ctx.writer;
    w.reset();
    w.u8(R_PUB);
    w.u32(route.sid);
    if (route.sid === 0) w.str(subject);
    w.u32(ty);
    route.enc!(w, payload);
    return w;
}

// ------------------------------------------------------------------------------------ remote intake

/** A control record's decoder; returning true stops reading that ring until the thread's loop has acted. */
export type ControlHandler = (from: number, r: Reader, end: number) => boolean | void;
const controlHandlers: (ControlHandler | undefined)[] = [];
export function onControl(kind: number, h: ControlHandler): void {
    controlHandlers[kind] = h;
}

const fragments: (Uint8Array[] | null)[] = [];

/**
 * What an arriving publication of one declared topic needs, worked out once per subject id (and again
 * when `busVersion` moves): its payload decoder and, in the common case of an unkeyed topic with exactly
 * one subscriber on this thread (and no wildcard subscription), that subscriber.
 */
interface Intake {
    version: number;
    ty: number;
    dec: Dec;
    sub: Sub | null;
}
const intakes: (Intake | undefined)[] = [];

function intakeFor(sid: number, ty: number): Intake {
    const plain = plainSubscribers(subjectById[sid], topicById[sid]);
    const single = plain !== null && plain.length === 1 ? plain[0] : null;
    const it: Intake = { version: busVersion, ty, dec: decoderOf(ty), sub: single };
    intakes[sid] = it;
    return it;
}

function handleRecord(from: number, u8: Uint8Array, dv: DataView, off: number, len: number): boolean | void {
    const kind = u8[off];
    if (kind === R_PUB) {
        const sid = dv.getUint32(off + 1, true);
        if (sid !== 0) {
            const ty = dv.getUint32(off + 5, true);
            let it = intakes[sid];
            if (it === undefined || it.version !== busVersion || it.ty !== ty) it = intakeFor(sid, ty);
            const payload = it.dec(ctx.reader.at(u8, dv, off + PUB_HEADER));
            busStats.remoteReceived++;
            if (it.sub !== null) {
                // Nothing queued ahead of it (so order holds) and drain() is reading: run the handler now,
                // the payload dies young and skips the queue. The record's bytes are no longer needed.
                if (deliverNow && qHead === qTail) runNow(it.sub, payload);
                else enqueue(it.sub, payload);
            } else localDispatch(subjectById[sid], payload, topicById[sid], payloadTypes[ty].$copy ?? null);
            return;
        }
        const r = ctx.reader.at(u8, dv, off + 5);
        const subject = r.str();
        const ty = r.u32();
        const payload = decoderOf(ty)(r);
        busStats.remoteReceived++;
        localDispatch(subject, payload, subjectOfTopic.get(subject), payloadTypes[ty].$copy ?? null);
        return;
    }
    if (kind === R_FRAG) {
        const parts = (fragments[from] ??= []);
        parts.push(u8.slice(off + 2, off + len));
        if (u8[off + 1] === 1) {
            fragments[from] = null;
            const total = parts.reduce((a, p) => a + p.length, 0);
            const whole = new Uint8Array(total);
            let p = 0;
            for (const part of parts) {
                whole.set(part, p);
                p += part.length;
            }
            return handleRecord(from, whole, new DataView(whole.buffer), 0, total);
        }
        return;
    }
    const h = controlHandlers[kind];
    if (h) return h(from, ctx.reader.at(u8, dv, off + 1), off + len);
    throw new Error(`unknown ring record kind ${kind}`);
}

const readers: ((u8: Uint8Array, dv: DataView, off: number, len: number) => boolean | void)[] = [];

/**
 * Work a control record asks of the thread's own loop (build a spawned locus, restart one). While any is
 * pending, the rings are not read further: later records may depend on it (a PUB for the subscriber the
 * SPAWN creates).
 */
export const controlQueue: (() => void)[] = [];

const ABSORB_BATCH = 1024;
const ABSORB_EVERY = 256;
/** The ring a budgeted intake starts at, so that every ring gets its turn. */
let absorbFrom = 0;

/**
 * Move what other threads have sent into this thread's queue: decoding only (unless drain() has set
 * `deliverNow`). At most a batch per ring, and at most `budget` records in all.
 */
export function absorbIncoming(budget = Infinity): number {
    if (controlQueue.length !== 0) return 0;
    const inn = ctx.inn;
    const k = inn.length;
    let n = 0;
    for (let j = 0; j < k && n < budget; j++) {
        const i = (absorbFrom + j) % k;
        const r = inn[i];
        if (r !== null && r.nonEmpty()) {
            const fn = (readers[i] ??= (u8, dv, off, len) => handleRecord(i, u8, dv, off, len));
            n += r.drain(fn, Math.min(ABSORB_BATCH, budget - n));
            if (controlQueue.length !== 0) break;
        }
    }
    if (budget !== Infinity && k !== 0) absorbFrom = (absorbFrom + 1) % k;
    return n;
}

// ------------------------------------------------------------------------------------------ drain

export type FailureRouter = (locus: any, err: unknown) => void;
let routeFailure: FailureRouter = (_l, err) => {
    throw err;
};
export function setFailureRouter(f: FailureRouter): void {
    routeFailure = f;
}

/** How a cell's handler is run; pool threads replace this to run generator handlers as tasks. */
export type CellRunner = (s: Sub, payload: any) => void;
let runCell: CellRunner = (s, payload) => {
    s.handler.call(s.locus, payload);
};
export function setCellRunner(f: CellRunner): void {
    runCell = f;
}

let draining = false;
/**
 * Set while drain() reads the rings with its queue empty: a publication for a single local subscriber
 * runs at once instead of being queued (see handleRecord). Never set while a handler runs, so a handler's
 * own intake (a publish waiting for ring space) only queues, as handlers never run inside `publish`.
 */
let deliverNow = false;
let afterCell: ((locus: any) => void) | null = null;
/** Hook run after each handler (closure `epoch tick` checks). */
export function setAfterCell(f: (locus: any) => void): void {
    afterCell = f;
}

/** Run one cell's handler; a failure goes to the locus's supervisor. */
function runOne(s: Sub, p: any): void {
    if (!s.alive) return;
    busStats.delivered++;
    try {
        runCell(s, p);
        if (s.locus !== null && afterCell !== null) afterCell(s.locus);
    } catch (e) {
        routeFailure(s.locus, e);
    }
}

function runNow(s: Sub, p: any): void {
    deliverNow = false;
    try {
        runOne(s, p);
    } finally {
        deliverNow = true;
    }
}

/**
 * Run queued cells until the queue is empty, pulling in what other threads sent. Re-entrant calls (a
 * handler's own scope-exit flush) are no-ops: the outer drain keeps going until empty. `nested` is for
 * blocking points inside a handler (a sleep slice, `yield`), which do deliver other cells meanwhile.
 */
export function drain(nested = false): void {
    if (draining && !nested) return;
    const outer = draining;
    draining = true;
    try {
        // Other threads' records are read when the local queue runs dry, a bounded batch at a time, and
        // handled as they are read while nothing is queued ahead of them: decoded payloads die young.
        // While the queue is not empty, a few records are taken in every so often (no more than the cells
        // run meanwhile, so the queue cannot grow without bound) so a busy local exchange cannot starve
        // other threads.
        let sinceAbsorb = 0;
        const remote = threadPatterns.length !== 0 || ctx.inn.length !== 0;
        const outerDeliver = deliverNow;
        for (;;) {
            if (qHead === qTail) {
                if (!remote) break;
                sinceAbsorb = 0;
                deliverNow = true;
                let n: number;
                try {
                    n = absorbIncoming();
                } finally {
                    deliverNow = outerDeliver;
                }
                if (qHead === qTail) {
                    if (n === 0) break;
                    continue;
                }
            } else if (remote && ++sinceAbsorb >= ABSORB_EVERY) {
                sinceAbsorb = 0;
                absorbIncoming(ABSORB_EVERY);
            }
            const s = qSub[qHead]!;
            const p = qPay[qHead];
            qSub[qHead] = null;
            qPay[qHead] = undefined;
            qHead = (qHead + 1) & qMask;
            runOne(s, p);
        }
    } finally {
        draining = outer;
    }
}

/** Queue runtime work (a supervisor decision, a spawned locus) to run at the next drain point. */
export function enqueueTask(fn: () => void): void {
    enqueue(new Sub('', null, fn as (p: any) => unknown, KEY_NONE, undefined, null), undefined);
}

export function isDraining(): boolean {
    return draining;
}

/** Take one cell (pool threads schedule cells themselves). */
export function popCell(): [Sub, any] | null {
    while (qHead !== qTail) {
        const s = qSub[qHead]!;
        const p = qPay[qHead];
        qSub[qHead] = null;
        qPay[qHead] = undefined;
        qHead = (qHead + 1) & qMask;
        if (s.alive) return [s, p];
    }
    return null;
}

/** Forget every subscription and queued cell (tests; a thread reused after teardown). */
export function resetBus(): void {
    exact.clear();
    wildcards = [];
    qSub.fill(null);
    qPay.fill(undefined);
    qHead = qTail = 0;
    routes.clear();
    lastRoute = null;
    busVersion++;
    threadPatterns = [];
    busStats.published = busStats.remoteSent = busStats.delivered = busStats.remoteReceived = 0;
    void R_PUB;
}
