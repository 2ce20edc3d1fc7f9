/** Rename across a program's files, through the bundled server; the renamed program still checks clean. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ResponseError } from 'vscode-jsonrpc';
import type { WorkspaceEdit } from 'vscode-languageserver-protocol';
import { LspClient, applyEdits, positionOf } from '../lsp-client.js';
import { programFolder } from './programs.js';

const A = `type Tick { n: Int; }
topic Ticks { payload: Tick; }
locus Clock {
    params { period: Int = 5; }
    bus { publish Ticks; }
    run() {
        while true {
            Ticks <- Tick { n: self.period };
            std::time::sleep(10ms);
        }
    }
}
`;
const B = `locus Display {
    params { shown: Int = 0; }
    bus { subscribe Ticks as on_tick; }
    fn on_tick(t: Tick) { self.on_tick_done(t.n); }
    fn on_tick_done(n: Int) { self.shown = n; }
}
main locus App {
    params {
        clock: Clock = Clock { period: 2 };
        display: Display = Display { };
    }
    placement { clock: cooperative(pool = timers); }
}
fn main() { App { }; }
`;

describe('rename', () => {
    let client: LspClient;
    let uris: Record<string, string>;
    const texts: Record<string, string> = {};
    beforeAll(async () => {
        client = await LspClient.start();
        uris = programFolder({ 'a.hl': A, 'b.hl': B });
        texts[uris['a.hl']] = A;
        texts[uris['b.hl']] = B;
        const a = await client.open(uris['a.hl'], A);
        expect(a.diagnostics).toEqual([]);
        const b = await client.open(uris['b.hl'], B);
        expect(b.diagnostics).toEqual([]);
    });
    afterAll(async () => { await client?.stop(); });

    /** Applies a rename to both files through didChange and returns the error diagnostics published. */
    async function apply(edit: WorkspaceEdit | null): Promise<string[]> {
        expect(edit?.changes).toBeDefined();
        const errors: string[] = [];
        for (const [uri, edits] of Object.entries(edit!.changes!)) {
            texts[uri] = applyEdits(texts[uri], edits);
        }
        for (const uri of Object.keys(texts)) await client.change(uri, texts[uri]);
        await client.settled();
        for (const uri of Object.keys(texts)) errors.push(...(client.diagnostics.get(uri) ?? []).filter(d => d.severity === 1).map(d => d.message));
        return errors;
    }

    it('prepares a rename on a name and refuses elsewhere', async () => {
        const range = await client.prepareRename(uris['a.hl'], positionOf(A, 'Ticks', 0, 2));
        expect(range).toEqual({ start: positionOf(A, 'Ticks'), end: positionOf(A, 'Ticks', 0, 5) });
        expect(await client.prepareRename(uris['a.hl'], positionOf(A, 'while', 0, 1))).toBeNull();
        expect(await client.prepareRename(uris['a.hl'], positionOf(A, 'sleep', 0, 1))).toBeNull();
    });

    it('renames a topic across files: declaration, publish, send, subscribe', async () => {
        const edit = await client.rename(uris['b.hl'], positionOf(B, 'Ticks', 0, 1), 'Beats');
        expect(Object.keys(edit!.changes!).sort()).toEqual([uris['a.hl'], uris['b.hl']].sort());
        expect(edit!.changes![uris['a.hl']]).toHaveLength(3);
        expect(await apply(edit)).toEqual([]);
        expect(texts[uris['a.hl']]).toContain('topic Beats {');
        expect(texts[uris['a.hl']]).toContain('Beats <- Tick');
        expect(texts[uris['b.hl']]).toContain('subscribe Beats as on_tick;');
    });

    it('renames a handler with its `as` site and its self calls, not a method sharing a prefix', async () => {
        const b = texts[uris['b.hl']];
        const edit = await client.rename(uris['b.hl'], positionOf(b, 'fn on_tick(', 0, 4), 'on_beat');
        expect(await apply(edit)).toEqual([]);
        const after = texts[uris['b.hl']];
        expect(after).toContain('subscribe Beats as on_beat;');
        expect(after).toContain('fn on_beat(t: Tick)');
        expect(after).toContain('self.on_tick_done(t.n)');
    });

    it('renames a params field with its placement entry, literal fields and self uses', async () => {
        const b = texts[uris['b.hl']];
        const edit = await client.rename(uris['b.hl'], positionOf(b, 'clock: cooperative', 0, 1), 'ticker');
        expect(await apply(edit)).toEqual([]);
        expect(texts[uris['b.hl']]).toContain('ticker: Clock = Clock { period: 2 };');
        expect(texts[uris['b.hl']]).toContain('placement { ticker: cooperative(pool = timers); }');
        const a = texts[uris['a.hl']];
        const period = await client.rename(uris['a.hl'], positionOf(a, 'period: Int', 0, 1), 'interval');
        expect(await apply(period)).toEqual([]);
        expect(texts[uris['a.hl']]).toContain('n: self.interval');
        expect(texts[uris['b.hl']]).toContain('Clock { interval: 2 }');
    });

    it('renames a locus, a type and a pool', async () => {
        let a = texts[uris['a.hl']];
        expect(await apply(await client.rename(uris['a.hl'], positionOf(a, 'locus Clock', 0, 7), 'Metronome'))).toEqual([]);
        expect(texts[uris['b.hl']]).toContain('ticker: Metronome = Metronome { interval: 2 };');
        a = texts[uris['a.hl']];
        expect(await apply(await client.rename(uris['a.hl'], positionOf(a, 'type Tick', 0, 6), 'Beat'))).toEqual([]);
        expect(texts[uris['b.hl']]).toContain('fn on_beat(t: Beat)');
        const b = texts[uris['b.hl']];
        expect(await apply(await client.rename(uris['b.hl'], positionOf(b, 'timers', 0, 1), 'clocks'))).toEqual([]);
        expect(texts[uris['b.hl']]).toContain('cooperative(pool = clocks)');
    });

    it('refuses keywords, non-names and names already taken', async () => {
        const b = texts[uris['b.hl']];
        const refusal = async (needle: string, name: string, delta = 1) => {
            try {
                await client.rename(uris['b.hl'], positionOf(b, needle, 0, delta), name);
            } catch (e) {
                return (e as ResponseError<unknown>).message;
            }
            return 'accepted';
        };
        expect(await refusal('locus Display', 'run', 7)).toBe('`run` is a keyword in Hale: pick another name');
        expect(await refusal('locus Display', '2fast', 7)).toContain('is not a Hale name');
        expect(await refusal('locus Display', 'Metronome', 7)).toBe('a locus named `Metronome` already exists');
        expect(await refusal('locus Display', 'Beats', 7)).toBe('a topic named `Beats` already exists');
        expect(await refusal('fn on_beat', 'on_tick_done', 4)).toBe('locus `Display` already has a method `on_tick_done`');
        expect(await refusal('fn on_beat', 'shown', 4)).toBe('locus `Display` already has a params field `shown`');
        expect(await refusal('display: Display', 'ticker')).toBe('locus `App` already has a params field `ticker`');
        expect(await refusal('pool = clocks', 'main', 8)).toContain('already in use');
        expect(await refusal('main locus', 'x')).toContain('nothing to rename here');
    });
});
