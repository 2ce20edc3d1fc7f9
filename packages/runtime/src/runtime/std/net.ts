// std::io::tcp and std::io::udp. Sockets are integer handles (upstream passes fds). On a thread that runs
// Hale code on its own stack the calls block (served by the host, see threads/hostcall.ts); on a
// `where async_io` pool the compiled code calls the `$g_` forms, which park the coroutine instead.

import { HaleFail } from '../errors.js';
import { hostCall, HostCallError } from '../threads/hostcall.js';
import { ioError, ioErrorKind, syscallCount } from './sys.js';
import { BytesBuilder, type Natives } from './core.js';
import { gawait, type Effect } from '../pool.js';
import { asyncNet } from './net-async.js';
import { fromUtf8, utf8 } from '../values/strings.js';
import type { Int } from '../values/int.js';

function host(op: string, args: unknown[], path = ''): any {
    try {
        return hostCall(op, args);
    } catch (e) {
        if (e instanceof HostCallError) throw ioError(e, path);
        throw e;
    }
}

function ms(d: Int): number {
    return Math.round(Number(d) / 1e6);
}

let lastHost = '0.0.0.0';
let lastPort = 0;

export function registerNet(n: Natives): void {
    // ------------------------------------------------------------------------------- tcp
    n.set('std::io::tcp::listen_socket', (h: string, p: Int) => host('tcp.listen', [h, Number(p)], `${h}:${p}`));
    n.set('std::io::tcp::connect', (h: string, p: Int) => host('tcp.connect', [h, Number(p)], `${h}:${p}`));
    n.set('std::io::tcp::accept_one', (l: Int) => {
        const c = host('tcp.accept', [Number(l), 0]);
        if (c < 0) throw ioErrorKind('closed');
        return c;
    });
    n.set('std::io::tcp::__listen_socket', (h: string, p: Int) => {
        try {
            return hostCall('tcp.listen', [h, Number(p)]);
        } catch {
            return -1;
        }
    });
    n.set('std::io::tcp::__connect', (h: string, p: Int) => {
        try {
            return hostCall('tcp.connect', [h, Number(p)]);
        } catch {
            return -1;
        }
    });
    n.set('std::io::tcp::__accept_one', (l: Int) => {
        try {
            return hostCall('tcp.accept', [Number(l), 0]);
        } catch {
            return -1;
        }
    });
    n.set('std::io::tcp::local_port', (l: Int) => (asyncNet.isAsync(Number(l)) ? asyncNet.port(Number(l)) : host('tcp.local_port', [Number(l)])));
    n.set('std::io::tcp::set_recv_timeout', (fd: Int, d: Int) => {
        host('tcp.set_recv_timeout', [Number(fd), ms(d)]);
    });
    n.set('std::io::tcp::set_send_timeout', () => {});
    n.set('std::io::tcp::set_nodelay', (fd: Int, on: boolean) => {
        host('tcp.set_nodelay', [Number(fd), on]);
        nodelay.set(Number(fd), on);
    });
    n.set('std::io::tcp::recv_into', (fd: Int, b: BytesBuilder, max: Int) => {
        syscallCount.read++;
        let r: any;
        try {
            r = hostCall('tcp.recv', [Number(fd), Number(max)]);
        } catch {
            return -1;
        }
        if (r.timeout) return -2;
        const data = Buffer.from(r.data, 'base64');
        if (data.length === 0) return 0;
        b.append(new Uint8Array(data));
        return data.length;
    });
    n.set('std::io::tcp::recv_bytes', (fd: Int, max: Int) => {
        syscallCount.read++;
        const r = host('tcp.recv', [Number(fd), Number(max)]);
        if (r.timeout) return new Uint8Array(0);
        return new Uint8Array(Buffer.from(r.data, 'base64'));
    });
    n.set('std::io::tcp::recv', (fd: Int, max: Int) => {
        syscallCount.read++;
        const r = host('tcp.recv', [Number(fd), Number(max)]);
        if (r.timeout) return '';
        return Buffer.from(r.data, 'base64').toString('utf8');
    });
    n.set('std::io::tcp::send_fd', (fd: Int, b: Uint8Array) => {
        syscallCount.write++;
        host('tcp.send', [Number(fd), Buffer.from(b).toString('base64')]);
    });
    n.set('std::io::tcp::send_str', (fd: Int, s: string) => {
        syscallCount.write++;
        host('tcp.send', [Number(fd), utf8(s).toString('base64')]);
    });
    n.set('std::io::tcp::__close_fd', (fd: Int) => (n.get('std::io::tcp::close_fd') as (fd: Int) => number)(fd));
    n.set('std::io::tcp::__send', (fd: Int, s: string) => (n.get('std::io::tcp::send_str') as (fd: Int, s: string) => void)(fd, s));
    n.set('std::io::tcp::close_fd', (fd: Int) => {
        if (asyncNet.isAsync(Number(fd))) return asyncNet.close(Number(fd));
        try {
            return hostCall('tcp.close', [Number(fd)]);
        } catch {
            return -1;
        }
    });

    // async_io forms (generators): park the coroutine until the socket is ready
    n.set('$g:std::io::tcp::listen_socket', function* (h: string, p: Int): Generator<Effect, number, unknown> {
        return yield* gawait(asyncNet.listen(h, Number(p)));
    });
    n.set('$g:std::io::tcp::accept_one', function* (l: Int): Generator<Effect, number, unknown> {
        return yield* gawait(asyncNet.accept(Number(l)));
    });
    n.set('$g:std::io::tcp::recv', function* (fd: Int, max: Int): Generator<Effect, string, unknown> {
        syscallCount.read++;
        const b = yield* gawait(asyncNet.recv(Number(fd), Number(max)));
        return b === null ? '' : fromUtf8(b);
    });
    n.set('$g:std::io::tcp::recv_bytes', function* (fd: Int, max: Int): Generator<Effect, Uint8Array, unknown> {
        syscallCount.read++;
        const b = yield* gawait(asyncNet.recv(Number(fd), Number(max)));
        return b ?? new Uint8Array(0);
    });
    n.set('$g:std::io::tcp::recv_into', function* (fd: Int, bb: BytesBuilder, max: Int): Generator<Effect, number, unknown> {
        syscallCount.read++;
        const b = yield* gawait(asyncNet.recv(Number(fd), Number(max)));
        if (b === null) return -2;
        if (b.length) bb.append(b);
        return b.length;
    });
    n.set('$g:std::io::tcp::send_str', function* (fd: Int, s: string): Generator<Effect, void, unknown> {
        syscallCount.write++;
        yield* gawait(asyncNet.send(Number(fd), utf8(s)));
    });
    n.set('$g:std::io::tcp::send_fd', function* (fd: Int, b: Uint8Array): Generator<Effect, void, unknown> {
        syscallCount.write++;
        yield* gawait(asyncNet.send(Number(fd), b));
    });

    // ------------------------------------------------------------------------------- udp
    n.set('std::io::udp::bind', (h: string, p: Int) => host('udp.bind', [h, Number(p)], `${h}:${p}`));
    n.set('std::io::udp::close', (fd: Int) => {
        try {
            return hostCall('udp.close', [Number(fd)]);
        } catch {
            return -1;
        }
    });
    n.set('std::io::udp::set_recv_timeout', (fd: Int, d: Int) => {
        host('udp.set_recv_timeout', [Number(fd), ms(d)]);
    });
    n.set('std::io::udp::set_send_timeout', () => {});
    n.set('std::io::udp::recv_into', (fd: Int, b: BytesBuilder, max: Int) => {
        let r: any;
        try {
            r = hostCall('udp.recv', [Number(fd), Number(max)]);
        } catch {
            return -1;
        }
        if (r.timeout) return -2;
        const data = Buffer.from(r.data, 'base64');
        lastHost = r.host;
        lastPort = r.port;
        b.append(new Uint8Array(data));
        return data.length;
    });
    // `recv(fd, max)`: one datagram as Bytes; no datagram before the socket's timeout is an IoError
    n.set('std::io::udp::recv', (fd: Int, max: Int) => {
        const r = host('udp.recv', [Number(fd), Number(max)]);
        if (r.timeout) throw ioErrorKind('timeout', '', 11);
        lastHost = r.host;
        lastPort = r.port;
        return new Uint8Array(Buffer.from(r.data, 'base64'));
    });
    n.set('std::io::udp::send_to', (fd: Int, h: string, p: Int, b: Uint8Array) => {
        syscallCount.sendto++;
        host('udp.send', [Number(fd), h, Number(p), Buffer.from(b).toString('base64')]);
    });
    n.set('std::io::udp::join_group', (fd: Int, g: string, iface: string) => {
        const first = Number(g.split('.')[0]);
        if (!(first >= 224 && first <= 239)) throw ioErrorKind('invalid', g, 22);
        host('udp.join', [Number(fd), g, iface]);
    });
    n.set('std::io::udp::leave_group', (fd: Int, g: string, iface: string) => {
        host('udp.leave', [Number(fd), g, iface]);
    });
    n.set('std::io::udp::last_source_host', () => lastHost);
    n.set('std::io::udp::last_source_port', () => lastPort);
    const nodelay = new Map<number, boolean>();
    n.set('std::io::udp::get_option_int', (fd: Int, level: Int, opt: Int) => {
        if (Number(level) === 6 && Number(opt) === 1) return nodelay.get(Number(fd)) ? 1 : 0;
        return 0;
    });
    n.set('std::io::udp::set_option_int', () => {});

    // ------------------------------------------------------------------------------- tls
    const noTls = (what: string) => () => {
        throw new HaleFail(ioErrorKind('tls_unavailable', what).payload, 'IoError');
    };
    n.set('std::io::tls::connect', noTls('tls connect'));
    n.set('std::io::tls::upgrade', noTls('tls upgrade'));
    n.set('std::io::tls::send_bytes', () => -1);
    n.set('std::io::tls::recv_bytes', () => new Uint8Array(0));
    n.set('std::io::tls::close', () => {});
}
