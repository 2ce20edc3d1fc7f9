// CPU affinity for pinned loci and pools (`pinned(core = N)`, `cores = ...`). Node has no affinity API, so
// the thread binds itself with `taskset -p` on its own OS thread id (from /proc/thread-self). Best-effort,
// as upstream: cores that do not exist are skipped, and when nothing can be applied the run log says so.

import { spawnSync } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { parentPort } from 'node:worker_threads';
import { osThreadId } from './api.js';
import { ctx } from './threads/context.js';

export interface AffinityResult {
    applied: number[];
    reason?: string;
}

function log(line: string): void {
    if (process.env.LOOM_LOG === '1' && parentPort) parentPort.postMessage({ t: 'log', line });
}

export function applyAffinity(cores: number[]): AffinityResult {
    const name = ctx.spec.name;
    const n = availableParallelism();
    const valid = cores.filter((c) => c >= 0 && c < n);
    if (process.platform !== 'linux') {
        const reason = `affinity not applied for '${name}': not supported on ${process.platform}`;
        log(reason);
        return { applied: [], reason };
    }
    if (valid.length === 0) {
        const reason = `affinity not applied for '${name}': core ${cores.join(',')} does not exist on this machine (${n} cores)`;
        log(reason);
        return { applied: [], reason };
    }
    const tid = osThreadId();
    const r = spawnSync('taskset', ['-p', '-c', valid.join(','), String(tid)], { encoding: 'utf8' });
    if (r.status !== 0) {
        const reason = `affinity not applied for '${name}': taskset failed (${(r.stderr || r.error?.message || '').trim()})`;
        log(reason);
        return { applied: [], reason };
    }
    const skipped = cores.filter((c) => !valid.includes(c));
    log(
        `thread '${name}' (tid ${tid}) bound to core ${valid.join(',')}` +
            (skipped.length ? `; core ${skipped.join(',')} skipped (machine has ${n} cores)` : ''),
    );
    return { applied: valid };
}
