// The host's side of blocking std calls (see threads/hostcall.ts): child processes and sockets live here,
// on the one thread whose event loop is always free, and Hale threads hold integer handles to them.

import { spawn, type ChildProcess } from 'node:child_process';
import * as net from 'node:net';
import * as dgram from 'node:dgram';

interface Proc {
    p: ChildProcess;
    out: Buffer[];
    err: Buffer[];
    exit: number | null;
    waiters: (() => void)[];
}

interface Conn {
    sock: net.Socket;
    buf: Buffer[];
    eof: boolean;
    error: string | null;
    waiters: (() => void)[];
    recvTimeoutMs: number;
}

interface Listener {
    server: net.Server;
    queue: net.Socket[];
    waiters: (() => void)[];
    port: number;
    closed: boolean;
}

interface Udp {
    sock: dgram.Socket;
    queue: { msg: Buffer; host: string; port: number }[];
    waiters: (() => void)[];
    recvTimeoutMs: number;
}

const procs = new Map<number, Proc>();
const conns = new Map<number, Conn>();
const listeners = new Map<number, Listener>();
const udps = new Map<number, Udp>();
let nextId = 3; // look like fds: 0-2 are taken

function wake(ws: (() => void)[]): void {
    const l = ws.splice(0);
    for (const w of l) w();
}

function waitFor(ws: (() => void)[], ready: () => boolean, timeoutMs: number): Promise<boolean> {
    if (ready()) return Promise.resolve(true);
    return new Promise((resolve) => {
        let timer: NodeJS.Timeout | null = null;
        const check = () => {
            if (ready()) {
                if (timer) clearTimeout(timer);
                resolve(true);
            } else ws.push(check);
        };
        if (timeoutMs > 0) timer = setTimeout(() => resolve(false), timeoutMs);
        ws.push(check);
    });
}

function err(code: string, message: string): Error {
    const e = new Error(message) as Error & { code: string };
    e.code = code;
    return e;
}

function adoptSocket(sock: net.Socket): number {
    const id = nextId++;
    const c: Conn = { sock, buf: [], eof: false, error: null, waiters: [], recvTimeoutMs: 0 };
    sock.on('data', (d) => {
        c.buf.push(d);
        wake(c.waiters);
    });
    sock.on('end', () => {
        c.eof = true;
        wake(c.waiters);
    });
    sock.on('error', (e: any) => {
        c.error = e.code ?? 'EIO';
        c.eof = true;
        wake(c.waiters);
    });
    sock.on('close', () => {
        c.eof = true;
        wake(c.waiters);
    });
    conns.set(id, c);
    return id;
}

