// Per-thread runtime state. Every Hale thread (the `main` pool, each named cooperative pool, each pinned
// locus) is a worker_threads worker with its own copy of this module, so this object *is* the
// thread-local context. The JS main thread is the host (see host.ts): it spawns the Hale threads, owns
// the signal handlers and the exit code, and serves blocking I/O for them.

import type { MessagePort } from 'node:worker_threads';
import { DB_CTL, DB_PARKED, DB_SEQ, RingReader, RingWriter, ring, type RingShared } from './ring.js';
import { Reader, Writer } from './codec.js';
import { flushStdout } from '../stdout.js';

export type ThreadKind = 'main' | 'pool' | 'pinned' | 'host';

export interface ThreadSpec {
    id: number;
    kind: ThreadKind;
    /** Pool name, or the placed field path for a pinned locus (`App.gateway`, `App.workers[2]`). */
    name: string;
    asyncIo: boolean;
    /** Requested CPU cores (affinity), if any. */
    cores: number[];
}

/** Shared process-wide flags (one Int32Array over a SharedArrayBuffer). */
export const G_SHUTDOWN = 0; // 0 running, 1 drain requested (SIGINT/SIGTERM), 2 exiting
export const G_SIGNAL = 1; // signal number that requested the drain
export const G_WORDS = 8;

export interface ThreadBoot {
    spec: ThreadSpec;
    threads: ThreadSpec[];
    /** rings[from][to] */
    rings: (RingShared | null)[][];
    doorbells: SharedArrayBuffer[];
    global: SharedArrayBuffer;
    programFile: string;
    argv: string[];
    env?: Record<string, string>;
    cwd: string;
}

// Record kinds carried by the rings.
export const R_PUB = 1;
export const R_SPAWN = 2;
export const R_SHUTDOWN = 3;
export const R_DONE = 4;
export const R_FAIL = 5;
export const R_CALL = 6;
export const R_REPLY = 7;
export const R_RESTART = 8;
export const R_FRAG = 9;
export const R_DISPOSE = 10;

export interface Ctx {
    spec: ThreadSpec;
    threads: ThreadSpec[];
    db: Int32Array;
    peerDb: Int32Array[];
    out: (RingWriter | null)[];
    inn: (RingReader | null)[];
    global: Int32Array;
    hostPort: MessagePort | null;
    writer: Writer;
    reader: Reader;
    /** The compiled program's definitions, once loaded. */
    program: any;
    argv: string[];
}

export const ctx: Ctx = {
    spec: { id: 0, kind: 'main', name: 'main', asyncIo: false, cores: [] },
    threads: [],
    db: new Int32Array(new SharedArrayBuffer(64)),
    peerDb: [],
    out: [],
    inn: [],
    global: new Int32Array(new SharedArrayBuffer(G_WORDS * 4)),
    hostPort: null,
    writer: new Writer(1 << 16),
    reader: new Reader(),
    program: null,
    argv: [],
};

export function initContext(boot: ThreadBoot, hostPort: MessagePort | null): void {
    ctx.spec = boot.spec;
    ctx.threads = boot.threads;
    ctx.db = new Int32Array(boot.doorbells[boot.spec.id]);
    ctx.peerDb = boot.doorbells.map((sab) => new Int32Array(sab));
    const me = boot.spec.id;
    ctx.out = boot.rings[me].map((r) => (r ? new RingWriter(r) : null));
    ctx.inn = boot.rings.map((row) => (row[me] ? new RingReader(row[me]!) : null));
    ctx.global = new Int32Array(boot.global);
    ctx.hostPort = hostPort;
    ctx.argv = boot.argv;
}

export function isSingleThread(): boolean {
    return ctx.threads.length <= 1;
}

export function anyIncoming(): boolean {
    const inn = ctx.inn;
    for (let i = 0; i < inn.length; i++) {
        const r = inn[i];
        if (r !== null && r.nonEmpty()) return true;
    }
    return Atomics.load(ctx.db, DB_CTL) !== 0;
}

