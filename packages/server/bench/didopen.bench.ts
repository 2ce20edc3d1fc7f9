/**
 * didOpen → publishDiagnostics latency of the bundled server over stdio, each corpus program opened alone
 * in its own folder as upstream's labels were made. Prints median, p90, p99 and the slowest, and the
 * parser's accept/reject agreement with upstream as seen through the protocol.
 */
import { LspClient } from '../test/lsp-client.js';
import { corpusAvailable, corpusLabels, corpusProgram } from '../../language/test/corpus.js';

if (!corpusAvailable()) { console.log('corpus not found: skipped'); process.exit(0); }
const labels = corpusLabels();
const client = await LspClient.start();
// Warm-up on a few programs so that JIT and lookahead caches are primed, as in a running editor.
for (const label of labels.slice(0, 30)) await client.open(`file:///bench-warm/${label.id}/${label.id}.hl`, corpusProgram(label.id));

const latencies: Array<[number, string]> = [];
let accepted = 0, shouldAccept = 0, rejected = 0, shouldReject = 0, unanswered = 0;
for (const label of labels) {
    const uri = `file:///bench/${label.id}/${label.id}.hl`;
    const start = performance.now();
    try {
        const result = await client.open(uri, corpusProgram(label.id));
        latencies.push([performance.now() - start, label.id]);
        const syntax = result.diagnostics.some(d => d.code === 'hale.syntax' && d.severity === 1);
        if (label.parses) { shouldAccept++; if (!syntax) accepted++; } else { shouldReject++; if (syntax) rejected++; }
    } catch {
        unanswered++;
    }
}
await client.stop();
latencies.sort((a, b) => a[0] - b[0]);
const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))][0].toFixed(1);
console.log(`didOpen → publishDiagnostics over stdio, ${latencies.length} corpus programs, each alone in its folder:`);
console.log(`  median ${at(0.5)} ms, p90 ${at(0.9)} ms, p99 ${at(0.99)} ms, max ${latencies.at(-1)![0].toFixed(1)} ms (${latencies.at(-1)![1]}); unanswered: ${unanswered}`);
console.log(`  (upstream's Rust server on this corpus: 4.5 ms median, p90 7 ms; ratio of medians: ${(Number(at(0.5)) / 4.5).toFixed(2)}x)`);
console.log(`  no hale.syntax error on ${accepted}/${shouldAccept} programs upstream parses; an error on ${rejected}/${shouldReject} it rejects`);
