/**
 * Parse + validate throughput over the whole corpus, in-process (no LSP): programs per second and
 * milliseconds per 1,000 lines, after one warm-up pass.
 */
import { EmptyFileSystem, URI } from 'langium';
import { createHaleCoreServices } from '../src/index.js';
import { corpusAvailable, corpusLabels, corpusProgram } from '../test/corpus.js';

if (!corpusAvailable()) { console.log('corpus not found: skipped'); process.exit(0); }
const { shared } = createHaleCoreServices(EmptyFileSystem);
const programs = corpusLabels().map(l => ({ id: l.id, text: corpusProgram(l.id) }));
const lines = programs.reduce((n, p) => n + p.text.split('\n').length, 0);

async function pass(): Promise<number> {
    const start = performance.now();
    for (const p of programs) {
        const doc = shared.workspace.LangiumDocumentFactory.fromString(p.text, URI.file(`/bench/${p.id}/${p.id}.hl`));
        await shared.workspace.DocumentBuilder.build([doc], { validation: true });
        shared.workspace.LangiumDocuments.deleteDocument(doc.uri);
    }
    return performance.now() - start;
}

await pass(); // warm-up: JIT and Langium's lookahead caches
const times: number[] = [];
for (let i = 0; i < 3; i++) times.push(await pass());
const best = Math.min(...times);
console.log(`parse+validate the corpus (${programs.length} programs, ${lines} lines), best of 3 after warm-up:`);
console.log(`  ${best.toFixed(0)} ms total, ${(programs.length / (best / 1000)).toFixed(0)} programs/s, ${(best / (lines / 1000)).toFixed(1)} ms per 1,000 lines`);