/**
 * Park this thread until a producer rings the doorbell or `timeoutMs` passes. Returns immediately if
 * anything is already waiting. Only a parked consumer costs its producers a notify.
 *
 * While messages stream in, a consumer that catches up with its producer would park after every batch and
 * make the producer pay a futex wake per message; so a consumer first spins on its rings for a few
 * microseconds. A spin that finds nothing turns spinning off for the next parks (1, 2, 4 ... 256 of them,
 * until a spin succeeds again): on a busy machine a
 * spinning thread holds a core the thread it waits for may need (ping-pong then costs a whole spin per
 * message), and an idle thread should not burn CPU.
 */
export function park(timeoutMs: number): void {
    if (timeoutMs > 0) {
        if (spinOff === 0) {
            const end = performance.now() + SPIN_MS;
            do {
                if (anyIncoming()) {
                    spinBackoff = 1;
                    return;
                }
            } while (performance.now() < end);
            // each fruitless spin doubles the number of parks before the next try
            spinOff = spinBackoff;
            if (spinBackoff < 256) spinBackoff *= 2;
        } else spinOff--;
    }
    const db = ctx.db;
    const seq = Atomics.load(db, DB_SEQ);
    Atomics.store(db, DB_PARKED, 1);
    if (!anyIncoming() && Atomics.load(ctx.global, G_SHUTDOWN) !== 2) {
        Atomics.wait(db, DB_SEQ, seq, timeoutMs);
    }
    Atomics.store(db, DB_PARKED, 0);
}
const SPIN_MS = process.env.LOOM_SPIN_US !== undefined ? Number(process.env.LOOM_SPIN_US) / 1000 : 0.05;
let spinBackoff = 1;
let spinOff = 0;

/** Async variant for threads that must keep their event loop turning (async_io pools). */
export async function parkAsync(timeoutMs: number): Promise<void> {
    const db = ctx.db;
    const seq = Atomics.load(db, DB_SEQ);
    Atomics.store(db, DB_PARKED, 1);
    if (!anyIncoming() && Atomics.load(ctx.global, G_SHUTDOWN) !== 2) {
        const r = (Atomics as any).waitAsync(db, DB_SEQ, seq, timeoutMs);
        if (r.async) {
            // A pending waitAsync does not keep a worker's event loop alive; a timer does.
            let timer: NodeJS.Timeout | undefined;
            await Promise.race([r.value, new Promise<void>((res) => (timer = setTimeout(res, Math.max(1, timeoutMs))))]);
            clearTimeout(timer);
        }
    }
    Atomics.store(db, DB_PARKED, 0);
}

/** Begin writing a record of `len` payload bytes to thread `to`; returns [writer, offset]. */
export function sendRecord(to: number, bytes: Uint8Array, len: number, onWait?: () => void): void {
    flushStdout();
    const w = ctx.out[to];
    if (!w) throw new Error(`no ring from thread ${ctx.spec.id} to ${to}`);
    if (len <= w.maxRecord) {
        const off = w.reserve(len, onWait);
        const dst = w.u8;
        if (len <= 64) for (let i = 0; i < len; i++) dst[off + i] = bytes[i];
        else dst.set(bytes.subarray(0, len), off);
        w.commit();
    } else {
        // Fragment: [R_FRAG][u8 last][chunk...]; the consumer reassembles before decoding.
        const chunk = w.maxRecord - 2;
        for (let p = 0; p < len; p += chunk) {
            const n = Math.min(chunk, len - p);
            const off = w.reserve(n + 2, onWait);
            w.u8[off] = R_FRAG;
            w.u8[off + 1] = p + n >= len ? 1 : 0;
            w.u8.set(bytes.subarray(p, p + n), off + 2);
            w.commit();
        }
    }
    ring(ctx.peerDb[to]);
}
