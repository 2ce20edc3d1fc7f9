// The Chrome DevTools Protocol to the program: one session for its JS main thread (Loom's host, reached
// through the debug agent's pipe), and through its `NodeWorker` domain one session per worker thread,
// which is where every Hale thread (the main pool, each named pool, each pinned locus) runs.

import { appendFileSync } from 'node:fs';
import type { Duplex } from 'node:stream';
import { onJsonLines } from './json-lines.js';

// HALE_DAP_TRACE=FILE: append every protocol call and answer to FILE (diagnosing a stuck session).
const traceFile = process.env.HALE_DAP_TRACE;
export function trace(line: string): void {
    if (traceFile) appendFileSync(traceFile, `${Date.now() % 100000} ${line}\n`);
}

type Handler = (params: any) => void;

export class CdpError extends Error {
    constructor(
        readonly method: string,
        message: string,
        readonly code?: number,
    ) {
        super(`${method}: ${message}`);
    }
}

/** One inspector session: the main thread's, or a worker's (messages tunnelled through the main one). */
export class CdpSession {
    private nextId = 1;
    private pending = new Map<number, { method: string; resolve: (r: any) => void; reject: (e: Error) => void }>();
    private handlers = new Map<string, Set<Handler>>();
    closed = false;

    constructor(
        private readonly post: (message: string) => void,
        readonly label: string,
    ) {}

    send<T = any>(method: string, params: object = {}): Promise<T> {
        if (this.closed) return Promise.reject(new CdpError(method, `the ${this.label} session is closed`));
        const id = this.nextId++;
        trace(`> ${this.label} #${id} ${method}`);
        return new Promise<T>((resolve, reject) => {
            this.pending.set(id, { method, resolve, reject });
            try {
                this.post(JSON.stringify({ id, method, params }));
            } catch (e) {
                this.pending.delete(id);
                reject(new CdpError(method, String((e as Error)?.message ?? e)));
            }
        });
    }

    on(event: string, handler: Handler): () => void {
        let set = this.handlers.get(event);
        if (!set) this.handlers.set(event, (set = new Set()));
        set.add(handler);
        return () => set!.delete(handler);
    }

    /** Feed one incoming protocol message. */
    receive(msg: any): void {
        if (typeof msg.id === 'number') {
            const p = this.pending.get(msg.id);
            trace(`< ${this.label} #${msg.id} ${p?.method ?? '(not waited for)'}${msg.error ? ` error: ${msg.error.message}` : ''}`);
            if (!p) return;
            this.pending.delete(msg.id);
            if (msg.error) p.reject(new CdpError(p.method, msg.error.message ?? 'error', msg.error.code));
            else p.resolve(msg.result ?? {});
            return;
        }
        if (typeof msg.method === 'string') {
            if (msg.method !== 'Debugger.scriptParsed' && msg.method !== 'NodeWorker.receivedMessageFromWorker') trace(`! ${this.label} ${msg.method}`);
            for (const h of this.handlers.get(msg.method) ?? []) {
                try {
                    h(msg.params ?? {});
                } catch (e) {
                    for (const eh of this.handlers.get('$error') ?? []) eh(e);
                }
            }
        }
    }

    close(reason: string): void {
        if (this.closed) return;
        this.closed = true;
        for (const p of this.pending.values()) p.reject(new CdpError(p.method, reason));
        this.pending.clear();
    }
}

export interface WorkerAttached {
    sessionId: string;
    workerInfo: { workerId: string; type: string; title: string; url: string };
    waitingForDebugger: boolean;
}

/** The connection to the program's inspector, through the debug agent's pipe (see agent.ts). */
export class CdpConnection {
    readonly main: CdpSession;
    readonly workers = new Map<string, CdpSession>();
    private closeHandlers: ((reason: string) => void)[] = [];

    constructor(private readonly channel: Duplex) {
        this.main = new CdpSession((m) => {
            if (!channel.destroyed) channel.write(m + '\n');
        }, 'main thread');
        onJsonLines(channel, (msg) => this.receive(msg));
        channel.on('close', () => this.closed('the program ended'));
        channel.on('error', (e) => this.closed(`the debug agent's channel failed: ${e.message}`));
    }

    private receive(msg: any): void {
        if (msg.method === 'NodeWorker.receivedMessageFromWorker') {
            const s = this.workers.get(msg.params.sessionId);
            if (s) {
                try {
                    s.receive(JSON.parse(msg.params.message));
                } catch {
                    // a malformed tunnelled message: ignore it
                }
            }
            return;
        }
        if (msg.method === 'NodeWorker.detachedFromWorker') {
            const s = this.workers.get(msg.params.sessionId);
            s?.close('the worker thread ended');
        }
        this.main.receive(msg);
    }

    /** The session of a worker that `NodeWorker.attachedToWorker` announced. */
    attachWorker(a: WorkerAttached): CdpSession {
        const title = a.workerInfo.title;
        const s = new CdpSession((message) => {
            void this.main.send('NodeWorker.sendMessageToWorker', { sessionId: a.sessionId, message }).catch(() => undefined);
        }, `worker ${title}`);
        this.workers.set(a.sessionId, s);
        return s;
    }

    onClose(h: (reason: string) => void): void {
        this.closeHandlers.push(h);
    }

    private isClosed = false;
    private closed(reason: string): void {
        if (this.isClosed) return;
        this.isClosed = true;
        this.main.close(reason);
        for (const w of this.workers.values()) w.close(reason);
        for (const h of this.closeHandlers) h(reason);
    }

    close(): void {
        this.channel.destroy();
        this.closed('the debugger disconnected');
    }
}
