/** Broken input never crashes the parser or the validators, and every diagnostic has a sane position. */
import { EmptyFileSystem, URI } from 'langium';
import { describe, expect, it } from 'vitest';
import { createHaleCoreServices } from '../../src/index.js';
import { corpusAvailable } from '../corpus.js';
import { mutatedCorpus } from './mutations.js';

describe.runIf(corpusAvailable())('robustness', () => {
    it('parses and validates 300 mutated corpus programs without a crash, positions within the text', async () => {
        const { shared } = createHaleCoreServices(EmptyFileSystem);
        let withErrors = 0;
        for (const { id, text } of mutatedCorpus(300)) {
            const document = shared.workspace.LangiumDocumentFactory.fromString(text, URI.file(`/mutations/${id}/main.hl`));
            await shared.workspace.DocumentBuilder.build([document], { validation: true });
            const lines = text.split(/\r\n|\r|\n/);
            for (const d of document.diagnostics ?? []) {
                expect(d.range.start.line, id).toBeGreaterThanOrEqual(0);
                expect(d.range.start.line, id).toBeLessThan(lines.length);
                expect(d.range.start.character, id).toBeGreaterThanOrEqual(0);
                expect(d.range.start.character, id).toBeLessThanOrEqual(lines[d.range.start.line].length);
                expect(d.code, id).toBeTypeOf('string');
                expect(d.source, id).toBe('hale');
            }
            if (document.diagnostics?.some(d => d.code === 'hale.syntax')) withErrors++;
            shared.workspace.LangiumDocuments.deleteDocument(document.uri);
        }
        expect(withErrors).toBeGreaterThan(200);
    }, 120_000);
});
