// The debug agent, preloaded into the program's host thread (`node --require debug-agent.cjs loom.cjs run
// FILE.hl`): an in-process Node inspector session relayed to the debug adapter over a pipe (newline-
// delimited JSON on the file descriptor HALE_DEBUG_AGENT_FD). In-process, a protocol round trip to a Hale
// thread takes well under a millisecond; over the inspector's WebSocket it takes ~40 ms (Nagle against
// delayed ACKs), which is what every variable, step and frame costs. No TCP port is opened either.
//
// The agent enables the debugger and `NodeWorker` (each worker waits for the adapter before it runs) at
// once, before the host compiles the program and starts its threads. The host thread itself runs no Hale
// code and is never paused, so the relay (which runs on its event loop) always answers.

import { Session } from 'node:inspector';
import { Socket } from 'node:net';
import { isMainThread } from 'node:worker_threads';
import { onJsonLines } from './json-lines.js';

function start(fd: number): void {
    const channel = new Socket({ fd, readable: true, writable: true });
    // The relay must not keep a finished program alive.
    channel.unref();
    const session = new Session();
    session.connect();
    const send = (m: object) => {
        if (!channel.destroyed) channel.write(JSON.stringify(m) + '\n');
    };
    session.on('inspectorNotification', (m) => send({ method: m.method, params: m.params }));
    session.post('Debugger.enable');
    session.post('NodeWorker.enable', { waitForDebuggerOnStart: true });
    // A worker's protocol messages reach this in-process session only when the host thread runs some JS;
    // an idle host (its loop asleep while the workers run the program) would hold a worker's `paused`
    // event or answer until something else woke it. A light timer keeps them flowing.
    setInterval(() => undefined, 10).unref();
    onJsonLines(channel, (m: { id: number; method: string; params?: object }) => {
        try {
            session.post(m.method, m.params ?? {}, (err, result) =>
                send(err ? { id: m.id, error: { message: err.message, code: (err as { code?: unknown }).code } } : { id: m.id, result: result ?? {} }),
            );
        } catch (e) {
            send({ id: m.id, error: { message: String((e as Error)?.message ?? e) } });
        }
    });
    // The adapter went away: the program must not run on undebugged with workers waiting forever.
    channel.on('close', () => {
        try {
            session.disconnect();
        } catch {
            // already disconnected
        }
    });
    channel.on('error', () => undefined);
}

// Workers inherit --require: only the host thread relays.
const fd = Number(process.env.HALE_DEBUG_AGENT_FD);
if (isMainThread && Number.isInteger(fd) && fd > 2) {
    delete process.env.HALE_DEBUG_AGENT_FD;
    start(fd);
}
