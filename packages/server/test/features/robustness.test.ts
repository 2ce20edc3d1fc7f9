/**
 * Every feature answers on real programs, including ones that do not parse and ones with non-ASCII text:
 * no error response, no crash, no hang (each request within the test's timeout).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LspClient } from '../lsp-client.js';
import { corpusAvailable, corpusLabels, corpusProgram } from '../../../language/test/corpus.js';

describe.runIf(corpusAvailable())('features on corpus programs', () => {
    let client: LspClient;
    beforeAll(async () => { client = await LspClient.start(); });
    afterAll(async () => { await client?.stop(); });

    it('answer every request at positions across 60 programs, broken and non-ASCII ones included', async () => {
        const labels = corpusLabels();
        const broken = labels.filter(l => !l.parses).slice(0, 20);
        const nonAscii = labels.filter(l => l.parses && /[^\x00-\x7f]/.test(corpusProgram(l.id))).slice(0, 20);
        const busy = labels.filter(l => l.parses && (l.bus_graph as { subjects?: unknown[] } | null)?.subjects?.length).slice(0, 20);
        let requests = 0;
        for (const label of [...broken, ...nonAscii, ...busy]) {
            const text = corpusProgram(label.id);
            const uri = `file:///robustness/${label.id}/${label.id}.hl`;
            await client.open(uri, text);
            const lines = text.split('\n');
            const end = { line: lines.length, character: 0 };
            await client.semanticTokens(uri);
            await client.documentSymbols(uri);
            await client.foldingRanges(uri);
            await client.codeLenses(uri);
            await client.inlayHints(uri, { start: { line: 0, character: 0 }, end });
            requests += 5;
            for (let k = 0; k < 12; k++) {
                const line = Math.floor((k / 12) * lines.length);
                const position = { line, character: Math.min(lines[line]?.length ?? 0, (k * 7) % 40) };
                await client.hover(uri, position);
                await client.completion(uri, position);
                await client.definition(uri, position);
                await client.references(uri, position);
                await client.documentHighlight(uri, position);
                await client.selectionRanges(uri, [position]);
                await client.prepareCallHierarchy(uri, position);
                requests += 7;
            }
        }
        expect(requests).toBeGreaterThan(4000);
    }, 120_000);
});
