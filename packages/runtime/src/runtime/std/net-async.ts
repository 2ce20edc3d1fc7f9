// Sockets owned by an async_io pool thread itself: Node's event loop on that thread drives them, and the
// pool's coroutines park on the promises below (the epoll park of upstream's green-I/O pools).

import * as net from 'node:net';

interface AConn {
    sock: net.Socket;
    buf: Buffer[];
    eof: boolean;
    waiters: (() => void)[];
}

interface AListener {
    server: net.Server;
    queue: net.Socket[];
    waiters: (() => void)[];
}

const conns = new Map<number, AConn>();
const listeners = new Map<number, AListener>();
let nextId = 1000;

function wake(ws: (() => void)[]): void {
    for (const w of ws.splice(0)) w();
}

function adopt(sock: net.Socket): number {
    const id = nextId++;
    const c: AConn = { sock, buf: [], eof: false, waiters: [] };
    sock.on('data', (d) => {
        c.buf.push(d);
        wake(c.waiters);
    });
    const end = () => {
        c.eof = true;
        wake(c.waiters);
    };
    sock.on('end', end);
    sock.on('close', end);
    sock.on('error', end);
    conns.set(id, c);
    return id;
}

export const asyncNet = {
    listen(host: string, port: number): Promise<number> {
        return new Promise((resolve, reject) => {
            const l: AListener = { server: net.createServer(), queue: [], waiters: [] };
            l.server.on('connection', (s) => {
                l.queue.push(s);
                wake(l.waiters);
            });
            l.server.once('error', reject);
            l.server.listen({ host, port }, () => {
                const id = nextId++;
                listeners.set(id, l);
                resolve(id);
            });
        });
    },
    port(id: number): number {
        const l = listeners.get(id);
        return l ? (l.server.address() as net.AddressInfo).port : 0;
    },
    accept(id: number): Promise<number> {
        const l = listeners.get(id);
        if (!l) return Promise.resolve(-1);
        return new Promise((resolve) => {
            const take = () => {
                if (l.queue.length) resolve(adopt(l.queue.shift()!));
                else l.waiters.push(take);
            };
            take();
        });
    },
    /** Up to `max` bytes; an empty array at EOF. */
    recv(id: number, max: number): Promise<Uint8Array | null> {
        const c = conns.get(id);
        if (!c) return Promise.resolve(new Uint8Array(0));
        return new Promise((resolve) => {
            const take = () => {
                if (c.buf.length) {
                    const all = Buffer.concat(c.buf);
                    const out = all.subarray(0, max);
                    c.buf = out.length < all.length ? [all.subarray(out.length)] : [];
                    resolve(new Uint8Array(out));
                } else if (c.eof) resolve(new Uint8Array(0));
                else c.waiters.push(take);
            };
            take();
        });
    },
    send(id: number, b: Uint8Array): Promise<void> {
        const c = conns.get(id);
        if (!c) return Promise.resolve();
        return new Promise((resolve) => c.sock.write(b, () => resolve()));
    },
    close(id: number): number {
        const c = conns.get(id);
        if (c) {
            c.sock.end();
            conns.delete(id);
            return 0;
        }
        const l = listeners.get(id);
        if (l) {
            l.server.close();
            listeners.delete(id);
            return 0;
        }
        return -1;
    },
    isAsync(id: number): boolean {
        return conns.has(id) || listeners.has(id);
    },
};
