// The issue-6 examples: corpus programs whose origin is upstream's crates/hale-codegen/tests/fixtures/
// examples/ (one folder = one program), network servers excluded, must run to exit 0 within 10 s
// (those whose header says they exit non-zero on purpose must exit non-zero).

import { copyFileSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execProgram } from './run-expect.js';

const PREFIX = 'crates/hale-codegen/tests/fixtures/examples/';

export interface ExampleResult {
    name: string;
    pass: boolean;
    reason: string;
}

export async function runExamples(opts: {
    corpus: string;
    loomBin: string;
    compile: (dir: string) => Promise<{ ok: boolean; programFile?: string; diagnostics: any[]; unsupported: any[] }>;
}): Promise<ExampleResult[]> {
    const labels = readFileSync(join(opts.corpus, 'labels.jsonl'), 'utf8')
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l));
    const groups = new Map<string, { id: string; file: string }[]>();
    for (const o of labels) {
        if (!(o.origin ?? '').startsWith(PREFIX)) continue;
        const rel: string = o.origin.slice(PREFIX.length);
        const folder = rel.includes('/') ? rel.split('/')[0] : rel.replace(/\.hl$/, '');
        if (!groups.has(folder)) groups.set(folder, []);
        groups.get(folder)!.push({ id: o.id, file: rel.split('/').pop()! });
    }
    const out: ExampleResult[] = [];
    for (const [name, files] of groups) {
        const srcs = files.map((f) => readFileSync(join(opts.corpus, 'programs', f.id + '.hl'), 'utf8'));
        // network servers (sockets, cross-process bus bindings) are outside this check
        if (srcs.some((s) => /std::http::Server\s*\{|Listener\s*\{|accept_one|listen_socket|unix\("/.test(s))) continue;
        const expectFailure = srcs.some((s) => /exit(s)? (non-zero|!= ?0)/.test(s));
        const dir = join(tmpdir(), 'loom-examples', name);
        rmSync(dir, { recursive: true, force: true });
        mkdirSync(dir, { recursive: true });
        for (const f of files) copyFileSync(join(opts.corpus, 'programs', f.id + '.hl'), join(dir, f.file));
        // A folder with several `fn main` files is a multi-binary deployment talking across processes
        // (upstream's fitter/applier pair): like a network server, outside this check.
        if (files.filter((_f, i) => /^fn main\s*\(/m.test(srcs[i])).length > 1) continue;
        out.push(await runTarget(name, dir, expectFailure, opts));
    }
    return out;
}

async function runTarget(
    name: string,
    path: string,
    expectFailure: boolean,
    opts: { loomBin: string; compile: (dir: string) => Promise<{ ok: boolean; programFile?: string; diagnostics: any[]; unsupported: any[] }> },
): Promise<ExampleResult> {
    {
        let reason: string;
        let pass = false;
        try {
            const r = await opts.compile(path);
            if (!r.ok) reason = 'refused: ' + r.diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.line}:${d.column} ${d.message}`).slice(0, 2).join(' | ');
            else if (r.unsupported.length) reason = 'unsupported: ' + r.unsupported.map((u) => u.what).slice(0, 3).join('; ');
            else {
                const p = await execProgram(opts.loomBin, r.programFile!, 10_000);
                if (p.timedOut) reason = 'timeout (10 s)';
                else if ((p.code !== 0) !== expectFailure) reason = `exit ${p.code}: ${p.stderr.split('\n').slice(0, 2).join(' / ')}`;
                else {
                    pass = true;
                    reason = `ok ${Math.round(p.ms)} ms`;
                }
            }
        } catch (e: any) {
            reason = 'compiler crash: ' + String(e?.stack ?? e).split('\n').slice(0, 2).join(' | ');
        }
        return { name, pass, reason };
    }
}
