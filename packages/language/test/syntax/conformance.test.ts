/**
 * Parser conformance on the corpus: every program, parsed and validated alone as upstream labelled it,
 * compared with whether upstream's parser accepted it. The bars are the foundation issue's: accept at
 * least 99% of what upstream parses, reject at least 95% of what it rejects.
 */
import { EmptyFileSystem, URI } from 'langium';
import { describe, expect, it } from 'vitest';
import { createHaleCoreServices, SYNTAX_CODE } from '../../src/index.js';
import { corpusAvailable, corpusLabels, corpusProgram } from '../corpus.js';

describe.runIf(corpusAvailable())('parser conformance on the corpus', () => {
    it('accepts what upstream parses and rejects what it rejects', async () => {
        const { shared } = createHaleCoreServices(EmptyFileSystem);
        const labels = corpusLabels();
        let accepted = 0, shouldAccept = 0, rejected = 0, shouldReject = 0, sameLine = 0;
        const falseRejects: string[] = [], falseAccepts: string[] = [];
        for (const label of labels) {
            const document = shared.workspace.LangiumDocumentFactory.fromString(corpusProgram(label.id), URI.file(`/corpus/${label.id}/${label.id}.hl`));
            await shared.workspace.DocumentBuilder.build([document], { validation: true });
            const syntax = (document.diagnostics ?? []).filter(d => d.code === SYNTAX_CODE && d.severity === 1);
            shared.workspace.LangiumDocuments.deleteDocument(document.uri);
            if (label.parses) {
                shouldAccept++;
                if (syntax.length === 0) accepted++;
                else falseRejects.push(`${label.id}: ${syntax[0].range.start.line + 1}:${syntax[0].range.start.character + 1} ${syntax[0].message}`);
            } else {
                shouldReject++;
                if (syntax.length > 0) {
                    rejected++;
                    const upstream = (label.diagnostics ?? []).find(d => d.code === 'parse error' || d.code === 'lex error');
                    if (upstream && upstream.line === syntax[0].range.start.line + 1) sameLine++;
                } else falseAccepts.push(`${label.id}: upstream says ${label.parse_error}`);
            }
        }
        const acceptRate = accepted / shouldAccept, rejectRate = rejected / shouldReject;
        console.log([
            `parser conformance: accepted ${accepted}/${shouldAccept} (${(100 * acceptRate).toFixed(2)}%) of the programs upstream parses;`,
            `rejected ${rejected}/${shouldReject} (${(100 * rejectRate).toFixed(2)}%) of those it rejects, ${sameLine} on upstream's line`,
            ...falseRejects.slice(0, 20).map(s => `  false reject ${s}`),
            ...falseAccepts.slice(0, 20).map(s => `  false accept ${s}`),
        ].join('\n'));
        expect(acceptRate).toBeGreaterThanOrEqual(0.99);
        expect(rejectRate).toBeGreaterThanOrEqual(0.95);
    }, 240_000);
});
