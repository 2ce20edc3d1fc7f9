// std::time, std::env, std::process, std::diag, std::os, std::rand, std::term, std::io::{fs,file,stdin,stdout}.

import * as fs from 'node:fs';
import { randomBytes } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { hostCall, HostCallError } from '../threads/hostcall.js';
import { HaleFail } from '../errors.js';
import { makeError, makeRecord } from '../helpers.js';
import { sleepNs } from '../sched.js';
import { exitProcess } from '../boot.js';
import { flushStdout, writeOutBytes } from '../stdout.js';
import { ctx } from '../threads/context.js';
import { MAX_SAFE, type Int } from '../values/int.js';
import { utf8 } from '../values/strings.js';
import type { Natives } from './core.js';

const ERRNO_KIND: Record<string, string> = {
    ENOENT: 'not_found',
    EACCES: 'permission_denied',
    EPERM: 'permission_denied',
    EISDIR: 'is_dir',
    ENOTDIR: 'not_dir',
    EEXIST: 'already_exists',
    EAGAIN: 'would_block',
    ECONNREFUSED: 'connection_refused',
    ETIMEDOUT: 'timeout',
    EHOSTUNREACH: 'host_unreachable',
    EPIPE: 'broken_pipe',
    EINTR: 'interrupted',
    EINVAL: 'invalid',
    ENOTEMPTY: 'not_empty',
    EADDRINUSE: 'addr_in_use',
    ECONNRESET: 'connection_reset',
};
const ERRNO_NUM: Record<string, number> = {
    ENOENT: 2,
    EACCES: 13,
    EPERM: 1,
    EISDIR: 21,
    ENOTDIR: 20,
    EEXIST: 17,
    EAGAIN: 11,
    ECONNREFUSED: 111,
    ETIMEDOUT: 110,
    EHOSTUNREACH: 113,
    EPIPE: 32,
    EINTR: 4,
    EINVAL: 22,
    ENOTEMPTY: 39,
    EADDRINUSE: 98,
    ECONNRESET: 104,
};

export function ioError(e: any, path = ''): HaleFail {
    const code = e && e.code ? String(e.code) : 'EIO';
    return new HaleFail(makeError('IoError', { kind: ERRNO_KIND[code] ?? 'io', errno: ERRNO_NUM[code] ?? 5, path }), 'IoError');
}

export function ioErrorKind(kind: string, path = '', errno = 0): HaleFail {
    return new HaleFail(makeError('IoError', { kind, errno, path }), 'IoError');
}

function wrap<T>(path: string, f: () => T): T {
    try {
        return f();
    } catch (e) {
        throw ioError(e, path);
    }
}


/** Allocations the runtime makes on a program's behalf (buffers it grows or creates), for std::diag. */
/** Upstream's wrapped syscalls, counted for `std::diag::syscall_count`. */
export const syscallCount: Record<string, number> = { recv: 0, recvmsg: 0, read: 0, write: 0, send: 0, sendto: 0 };

export const allocCount = { n: 0 };

function bigOrNum(b: bigint): Int {
    return b <= BigInt(MAX_SAFE) && b >= -BigInt(MAX_SAFE) ? Number(b) : b;
}

function argvOf(s: string): string[] {
    return s.split('\n').filter((x, i) => i === 0 || x.length > 0);
}

function host(op: string, args: unknown[], path = ''): any {
    try {
        return hostCall(op, args);
    } catch (e) {
        if (e instanceof HostCallError) throw ioError(e, path);
        throw e;
    }
}

