// The compile cache: `loom run` of a program compiled before (same sources, same imports found, same Loom
// build) goes straight to the compiled module without loading Langium, which is most of a cold start.
//
// A compile records what it looked at: the text of every `.hl` file it parsed, every path it probed while
// resolving the entry and its imports (and what was there: a file, a folder, nothing), and the `.hl`
// listing of every folder it took as a program or a library. A cache entry is valid only when replaying
// those probes gives the same answers, so a new file that would shadow an import, an edited library or a
// deleted file each make the next run compile again. This module must not import the compiler or Langium.

import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export type PathKind = 'file' | 'dir' | 'none';

/** What a compile looked at (filled in by the compiler, replayed by `lookupCompiled`). */
export class CompileInputs {
    readonly probes = new Map<string, PathKind>();
    readonly listings = new Map<string, string[]>();
    readonly texts = new Map<string, string>();

    kind(path: string): PathKind {
        const got = this.probes.get(path);
        if (got) return got;
        const k = pathKind(path);
        this.probes.set(path, k);
        return k;
    }

    /** The `.hl` files of a folder, sorted (names only). */
    list(dir: string): string[] {
        const got = this.listings.get(dir);
        if (got) return got;
        const names = hlNames(dir);
        this.listings.set(dir, names);
        return names;
    }

    /** The text a parsed file had (hashed into the entry). */
    read(path: string, text: string): void {
        this.texts.set(path, sha1(text));
    }
}

function pathKind(path: string): PathKind {
    const st = statSync(path, { throwIfNoEntry: false });
    return !st ? 'none' : st.isDirectory() ? 'dir' : 'file';
}

function hlNames(dir: string): string[] {
    try {
        return readdirSync(dir).filter((f) => f.endsWith('.hl')).sort();
    } catch {
        return [];
    }
}

function sha1(s: string | Buffer): string {
    return createHash('sha1').update(s).digest('hex');
}

interface Entry {
    programFile: string;
    probes: [string, PathKind][];
    listings: [string, string[]][];
    texts: [string, string][];
    /** Warnings the compile printed (shown again on a hit when LOOM_WARNINGS=1). */
    warnings: string[];
}

function cacheDir(): string {
    return join(tmpdir(), 'loom-cache', 'entries');
}

function entryFile(entry: string, buildId: string): string {
    return join(cacheDir(), sha1(buildId + '\0' + resolve(entry)).slice(0, 24) + '.json');
}

/** The compiled module for `entry` if a previous compile by this build saw exactly what is there now. */
export function lookupCompiled(entry: string, buildId: string): { programFile: string; warnings: string[] } | null {
    if (process.env.LOOM_NO_CACHE === '1') return null;
    let e: Entry;
    try {
        e = JSON.parse(readFileSync(entryFile(entry, buildId), 'utf8'));
    } catch {
        return null;
    }
    if (!existsSync(e.programFile)) return null;
    for (const [p, k] of e.probes) if (pathKind(p) !== k) return null;
    for (const [d, names] of e.listings) if (hlNames(d).join('\n') !== names.join('\n')) return null;
    for (const [f, h] of e.texts) {
        let text: string;
        try {
            text = readFileSync(f, 'utf8');
        } catch {
            return null;
        }
        if (sha1(text) !== h) return null;
    }
    return { programFile: e.programFile, warnings: e.warnings };
}

export function storeCompiled(entry: string, buildId: string, inputs: CompileInputs, programFile: string, warnings: string[]): void {
    if (process.env.LOOM_NO_CACHE === '1') return;
    const e: Entry = {
        programFile,
        probes: [...inputs.probes],
        listings: [...inputs.listings],
        texts: [...inputs.texts],
        warnings,
    };
    try {
        mkdirSync(cacheDir(), { recursive: true });
        const file = entryFile(entry, buildId);
        // write then rename: a concurrent `loom run` of the same program reads a whole entry or none
        const tmp = `${file}.${process.pid}.tmp`;
        writeFileSync(tmp, JSON.stringify(e));
        renameSync(tmp, file);
    } catch {
        // a cache that cannot be written only costs the next run a compile
    }
}

/** Identifies the running Loom build: a rebuilt bundle must not reuse modules compiled by an older one. */
export function buildIdOf(file: string): string {
    const st = statSync(file, { throwIfNoEntry: false });
    return st ? `${file}:${st.size}:${st.mtimeMs}` : file;
}