export async function handleHostCall(op: string, a: any[]): Promise<unknown> {
    switch (op) {
        // --------------------------------------------------------------------------- processes
        case 'proc.spawn': {
            const argv: string[] = a[0];
            return await new Promise((resolve, reject) => {
                const p = spawn(argv[0], argv.slice(1), { stdio: ['pipe', 'pipe', 'pipe'], detached: true });
                const id = nextId++;
                const pr: Proc = { p, out: [], err: [], exit: null, waiters: [] };
                procs.set(id, pr);
                p.stdout!.on('data', (d: Buffer) => {
                    pr.out.push(d);
                    wake(pr.waiters);
                });
                p.stderr!.on('data', (d: Buffer) => pr.err.push(d));
                p.on('exit', (code, sig) => {
                    pr.exit = code ?? (sig ? 128 + 9 : 0);
                    wake(pr.waiters);
                });
                p.stdin!.on('error', () => {});
                p.on('error', (e: any) => {
                    pr.exit = 127;
                    wake(pr.waiters);
                    void e;
                });
                p.on('spawn', () => resolve(id));
                p.on('error', () => resolve(id));
                void reject;
            });
        }
        case 'proc.wait': {
            const pr = procs.get(a[0]);
            if (!pr) throw err('ECHILD', 'no such child');
            await waitFor(pr.waiters, () => pr.exit !== null, 0);
            return pr.exit;
        }
        case 'proc.try_wait': {
            const pr = procs.get(a[0]);
            if (!pr) throw err('ECHILD', 'no such child');
            return pr.exit === null ? -2 : pr.exit;
        }
        case 'proc.kill': {
            const pr = procs.get(a[0]);
            if (!pr) return null;
            try {
                if (pr.p.pid) process.kill(-pr.p.pid, 'SIGTERM');
            } catch {
                /* gone */
            }
            await waitFor(pr.waiters, () => pr.exit !== null, 100);
            if (pr.exit === null) {
                try {
                    if (pr.p.pid) process.kill(-pr.p.pid, 'SIGKILL');
                } catch {
                    /* gone */
                }
                await waitFor(pr.waiters, () => pr.exit !== null, 1000);
            }
            return null;
        }
        case 'proc.write_stdin': {
            const pr = procs.get(a[0]);
            if (!pr) throw err('ECHILD', 'no such child');
            pr.p.stdin!.write(a[1]);
            return Buffer.byteLength(a[1]);
        }
        case 'proc.close_stdin': {
            procs.get(a[0])?.p.stdin!.end();
            return null;
        }
        case 'proc.read_stdout':
        case 'proc.read_stderr': {
            const pr = procs.get(a[0]);
            if (!pr) throw err('ECHILD', 'no such child');
            const which = op === 'proc.read_stdout' ? 'out' : 'err';
            const s = Buffer.concat(pr[which]).toString('utf8');
            pr[which] = [];
            return s;
        }
        // ------------------------------------------------------------------------------- tcp
        case 'tcp.listen': {
            const [host, port] = a as [string, number];
            return await new Promise((resolve, reject) => {
                const l: Listener = { server: net.createServer(), queue: [], waiters: [], port: 0, closed: false };
                l.server.on('connection', (s) => {
                    l.queue.push(s);
                    wake(l.waiters);
                });
                l.server.once('error', (e) => reject(e));
                l.server.listen({ host, port, exclusive: true }, () => {
                    const id = nextId++;
                    l.port = (l.server.address() as net.AddressInfo).port;
                    listeners.set(id, l);
                    resolve(id);
                });
            });
        }
        case 'tcp.local_port':
            return listeners.get(a[0])?.port ?? 0;
        case 'tcp.accept': {
            const l = listeners.get(a[0]);
            if (!l) throw err('EBADF', 'not a listening socket');
            const ok = await waitFor(l.waiters, () => l.queue.length > 0 || l.closed, a[1] ?? 0);
            if (!ok || l.queue.length === 0) return -1;
            return adoptSocket(l.queue.shift()!);
        }
        case 'tcp.connect': {
            const [host, port] = a as [string, number];
            return await new Promise((resolve, reject) => {
                const s = net.connect({ host, port });
                s.once('connect', () => {
                    s.removeAllListeners('error');
                    resolve(adoptSocket(s));
                });
                s.once('error', (e) => reject(e));
            });
        }
        case 'tcp.recv': {
            const c = conns.get(a[0]);
            if (!c) throw err('EBADF', 'bad socket');
            const max: number = a[1];
            const timeout = a[2] ?? c.recvTimeoutMs;
            const ok = await waitFor(c.waiters, () => c.buf.length > 0 || c.eof, timeout);
            if (!ok) return { timeout: true };
            if (c.buf.length === 0) {
                if (c.error) throw err(c.error, 'recv failed');
                return { data: '' };
            }
            const all = Buffer.concat(c.buf);
            const take = all.subarray(0, max);
            c.buf = take.length < all.length ? [all.subarray(take.length)] : [];
            return { data: take.toString('base64') };
        }
        case 'tcp.send': {
            const c = conns.get(a[0]);
            if (!c) throw err('EBADF', 'bad socket');
            if (c.error) throw err(c.error, 'send failed');
            await new Promise<void>((resolve) => c.sock.write(Buffer.from(a[1], 'base64'), () => resolve()));
            return null;
        }
        case 'tcp.set_recv_timeout': {
            const c = conns.get(a[0]);
            if (c) c.recvTimeoutMs = a[1];
            return null;
        }
        case 'tcp.set_nodelay': {
            conns.get(a[0])?.sock.setNoDelay(!!a[1]);
            return null;
        }
        case 'tcp.close': {
            const c = conns.get(a[0]);
            if (c) {
                c.sock.end();
                c.sock.destroy();
                conns.delete(a[0]);
                return 0;
            }
            const l = listeners.get(a[0]);
            if (l) {
                l.closed = true;
                l.server.close();
                wake(l.waiters);
                listeners.delete(a[0]);
                return 0;
            }
            return -1;
        }
        // ------------------------------------------------------------------------------- udp
        case 'udp.bind': {
            const [host, port] = a as [string, number];
            return await new Promise((resolve, reject) => {
                const sock = dgram.createSocket({ type: 'udp4', reuseAddr: true });
                const u: Udp = { sock, queue: [], waiters: [], recvTimeoutMs: 0 };
                sock.on('message', (msg, rinfo) => {
                    u.queue.push({ msg, host: rinfo.address, port: rinfo.port });
                    wake(u.waiters);
                });
                sock.once('error', reject);
                sock.bind(port, host, () => {
                    const id = nextId++;
                    udps.set(id, u);
                    resolve(id);
                });
            });
        }
        case 'udp.recv': {
            const u = udps.get(a[0]);
            if (!u) throw err('EBADF', 'bad socket');
            const ok = await waitFor(u.waiters, () => u.queue.length > 0, a[2] ?? u.recvTimeoutMs);
            if (!ok) return { timeout: true };
            const m = u.queue.shift()!;
            return { data: m.msg.subarray(0, a[1]).toString('base64'), host: m.host, port: m.port };
        }
        case 'udp.set_recv_timeout': {
            const u = udps.get(a[0]);
            if (u) u.recvTimeoutMs = a[1];
            return null;
        }
        case 'udp.join': {
            const u = udps.get(a[0]);
            if (!u) throw err('EBADF', 'bad socket');
            u.sock.addMembership(a[1], a[2] || undefined);
            return null;
        }
        case 'udp.leave': {
            const u = udps.get(a[0]);
            if (!u) throw err('EBADF', 'bad socket');
            u.sock.dropMembership(a[1], a[2] || undefined);
            return null;
        }
        case 'udp.send': {
            const u = udps.get(a[0]);
            if (!u) throw err('EBADF', 'bad socket');
            await new Promise<void>((resolve, reject) => u.sock.send(Buffer.from(a[3], 'base64'), a[2], a[1], (e) => (e ? reject(e) : resolve())));
            return null;
        }
        case 'udp.close': {
            const u = udps.get(a[0]);
            if (!u) return -1;
            u.sock.close();
            udps.delete(a[0]);
            return 0;
        }
        // ------------------------------------------------------------------------ unix binding
        case 'unix.listen': {
            const path: string = a[0];
            return await new Promise((resolve, reject) => {
                const server = net.createServer();
                server.once('error', reject);
                server.listen(path, () => {
                    server.unref();
                    resolve(nextId++);
                });
            });
        }
        case 'unix.connect': {
            const path: string = a[0];
            const deadline = Date.now() + 1000;
            for (;;) {
                try {
                    await new Promise<void>((resolve, reject) => {
                        const s = net.connect(path, () => {
                            s.unref();
                            resolve();
                        });
                        s.once('error', reject);
                    });
                    return nextId++;
                } catch (e) {
                    if (Date.now() > deadline) throw e;
                    await new Promise((r) => setTimeout(r, 5));
                }
            }
        }
        default:
            throw err('ENOSYS', `unknown host call ${op}`);
    }
}
