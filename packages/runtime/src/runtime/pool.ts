// A named cooperative pool: one worker thread running many loci as coroutines.
//
// Code that can suspend on a pool (sleep, yield, and on a `where async_io` pool the socket calls) is
// compiled as generator functions (`function*`), chosen by the compiler from the call graph; everything
// else stays a plain function. A coroutine yields an effect (sleep for N ms, yield, await an I/O promise)
// and the pool's loop resumes it when the effect completes, running other loci's handlers and run()s in
// the meantime. Handler bodies still run to completion between their own suspension points.
//
// The loop returns to Node's event loop whenever it is idle (Atomics.waitAsync on the doorbell), so
// sockets on an async_io pool make progress on the same thread.

import { absorbIncoming, busStats as busStatsRef, drain, setCellRunner, type Sub } from './bus.js';
import { ctx, parkAsync } from './threads/context.js';
import { ringAlways } from './threads/ring.js';
import { addTimer, checkShutdown, HaleShutdown, inHookNow, nextTimerDelay, runDueTimers, shutdownRequested, SLICE_MS } from './sched.js';
import { afterRun, Locus, routeFailure, setRunStarter, St } from './locus.js';
import { controlQueue } from './placement.js';
import { flushStdout } from './stdout.js';

export const EFF_SLEEP = 1;
export const EFF_YIELD = 2;
export const EFF_AWAIT = 3;

export interface Effect {
    k: number;
    ms?: number;
    p?: Promise<unknown>;
}

interface Task {
    /** This coroutine has had its one suspension point after a drain request (see checkShutdown). */
    cut: boolean;
    gen: Generator<Effect, unknown, unknown>;
    locus: any;
    isRun: boolean;
    resume: unknown;
    error: unknown;
    hasError: boolean;
    onDone: (() => void) | null;
}

const ready: Task[] = [];
let live = 0;

function isGen(v: any): v is Generator<Effect, unknown, unknown> {
    return v !== null && typeof v === 'object' && typeof v.next === 'function' && typeof v.throw === 'function';
}

export function spawnTask(
    gen: Generator<Effect, unknown, unknown>,
    locus: any,
    isRun: boolean,
    onDone: (() => void) | null = null,
): void {
    live++;
    const t: Task = { cut: false, gen, locus, isRun, resume: undefined, error: undefined, hasError: false, onDone };
    step(t);
}

function finish(t: Task): void {
    live--;
    if (t.onDone) t.onDone();
}

let current: Task | null = null;

function step(t: Task): void {
    let r: IteratorResult<Effect, unknown>;
    current = t;
    try {
        if (t.hasError) {
            t.hasError = false;
            r = t.gen.throw(t.error);
        } else r = t.gen.next(t.resume);
    } catch (e) {
        current = null;
        finish(t);
        if (e instanceof HaleShutdown) return; // a run() or handler that ignored the drain request ends here
        if (t.locus) routeFailure(t.locus, e);
        else throw e;
        return;
    }
    current = null;
    if (r.done) {
        finish(t);
        return;
    }
    const eff = r.value;
    t.resume = undefined;
    switch (eff.k) {
        case EFF_SLEEP:
            addTimer(eff.ms ?? 0, () => ready.push(t));
            break;
        case EFF_YIELD:
            ready.push(t);
            break;
        case EFF_AWAIT:
            eff.p!.then(
                (v) => {
                    t.resume = v;
                    ready.push(t);
                    ringAlways(ctx.db);
                },
                (err) => {
                    t.error = err;
                    t.hasError = true;
                    ready.push(t);
                    ringAlways(ctx.db);
                },
            );
            break;
        default:
            ready.push(t);
    }
}

/** Effects compiled generator code yields. Shared objects: an effect is consumed before the next one. */
const yieldEff: Effect = { k: EFF_YIELD };
export function* gsleepMs(ms: number): Generator<Effect, void, unknown> {
    // Slice like the blocking form so a long sleep never outlives a drain request by more than 100 ms.
    const deadline = performance.now() + ms;
    if (shutdownRequested() && checkShutdown(current ?? undefined)) return;
    for (;;) {
        const rem = deadline - performance.now();
        if (rem <= 0) return;
        yield { k: EFF_SLEEP, ms: Math.min(rem, SLICE_MS) };
        if (shutdownRequested() && !inHookNow()) return; // the drain request cuts a sleep in progress short
    }
}
export function* gsleepNs(ns: number | bigint): Generator<Effect, void, unknown> {
    yield* gsleepMs(Number(ns) / 1e6);
}
export function* gyield(): Generator<Effect, void, unknown> {
    if (shutdownRequested()) checkShutdown(current ?? undefined);
    yield yieldEff;
}
export function* gawait<T>(p: Promise<T>): Generator<Effect, T, unknown> {
    return (yield { k: EFF_AWAIT, p }) as T;
}

/** Start a locus's run() as its own coroutine (the pool's "run cell"). */
function startRunTask(o: Locus): void {
    if (o.$st >= St.Draining) return;
    o.$st = St.Running;
    const g = (o as any).$g_run;
    const done = () => {
        if (o.$st === St.Running) o.$st = St.Ran;
        afterRun(o);
    };
    let r: unknown;
    try {
        r = g ? g.call(o) : (o as any).run();
    } catch (e) {
        routeFailure(o, e);
        done();
        return;
    }
    if (isGen(r)) spawnTask(r, o, true, done);
    else done();
}

export function installPoolScheduler(): void {
    setRunStarter(startRunTask);
    setCellRunner((s: Sub, payload: any) => {
        const h = (s.locus && (s.locus as any)['$g_' + s.handler.name]) || s.handler;
        const r = h.call(s.locus, payload);
        if (isGen(r)) spawnTask(r, s.locus, false);
    });
}

/** The pool's main loop. Returns when the host tells the thread to stop. */
export async function poolLoop(stop: () => boolean): Promise<void> {
    for (;;) {
        while (controlQueue.length) controlQueue.shift()!();
        absorbIncoming();
        drain();
        runDueTimers();
        let n = ready.length;
        while (n-- > 0) {
            const t = ready.shift()!;
            step(t);
        }
        drain();
        if (process.env.LOOM_DEBUG) process.stderr.write(`[pool ${ctx.spec.name}] ${JSON.stringify(busStatsRef)} ready=${ready.length}\n`);
        if (stop()) return;
        if (ready.length === 0 && controlQueue.length === 0) {
            flushStdout();
            const d = nextTimerDelay();
            await parkAsync(Math.max(0, Math.min(d, 1000)));
        } else if (ctx.spec.asyncIo) {
            // Let socket callbacks run between rounds of ready coroutines.
            await new Promise<void>((res) => setImmediate(res));
        }
    }
}

export function liveTasks(): number {
    return live;
}
