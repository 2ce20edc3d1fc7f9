/**
 * Parse + validate time of broken programs: corpus files with random edits. Error recovery must not be
 * what makes a file slow (chevrotain's no-viable-alternative wording once cost ~1 s per error here).
 */
import { EmptyFileSystem, URI } from 'langium';
import { createHaleCoreServices } from '../src/index.js';
import { corpusAvailable } from '../test/corpus.js';
import { mutatedCorpus } from '../test/syntax/mutations.js';

if (!corpusAvailable()) { console.log('corpus not found: skipped'); process.exit(0); }
const { shared } = createHaleCoreServices(EmptyFileSystem);
const times: Array<[number, string, number]> = [];
for (const { id, text } of mutatedCorpus(2000, 11)) {
    const start = performance.now();
    const document = shared.workspace.LangiumDocumentFactory.fromString(text, URI.file(`/bench-mutations/${id}/main.hl`));
    await shared.workspace.DocumentBuilder.build([document], { validation: true });
    times.push([performance.now() - start, id, text.split('\n').length]);
    shared.workspace.LangiumDocuments.deleteDocument(document.uri);
}
times.sort((a, b) => a[0] - b[0]);
const at = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))][0].toFixed(1);
const worst = times[times.length - 1];
console.log(`parse+validate of ${times.length} mutated corpus files (random typos, stray braces, non-ASCII):`);
console.log(`  median ${at(0.5)} ms, p99 ${at(0.99)} ms, worst ${worst[0].toFixed(0)} ms (${worst[1]}, ${worst[2]} lines)`);