export function registerSys(n: Natives): void {
    // ------------------------------------------------------------------------------- std::time
    // CLOCK_MONOTONIC is process-wide, so Durations taken on different threads compare.
    n.set('std::time::monotonic', () => bigOrNum(process.hrtime.bigint()));
    n.set('std::time::monotonic_ns', () => bigOrNum(process.hrtime.bigint()));
    n.set('std::time::sleep', (d: Int) => sleepNs(d));
    n.set('std::time::now', () => Math.floor(Date.now() / 1000));
    n.set('std::time::now_ms', () => Date.now());
    n.set('std::time::time_from_unix', (s: Int) => new Date(Number(s) * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z'));
    n.set('std::time::parse_iso8601', (s: string) => {
        const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.\d+)?Z$/.exec(s);
        if (!m) throw new HaleFail(makeError('ParseError', { kind: 'parse_iso8601', input: s }), 'ParseError');
        return Math.floor(Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6]) / 1000);
    });
    n.set('std::time::can_parse_iso8601', (s: string) => /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.\d+)?Z$/.test(s));

    // -------------------------------------------------------------------------------- std::env
    n.set('std::env::args_count', () => ctx.argv.length);
    n.set('std::env::arg', (i: Int) => ctx.argv[Number(i)] ?? '');
    n.set('std::env::arg_or', (i: Int, d: string) => ctx.argv[Number(i)] ?? d);
    n.set('std::env::var', (name: string) => process.env[name] ?? '');
    n.set('std::env::var_exists', (name: string) => process.env[name] !== undefined);
    n.set('std::env::var_or', (name: string, d: string) => process.env[name] ?? d);

    // ---------------------------------------------------------------------------- std::process
    n.set('std::process::pid', () => process.pid);
    n.set('std::process::exit', (code: Int) => exitProcess(Number(code) & 0xff));
    n.set('std::process::rss_bytes', () => process.memoryUsage().rss);
    n.set('std::process::dump_arena_residency', () => 0);
    n.set('std::process::dump_pool_residency', () => 0);
    n.set('std::process::run', (argv: string) => {
        const a = argvOf(argv);
        flushStdout();
        const r = spawnSync(a[0], a.slice(1), { encoding: 'buffer', maxBuffer: 16 << 20 });
        if (r.error) throw ioError(r.error, a[0]);
        return makeRecord('std::process::ProcessOutput', {
            code: r.status ?? 128 + (r.signal ? 9 : 0),
            stdout: r.stdout.toString('utf8'),
            stderr: r.stderr.toString('utf8'),
        });
    });
    n.set('std::process::spawn', (argv: string) => {
        const a = argvOf(argv);
        return host('proc.spawn', [a], a[0]);
    });
    n.set('std::process::wait', (h: Int) => host('proc.wait', [h]));
    n.set('std::process::try_wait', (h: Int) => host('proc.try_wait', [h]));
    n.set('std::process::kill', (h: Int) => {
        host('proc.kill', [h]);
    });
    n.set('std::process::write_stdin', (h: Int, s: string) => host('proc.write_stdin', [h, s]));
    n.set('std::process::close_stdin', (h: Int) => {
        host('proc.close_stdin', [h]);
    });
    n.set('std::process::read_stdout', (h: Int) => host('proc.read_stdout', [h]));
    n.set('std::process::read_stderr', (h: Int) => host('proc.read_stderr', [h]));

    // -------------------------------------------------------------------- std::loom (extensions)
    // Which Hale thread runs the caller: used by tests and the run log to show placement at work.
    n.set('std::loom::thread_id', () => ctx.spec.id);
    n.set('std::loom::thread_name', () => ctx.spec.name);
    n.set('std::loom::os_thread_id', () => {
        try {
            return Number(fs.readlinkSync('/proc/thread-self').split('/').pop()) || 0;
        } catch {
            return 0;
        }
    });

    // ------------------------------------------------------------------------------- std::diag
    n.set('std::diag::heap_alloc_count', () => allocCount.n);
    // The runtime's own socket calls, counted per thread (one per call, as upstream's wrap shim counts the
    // syscall each makes); names upstream does not wrap answer -1.
    n.set('std::diag::syscall_count', (name: string) => syscallCount[name] ?? -1);

    // --------------------------------------------------------------------------------- std::os
    n.set('std::os::getrandom', (k: Int) => new Uint8Array(randomBytes(Math.max(0, Number(k)))));
    n.set('std::os::hostname', () => require('node:os').hostname());

    // -------------------------------------------------------------------------------- std::rand
    let state = BigInt(Date.now()) ^ 0x9e3779b97f4a7c15n;
    const next = () => {
        state ^= state >> 12n;
        state ^= (state << 25n) & 0xffffffffffffffffn;
        state ^= state >> 27n;
        return (state * 0x2545f4914f6cdd1dn) & 0xffffffffffffffffn;
    };
    n.set('std::rand::next_int', (max: Int) => (Number(max) <= 0 ? 0 : Number(next() % BigInt(max))));
    n.set('std::rand::next_float', () => Number(next() >> 11n) / 2 ** 53);
    n.set('std::rand::seed_from_time', () => {
        state = BigInt(Date.now()) | 1n;
    });
    n.set('std::rand::seed', (s: Int) => {
        state = BigInt(s) | 1n;
    });

    // -------------------------------------------------------------------------------- std::term
    n.set('std::term::is_tty', (fd: Int) => require('node:tty').isatty(Number(fd)));
    n.set('std::term::size', () => {
        const cols = process.stdout.isTTY ? process.stdout.columns ?? 0 : 0;
        const rows = process.stdout.isTTY ? process.stdout.rows ?? 0 : 0;
        return makeRecord('std::term::TermSize', { cols, rows });
    });

    // ------------------------------------------------------------------------------ std::io::fs
    n.set('std::io::fs::read_file', (p: string) => wrap(p, () => fs.readFileSync(p, 'utf8')));
    n.set('std::io::fs::write_file', (p: string, s: string) => wrap(p, () => fs.writeFileSync(p, s)));
    n.set('std::io::fs::write_file_append', (p: string, s: string) =>
        wrap(p, () => {
            fs.appendFileSync(p, s);
            return Buffer.byteLength(s);
        }),
    );
    n.set('std::io::fs::read_bytes', (p: string) => wrap(p, () => new Uint8Array(fs.readFileSync(p))));
    n.set('std::io::fs::write_bytes', (p: string, b: Uint8Array) => wrap(p, () => fs.writeFileSync(p, b)));
    n.set('std::io::fs::file_size', (p: string) => wrap(p, () => fs.statSync(p).size));
    n.set('std::io::fs::mkdir', (p: string) => wrap(p, () => fs.mkdirSync(p)));
    n.set('std::io::fs::rename', (a: string, b: string) => wrap(a, () => fs.renameSync(a, b)));
    n.set('std::io::fs::unlink', (p: string) => wrap(p, () => fs.unlinkSync(p)));
    n.set('std::io::fs::mktemp', (dir: string, suffix: string) =>
        wrap(dir, () => {
            for (;;) {
                const p = `${dir}${Math.random().toString(36).slice(2, 10)}${suffix}`;
                try {
                    fs.writeFileSync(p, '', { flag: 'wx' });
                    return p;
                } catch (e: any) {
                    if (e.code !== 'EEXIST') throw e;
                }
            }
        }),
    );
    n.set('std::io::fs::list_dir_count', (p: string) => wrap(p, () => fs.readdirSync(p).length));
    n.set('std::io::fs::list_dir_at', (p: string, i: Int) => wrap(p, () => fs.readdirSync(p).sort()[Number(i)] ?? ''));
    n.set('std::io::fs::file_exists', (p: string) => fs.existsSync(p));
    n.set('std::io::fs::is_dir', (p: string) => fs.existsSync(p) && fs.statSync(p).isDirectory());

    // ---------------------------------------------------------------------------- std::io::file
    const files: { fd: number; buf: string; eof: boolean }[] = [];
    n.set('std::io::file::open', (p: string, mode: string) => {
        const flags: Record<string, string> = { r: 'r', w: 'w', a: 'a', 'r+': 'r+', 'w+': 'w+' };
        if (!(mode in flags)) throw ioErrorKind('invalid', p, 22);
        return wrap(p, () => {
            files.push({ fd: fs.openSync(p, flags[mode]), buf: '', eof: false });
            return files.length;
        });
    });
    n.set('std::io::file::read_line', (h: Int) => {
        const f = files[Number(h) - 1];
        if (!f) return '';
        for (;;) {
            const nl = f.buf.indexOf('\n');
            if (nl >= 0) {
                const line = f.buf.slice(0, nl);
                f.buf = f.buf.slice(nl + 1);
                return line;
            }
            const b = Buffer.alloc(4096);
            const r = fs.readSync(f.fd, b, 0, 4096, null);
            if (r <= 0) {
                f.eof = true;
                const rest = f.buf;
                f.buf = '';
                return rest;
            }
            f.buf += b.subarray(0, r).toString('utf8');
        }
    });
    n.set('std::io::file::at_eof', (h: Int) => {
        const f = files[Number(h) - 1];
        return !f || (f.eof && f.buf.length === 0);
    });
    n.set('std::io::file::write_line', (h: Int, s: string) => {
        const f = files[Number(h) - 1];
        if (!f) throw ioErrorKind('invalid');
        wrap('', () => fs.writeSync(f.fd, s + '\n'));
    });
    n.set('std::io::file::close', (h: Int) => {
        const f = files[Number(h) - 1];
        if (f) fs.closeSync(f.fd);
    });

    // --------------------------------------------------------------------------- std::io::stdin
    let stdinBuf = Buffer.alloc(0);
    let stdinEof = false;
    let lastStatus = 0;
    const readMore = (): boolean => {
        if (stdinEof) return false;
        const b = Buffer.alloc(65536);
        let r = 0;
        try {
            r = fs.readSync(0, b, 0, b.length, null);
        } catch (e: any) {
            if (e.code === 'EAGAIN') {
                Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 5);
                return true;
            }
            r = 0;
        }
        if (r <= 0) {
            stdinEof = true;
            return false;
        }
        stdinBuf = Buffer.concat([stdinBuf, b.subarray(0, r)]);
        return true;
    };
    n.set('std::io::stdin::read_line', () => {
        flushStdout();
        for (;;) {
            const nl = stdinBuf.indexOf(10);
            if (nl >= 0) {
                const line = stdinBuf.subarray(0, nl).toString('utf8').replace(/\r$/, '');
                stdinBuf = stdinBuf.subarray(nl + 1);
                lastStatus = 0;
                return line;
            }
            if (!readMore()) {
                const rest = stdinBuf.toString('utf8');
                stdinBuf = Buffer.alloc(0);
                lastStatus = rest.length ? 0 : -1;
                return rest;
            }
        }
    });
    n.set('std::io::stdin::read_line_status', () => lastStatus);
    // `read_byte(_)`: the next byte of stdin, or -1 at end of input
    n.set('std::io::stdin::read_byte', () => {
        flushStdout();
        if (stdinBuf.length === 0 && !readMore()) return -1;
        const b = stdinBuf[0];
        stdinBuf = stdinBuf.subarray(1);
        return b;
    });
    n.set('std::io::stdin::read_all', () => {
        while (readMore());
        const s = stdinBuf.toString('utf8');
        stdinBuf = Buffer.alloc(0);
        return s;
    });

    // -------------------------------------------------------------------------- std::io::stdout
    n.set('std::io::stdout::write_bytes', (s: string) => {
        const b = utf8(s);
        writeOutBytes(b);
        return b.length;
    });
    n.set('std::io::stdout::flush', () => flushStdout());

    // ------------------------------------------------------------------------- std::io::sockopt
    n.set('std::io::sockopt::IPPROTO_TCP', () => 6);
    n.set('std::io::sockopt::TCP_NODELAY', () => 1);
    n.set('std::io::sockopt::SOL_SOCKET', () => 1);
    n.set('std::io::sockopt::SO_REUSEADDR', () => 2);
    n.set('std::io::sockopt::SO_RCVBUF', () => 8);
    n.set('std::io::sockopt::SO_SNDBUF', () => 7);
}

