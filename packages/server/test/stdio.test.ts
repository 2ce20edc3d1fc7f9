/** The bundled server, started over stdio as an editor starts it, answers with Hale diagnostics. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LspClient, fileUri } from './lsp-client.js';

describe('the bundled server over stdio', () => {
    let client: LspClient;
    beforeAll(async () => { client = await LspClient.start(); });
    afterAll(async () => { await client?.stop(); });

    it('advertises full document sync', () => {
        const sync = client.initializeResult!.capabilities.textDocumentSync;
        expect(typeof sync === 'object' && sync.change).toBe(1);
    });

    it('publishes a hale.syntax error at the typo and nothing for a valid program', async () => {
        const dir = mkdtempSync(join(tmpdir(), 'hale-stdio-'));
        const uri = fileUri(join(dir, 'app.hl'));
        const broken = [
            'locus Counter {',
            '    params { count: Int = 0 }',
            '    run() { println("n = ", self.count); }',
            '}',
        ].join('\n');
        const first = await client.open(uri, broken);
        expect(first.diagnostics).toHaveLength(1);
        const [d] = first.diagnostics;
        expect(d.code).toBe('hale.syntax');
        expect(d.source).toBe('hale');
        expect(d.severity).toBe(1);
        expect(d.message).toBe('expected `;` after the params field, found `}`');
        expect(d.range.start).toEqual({ line: 1, character: 28 });

        const fixed = broken.replace('= 0 }', '= 0; }');
        const second = await client.change(uri, fixed);
        expect(second.diagnostics).toEqual([]);
    });

    it('keeps UTF-16 positions right after non-ASCII text', async () => {
        const dir = mkdtempSync(join(tmpdir(), 'hale-stdio-'));
        const uri = fileUri(join(dir, 'emoji.hl'));
        // The emoji is two UTF-16 code units; the em dash one. The stray `é` in code is the error.
        const text = 'fn main() { println("🎉 party — time"); let x = 1 é; }';
        writeFileSync(join(dir, 'emoji.hl'), text);
        const result = await client.open(uri, text);
        const lexical = result.diagnostics.find(d => d.message.includes('unexpected character'));
        expect(lexical?.code).toBe('hale.syntax');
        expect(lexical?.range.start).toEqual({ line: 0, character: text.indexOf('é') });
    });
});
