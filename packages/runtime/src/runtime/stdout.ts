// stdout is line-buffered for the whole program, as upstream's prelude makes it (setvbuf _IOLBF): a
// `println` reaches the file descriptor by the end of the line, so a supervisor waiting for "READY" sees it
// at once. We batch writes and flush at every newline boundary we hand the caller back from, before any
// blocking wait, before stderr output and at exit; each flush is one synchronous write(2), so lines from
// different threads never interleave mid-line. A thread also flushes before it sends anything to another
// thread, so a line printed before a send appears before any line the receiver prints in response.

import { writeSync } from 'node:fs';

let buf: string[] = [];
let size = 0;
let scheduled = false;
let lastFlush = 0;

export function writeOut(s: string): void {
    buf.push(s);
    size += s.length;
    // A thread that never returns to its event loop still gets its lines out within ~20 ms.
    if (size > 8192 || performance.now() - lastFlush > 20) flushStdout();
    else if (!scheduled) {
        scheduled = true;
        queueMicrotask(flushStdout);
    }
}

function writeAll(fd: number, s: string): void {
    const b = Buffer.from(s, 'utf8');
    let off = 0;
    while (off < b.length) {
        try {
            off += writeSync(fd, b, off, b.length - off);
        } catch (e: any) {
            if (e && e.code === 'EAGAIN') continue;
            if (e && e.code === 'EPIPE') return;
            throw e;
        }
    }
}

export function flushStdout(): void {
    if (size === 0) return;
    scheduled = false;
    lastFlush = performance.now();
    const s = buf.length === 1 ? buf[0] : buf.join('');
    buf = [];
    size = 0;
    writeAll(1, s);
}

export function writeErr(s: string): void {
    flushStdout();
    writeAll(2, s);
}

/** Raw bytes to stdout (`std::io::stdout::write_bytes`). */
export function writeOutBytes(b: Uint8Array): void {
    flushStdout();
    let off = 0;
    while (off < b.length) off += writeSync(1, b, off, b.length - off);
}
