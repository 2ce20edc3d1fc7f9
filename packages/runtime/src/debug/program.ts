// One compiled Hale program as the debugger sees it: the generated module, its source map (generated JS
// position ↔ `file.hl` position) and its debug info (Hale functions, locals and types). Breakpoints are
// placed through `breakpointTargets`, paused positions are named through `halePosition`/`functionAt`.

import { existsSync, readFileSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { TraceMap, eachMapping, originalPositionFor, GREATEST_LOWER_BOUND } from '@jridgewell/trace-mapping';
import type { DebugFunction, DebugInfo, DType, DTypeDef } from './info.js';

export interface HalePos {
    file: string;
    /** 1-based. */
    line: number;
    /** 0-based. */
    column: number;
    /** The Hale name the compiler attached (at function starts). */
    name?: string;
}

/** A generated position, 0-based line and column (CDP's convention). */
export interface JsPos {
    line: number;
    column: number;
}

export interface BreakpointTarget {
    /** The Hale line the breakpoint binds to (the requested one, or the next line with code). */
    line: number;
    /** One position per separate piece of generated code for that line (e.g. a fn's plain and parking forms). */
    positions: JsPos[];
}

/** How far a breakpoint on a line without code slides down to the next line with code. */
const SLIDE_LINES = 20;

export function normalizeFile(p: string): string {
    let f = p.startsWith('file://') ? fileURLToPath(p) : p;
    f = resolve(f);
    // Windows drive letters differ in case between VS Code and Node.
    if (/^[A-Z]:/.test(f)) f = f[0].toLowerCase() + f.slice(1);
    return f;
}

export class ProgramMap {
    readonly trace: TraceMap;
    readonly info: DebugInfo | null;
    /** Hale file → line → generated line starts (0-based lines), sorted. */
    private lines = new Map<string, Map<number, JsPos[]>>();
    /** The generated lines of the module (for the plan and for diagnostics). */
    readonly js: string[];
    readonly files: string[];

    constructor(
        /** The module's `file://` URL as the inspector reports it. */
        readonly url: string,
        readonly modulePath: string,
        mapJson: string,
        info: DebugInfo | null,
        js: string,
    ) {
        this.trace = new TraceMap(mapJson);
        this.info = info;
        this.js = js.split('\n');
        const mapDir = dirname(modulePath);
        const sourceFile = (s: string) => normalizeFile(isAbsolute(s) || s.startsWith('file://') ? s : resolve(mapDir, s));
        this.files = [...new Set(this.trace.sources.filter((s): s is string => !!s).map(sourceFile))];
        eachMapping(this.trace, (m) => {
            // Function and class headers carry their Hale name; a breakpoint there binds to the first statement.
            if (m.source == null || m.originalLine == null || m.name) return;
            const file = sourceFile(m.source);
            let byLine = this.lines.get(file);
            if (!byLine) this.lines.set(file, (byLine = new Map()));
            let list = byLine.get(m.originalLine);
            if (!list) byLine.set(m.originalLine, (list = []));
            list.push({ line: m.generatedLine - 1, column: m.generatedColumn });
        });
        for (const byLine of this.lines.values()) for (const list of byLine.values()) list.sort((a, b) => a.line - b.line || a.column - b.column);
        if (info) for (const f of info.functions) f.file = normalizeFile(f.file);
        this.sourceFile = sourceFile;
    }

    private readonly sourceFile: (s: string) => string;

    /** Load the module at `url` with its `.map` and `.debug.json` (the debug info may be missing). */
    static load(url: string): ProgramMap | null {
        const path = url.startsWith('file://') ? fileURLToPath(url) : url;
        if (!existsSync(path) || !existsSync(path + '.map')) return null;
        let info: DebugInfo | null = null;
        try {
            if (existsSync(path + '.debug.json')) info = JSON.parse(readFileSync(path + '.debug.json', 'utf8'));
        } catch {
            info = null;
        }
        return new ProgramMap(url, path, readFileSync(path + '.map', 'utf8'), info, readFileSync(path, 'utf8'));
    }

    hasFile(file: string): boolean {
        return this.lines.has(normalizeFile(file));
    }

    /**
     * Where to break for a breakpoint on `line` of `file`. Consecutive generated lines of one Hale line are one
     * piece (hoisted temporaries, then the statement): one breakpoint at its start, so a line stops once.
     */
    breakpointTargets(file: string, line: number): BreakpointTarget | null {
        const byLine = this.lines.get(normalizeFile(file));
        if (!byLine) return null;
        for (let l = line; l < line + SLIDE_LINES; l++) {
            const list = byLine.get(l);
            if (!list || list.length === 0) continue;
            // Do not slide out of the function the breakpoint was set in, into the next one.
            if (l !== line) {
                const from = this.functionAt(file, line);
                const to = this.functionAt(file, l);
                if (from && to !== from) return null;
            }
            const positions: JsPos[] = [];
            let prev = -2;
            for (const p of list) {
                if (p.line !== prev && p.line !== prev + 1) positions.push(p);
                prev = p.line;
            }
            return { line: l, positions };
        }
        return null;
    }

    /** The Hale position of a generated position (0-based line/column), or null for generated-only code. */
    halePosition(line: number, column: number): HalePos | null {
        const p = originalPositionFor(this.trace, { line: line + 1, column, bias: GREATEST_LOWER_BOUND });
        if (p.source == null || p.line == null) return null;
        return { file: this.sourceFile(p.source), line: p.line, column: p.column ?? 0, name: p.name ?? undefined };
    }

    /** The innermost Hale function whose body contains `file:line`. */
    functionAt(file: string, line: number): DebugFunction | undefined {
        if (!this.info) return undefined;
        const f = normalizeFile(file);
        let best: DebugFunction | undefined;
        for (const fn of this.info.functions) {
            if (fn.file !== f || line < fn.start[0] || line > fn.end[0]) continue;
            if (!best || fn.end[0] - fn.start[0] < best.end[0] - best.start[0]) best = fn;
        }
        return best;
    }

    typeDef(name: string): DTypeDef | undefined {
        return this.info?.types[name];
    }

    /** The Hale type of a JS class (record, enum or locus), by the class name the inspector reports. */
    typeOfClass(className: string | undefined): DType | undefined {
        if (!className || !this.info) return undefined;
        const name = this.info.classes[className];
        if (!name) return undefined;
        const def = this.info.types[name];
        if (!def) return undefined;
        return { k: def.kind, name, args: def.generics.map((g) => ({ k: 'param', name: g }) as DType) };
    }

    /** The thread plan the compiler put at the top of the module (`export const plan = {...};`). */
    plan(): { threads: { id: number; kind: string; name: string; asyncIo: boolean }[] } | null {
        for (const l of this.js.slice(0, 5)) {
            const m = /^export const plan = (.*);$/.exec(l);
            if (m) {
                try {
                    return JSON.parse(m[1]);
                } catch {
                    return null;
                }
            }
        }
        return null;
    }
}
