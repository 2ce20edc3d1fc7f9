// Entry point of every Hale thread (a worker_threads worker). Loads the compiled program, installs the
// per-thread runtime and runs the thread's role: the `main` pool runs `fn main()`; a pinned thread waits
// for its locus (SPAWN), runs it on its own stack and serves its mailbox; a named pool runs its loci as
// coroutines.

import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
import { pathToFileURL } from 'node:url';
import { ctx, initContext, park, type ThreadBoot } from './threads/context.js';
import { flushStdout } from './stdout.js';
import { drain } from './bus.js';
import { allSpawned, controlQueue, finishSpawned } from './placement.js';
import { installPoolScheduler, poolLoop } from './pool.js';
import { createRuntime, installProgram, runMainFn } from './boot.js';
import { St } from './locus.js';
import { nextTimerDelay, pump } from './sched.js';
import { applyAffinity } from './affinity.js';
import { loadFfiGlue } from './ffi-js.js';

const boot = workerData as ThreadBoot;
initContext(boot, parentPort as MessagePort);
if (boot.spec.cores.length) applyAffinity(boot.spec.cores);

await loadFfiGlue();
const rt = createRuntime();
const mod = await import(pathToFileURL(boot.programFile).href);
const program = mod.default(rt);
installProgram(program, mod.plan);

function stopRequested(): boolean {
    return Atomics.load(ctx.global, 0) === 2;
}

switch (boot.spec.kind) {
    case 'main': {
        runMainFn(program);
        break;
    }
    case 'pinned': {
        for (;;) {
            while (controlQueue.length) controlQueue.shift()!();
            pump();
            for (const s of allSpawned()) {
                if (s.shutdown && (s.locus === null || s.locus.$st !== St.Running)) finishSpawned(s);
            }
            if (stopRequested()) break;
            if (controlQueue.length === 0) {
                flushStdout();
                park(Math.min(1000, Math.max(0, nextTimerDelay())));
            }
        }
        drain();
        flushStdout();
        break;
    }
    case 'pool': {
        installPoolScheduler();
        await poolLoop(() => {
            for (const s of allSpawned()) {
                if (s.shutdown && (s.locus === null || s.locus.$st !== St.Running)) finishSpawned(s);
            }
            return stopRequested();
        });
        flushStdout();
        break;
    }
}
