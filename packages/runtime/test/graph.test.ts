// `loom graph`: the program's bus topology from the command line, through the real binary. The edges must
// be the program model's `hale/busGraph` ones, in every format.

import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loom } from './helpers.js';

const PROGRAM = `
type Beat { n: Int; }
topic Beats { payload: Beat; }
locus Listener {
    bus { subscribe Beats as on_beat; }
    fn on_beat(b: Beat) { println("beat ", b.n); }
}
locus Drummer {
    bus { publish Beats; }
    run() { Beats <- Beat { n: 7 }; }
}
main locus Band {
    params { listener: Listener = Listener { }; drummer: Drummer = Drummer { }; }
    placement { listener: pinned(core = 1); drummer: cooperative(pool = io); }
}
fn main() { Band { }; }
`;

function withProgram<T>(text: string, body: (dir: string, file: string) => Promise<T>): Promise<T> {
    const dir = mkdtempSync(join(tmpdir(), 'loom-graph-'));
    const file = join(dir, 'band.hl');
    writeFileSync(file, text);
    return body(dir, file).finally(() => rmSync(dir, { recursive: true, force: true }));
}

describe('loom graph', () => {
    it('prints Mermaid by default, with the pools as subgraphs and the handler on the subscribe edge', () => withProgram(PROGRAM, async (_dir, file) => {
        const r = await loom(['graph', file]);
        expect(r.code).toBe(0);
        expect(r.stdout).toMatch(/^flowchart/m);
        expect(r.stdout).toMatch(/subgraph .*io/);
        expect(r.stdout).toMatch(/on_beat/);
        expect(r.stdout).toMatch(/Drummer/);
        expect(r.stdout).toMatch(/Listener/);
    }));

    it('writes JSON whose edges are the bus graph, DOT and a self-contained SVG', () => withProgram(PROGRAM, async (dir, file) => {
        const json = await loom(['graph', file, '--format', 'json']);
        expect(json.code).toBe(0);
        const graph = JSON.parse(json.stdout);
        const edges = JSON.stringify(graph);
        expect(edges).toContain('Beats');
        expect(edges).toContain('on_beat');
        const dot = await loom(['graph', file, '--format', 'dot']);
        expect(dot.stdout).toMatch(/^digraph/m);
        const out = join(dir, 'band.svg');
        const svg = await loom(['graph', dir, '--format=svg', '-o', out]);
        expect(svg.code).toBe(0);
        const text = readFileSync(out, 'utf8');
        expect(text).toMatch(/^<svg[^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
        expect(text).toContain('Beats');
    }));

    it('says why there is no graph: no bus, a syntax error, a bad format, a missing file', () => withProgram('fn main() { println("hi"); }\n', async (dir, file) => {
        const none = await loom(['graph', file]);
        expect(none.code).toBe(1);
        expect(none.stderr).toMatch(/has no bus/);
        writeFileSync(file, 'fn main() { let x = ; }\n');
        const broken = await loom(['graph', file]);
        expect(broken.code).toBe(1);
        expect(broken.stderr).toMatch(/band\.hl:1:\d+: error: .*\n.*has syntax errors/);
        const format = await loom(['graph', file, '--format', 'png']);
        expect(format.code).toBe(2);
        expect(format.stderr).toMatch(/--format takes mermaid, dot, json, svg, not 'png'/);
        const missing = await loom(['graph', join(dir, 'nope.hl')]);
        expect(missing.code).toBe(2);
        expect(missing.stderr).toMatch(/no such file or folder/);
    }));
});
