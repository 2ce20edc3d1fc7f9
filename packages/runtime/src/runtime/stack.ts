// Hale-level stack traces: JS frames of the compiled program are mapped back to `file.hl:line:col`
// through the source map the compiler wrote next to the program; runtime frames are left out, so a user
// sees only their own code.

import { readFileSync, existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { isAbsolute, relative } from 'node:path';
import { TraceMap, originalPositionFor } from '@jridgewell/trace-mapping';

const maps = new Map<string, TraceMap | null>();

function mapFor(file: string): TraceMap | null {
    let m = maps.get(file);
    if (m !== undefined) return m;
    m = null;
    const mapFile = file + '.map';
    if (existsSync(mapFile)) {
        try {
            m = new TraceMap(readFileSync(mapFile, 'utf8'), mapFile);
        } catch {
            m = null;
        }
    }
    maps.set(file, m);
    return m;
}

export interface HaleFrame {
    name: string;
    file: string;
    line: number;
    column: number;
}

const FRAME = /^\s*at (?:(.*?) \()?(.*?):(\d+):(\d+)\)?$/;

/** The Hale frames of a JS error, innermost first. */
export function haleFrames(e: unknown): HaleFrame[] {
    const stack = e instanceof Error && typeof e.stack === 'string' ? e.stack : '';
    const out: HaleFrame[] = [];
    for (const line of stack.split('\n')) {
        const m = FRAME.exec(line);
        if (!m) continue;
        let file = m[2];
        if (file.startsWith('file://')) file = fileURLToPath(file);
        if (!/\.loom\.m?js$/.test(file)) continue;
        const tm = mapFor(file);
        if (!tm) continue;
        const pos = originalPositionFor(tm, { line: Number(m[3]), column: Number(m[4]) - 1 });
        if (pos.source == null || pos.line == null) continue;
        let name = pos.name ?? m[1] ?? '<anonymous>';
        name = name.replace(/^(?:Object\.|async )/, '').replace(/^\$g_/, '');
        const src = pos.source.startsWith('file://') ? fileURLToPath(pos.source) : pos.source;
        out.push({ name, file: isAbsolute(src) ? relative(process.cwd(), src) || src : src, line: pos.line, column: (pos.column ?? 0) + 1 });
    }
    return out;
}

export function formatHaleStack(e: unknown): string {
    const frames = haleFrames(e);
    if (frames.length === 0) return '';
    return frames.map((f) => `    at ${f.name} (${f.file}:${f.line}:${f.column})\n`).join('');
}

/** `file.hl:line:col` of the innermost Hale frame, for one-line diagnostics. */
export function halePosition(e: unknown): string | null {
    const f = haleFrames(e)[0];
    return f ? `${f.file}:${f.line}:${f.column}` : null;
}
