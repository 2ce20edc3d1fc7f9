// Blocking calls served by the host. A Hale thread that runs code on its own stack (the main pool, a
// pinned locus, a plain cooperative pool) cannot wait for Node's asynchronous I/O: its event loop does not
// turn while Hale code runs. So a blocking std call (a TCP accept or recv, a child process's output) is
// sent to the host, whose event loop is always free, and the thread blocks on an Atomics.wait until the
// answer is written back into a shared buffer. This is the "blocking call holds the thread" semantics of
// upstream's plain pools; an async_io pool uses the non-blocking forms instead (see std/net.ts).

import { parentPort } from 'node:worker_threads';
import { flushStdout } from '../stdout.js';

const RESP_BYTES = 1 << 20;
let resp: SharedArrayBuffer | null = null;
let flag: Int32Array;
let data: Uint8Array;
let seq = 0;

export class HostCallError extends Error {
    constructor(
        public readonly code: string,
        message: string,
    ) {
        super(message);
    }
}

/** Run `op` on the host and block until it answers. */
export function hostCall(op: string, args: unknown[]): any {
    if (!parentPort) throw new Error('hostCall outside a Hale thread');
    if (!resp) {
        resp = new SharedArrayBuffer(8 + RESP_BYTES);
        flag = new Int32Array(resp, 0, 2);
        data = new Uint8Array(resp, 8);
    }
    flushStdout();
    const id = ++seq;
    Atomics.store(flag, 0, 0);
    parentPort.postMessage({ t: 'hostcall', id, op, args, resp });
    while (Atomics.load(flag, 0) === 0) Atomics.wait(flag, 0, 0, 1000);
    const len = Atomics.load(flag, 1);
    const text = Buffer.from(data.slice(0, len)).toString('utf8');
    const r = JSON.parse(text);
    if (r.err) throw new HostCallError(r.err.code ?? 'EIO', r.err.message ?? 'error');
    return r.ok;
}

/** Host side: write an answer into the caller's buffer and wake it. */
export function hostAnswer(sab: SharedArrayBuffer, value: { ok?: unknown; err?: { code: string; message: string } }): void {
    const f = new Int32Array(sab, 0, 2);
    const d = new Uint8Array(sab, 8);
    let b = Buffer.from(JSON.stringify(value), 'utf8');
    if (b.length > d.length) b = Buffer.from(JSON.stringify({ err: { code: 'E2BIG', message: 'host answer too large' } }));
    d.set(b);
    Atomics.store(f, 1, b.length);
    Atomics.store(f, 0, 1);
    Atomics.notify(f, 0);
}
