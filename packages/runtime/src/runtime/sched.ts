// Scheduling primitives for a thread that runs Hale code directly on its stack: the `main` pool and every
// pinned locus. (Named cooperative pools run their loci as coroutines instead: see pool.ts.)
//
// `std::time::sleep` blocks the thread in slices of at most 100 ms and runs the thread's pending bus work
// between slices, so a handler on a co-resident locus keeps firing while another locus sleeps; a message
// from another thread wakes the sleeper early (the doorbell), its handler runs, and the sleep resumes until
// the full duration has passed. The timer heap drives closure epochs and quarantine timeouts during sleeps.

import { absorbIncoming, drain, queueLength } from './bus.js';
import { anyIncoming, ctx, G_SHUTDOWN, park } from './threads/context.js';
import { flushStdout } from './stdout.js';

export const SLICE_MS = 100;

/**
 * Unwinds the code running on a thread when a SIGINT/SIGTERM drain request is ignored: see `checkShutdown`.
 * The innermost run() on the stack ends there; the drain cascade then runs as after a normal end of run.
 */
export class HaleShutdown {
    constructor(public readonly signal: number) {}
}

export function shutdownRequested(): boolean {
    return Atomics.load(ctx.global, G_SHUTDOWN) !== 0;
}

/**
 * SIGINT/SIGTERM asked the program to drain. A sleep already in progress ends early, so a
 * `while !self.draining { sleep(..) }` loop sees the flag at once and finishes its work. A suspension point
 * (sleep, yield) reached after the request returns at once the first time on a thread (on a pool: in a
 * coroutine), for code that sleeps before it checks the flag; code that suspends again without winding
 * down is unwound (HaleShutdown) so the drain cascade can run. Sleeps inside drain()/dissolve() hooks are
 * part of the drain and run in full.
 */
export function checkShutdown(holder: { cut: boolean } = thread): boolean {
    if (Atomics.load(ctx.global, G_SHUTDOWN) !== 1 || hookDepth > 0) return false;
    if (!holder.cut) {
        holder.cut = true;
        return true;
    }
    throw new HaleShutdown(Atomics.load(ctx.global, 1));
}
const thread = { cut: false };
let hookDepth = 0;

export function inHookNow(): boolean {
    return hookDepth > 0;
}

/** Run a drain()/dissolve() hook: suspension points inside it are not cut short by a drain request. */
export function inHook(fn: () => void): void {
    hookDepth++;
    try {
        fn();
    } finally {
        hookDepth--;
    }
}

// ------------------------------------------------------------------------------------------ timers

interface Timer {
    at: number;
    fn: () => void;
    cancelled: boolean;
}
const timers: Timer[] = [];

function heapPush(t: Timer): void {
    timers.push(t);
    let i = timers.length - 1;
    while (i > 0) {
        const p = (i - 1) >> 1;
        if (timers[p].at <= t.at) break;
        timers[i] = timers[p];
        i = p;
    }
    timers[i] = t;
}

function heapPop(): Timer {
    const top = timers[0];
    const last = timers.pop()!;
    if (timers.length > 0) {
        let i = 0;
        const n = timers.length;
        for (;;) {
            const l = 2 * i + 1;
            if (l >= n) break;
            const r = l + 1;
            const c = r < n && timers[r].at < timers[l].at ? r : l;
            if (timers[c].at >= last.at) break;
            timers[i] = timers[c];
            i = c;
        }
        timers[i] = last;
    }
    return top;
}

/** Schedule `fn` to run on this thread `ms` from now (at a drain point). */
export function addTimer(ms: number, fn: () => void): { cancel(): void } {
    const t: Timer = { at: performance.now() + ms, fn, cancelled: false };
    heapPush(t);
    return {
        cancel() {
            t.cancelled = true;
        },
    };
}

export function nextTimerDelay(): number {
    while (timers.length && timers[0].cancelled) heapPop();
    return timers.length ? timers[0].at - performance.now() : Infinity;
}

export function runDueTimers(): void {
    const now = performance.now();
    while (timers.length && timers[0].at <= now) {
        const t = heapPop();
        if (!t.cancelled) t.fn();
    }
}

export function hasTimers(): boolean {
    return nextTimerDelay() !== Infinity;
}

// ------------------------------------------------------------------------------------- drain points

/** A drain point: run due timers and pending bus cells (including what other threads sent). */
export function pump(nested = false): void {
    if (timers.length) runDueTimers();
    drain(nested);
}

/** `yield;` — let the bus catch up. */
export function yieldNow(): void {
    pump(true);
    if (shutdownRequested()) checkShutdown();
}

/** `std::time::sleep(d)` with `d` in nanoseconds. */
export function sleepNs(ns: number | bigint): void {
    const ms = Number(ns) / 1e6;
    sleepMs(ms);
}

export function sleepMs(ms: number): void {
    flushStdout();
    const deadline = performance.now() + (ms > 0 ? ms : 0);
    if (shutdownRequested() && checkShutdown()) return;
    pump(true);
    for (;;) {
        if (shutdownRequested() && hookDepth === 0) break; // the drain request cuts a sleep in progress short
        const now = performance.now();
        const remaining = deadline - now;
        if (remaining <= 0) break;
        let wait = Math.min(remaining, SLICE_MS, nextTimerDelay());
        if (wait < 0) wait = 0;
        if (queueLength() === 0) park(wait);
        pump(true);
    }
}

/**
 * Block until `done()` holds, keeping this thread's bus serviced (used while joining workers). Messages
 * that arrive are delivered to this thread's handlers.
 */
export function waitUntil(done: () => boolean, serviceBus = true): void {
    while (!done()) {
        if (serviceBus) pump();
        else absorbIncoming();
        if (done()) break;
        if (!anyIncoming()) park(Math.min(SLICE_MS, Math.max(0, nextTimerDelay())));
    }
}
