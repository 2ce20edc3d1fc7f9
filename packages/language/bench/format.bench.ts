/**
 * Formatting speed: the whole corpus, and one 5,000-line program (corpus programs laid end to end, so it
 * has real comments, strings and odd layouts), messy as written and already canonical (format-on-save's
 * usual case). In-process, split into the parse and the formatter proper (what the server pays, since it
 * reuses the document's parse); then `textDocument/formatting` over the bundled server's stdio.
 */
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EmptyFileSystem } from 'langium';
import { createHaleCoreServices, formatHale, formatHaleText, formatParsedHale } from '../src/index.js';
import { corpusAvailable, corpusLabels, corpusProgram } from '../test/corpus.js';
import { LspClient, SERVER_BUNDLE, fileUri } from '../../server/test/lsp-client.js';

if (!corpusAvailable()) { console.log('corpus not found: skipped'); process.exit(0); }
const { Hale } = createHaleCoreServices(EmptyFileSystem);
const parse = (text: string) => {
    const r = Hale.parser.LangiumParser.parse(text);
    return { root: r.value.$cstNode, lexerErrors: r.lexerErrors.length, parserErrors: r.parserErrors.length };
};
const lineCount = (t: string) => t.split('\n').length;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const time = (f: () => void) => { const s = performance.now(); f(); return performance.now() - s; };

// The corpus programs the formatter accepts (no syntax errors).
const programs = corpusLabels().map(l => corpusProgram(l.id)).filter(t => {
    const p = parse(t);
    return p.lexerErrors === 0 && p.parserErrors === 0;
});
const corpusLines = programs.reduce((n, t) => n + lineCount(t), 0);

// One big program: whole corpus programs without imports (imports must come first), until 5,000 lines,
// taken with a stride so that stdlib sources, doc snippets and embedded test programs all appear.
const parts: string[] = [];
let bigLines = 0;
for (let k = 0, i = 0; k < programs.length && bigLines < 5000; k++, i = (i + 97) % programs.length) {
    const t = programs[i];
    if (/^\s*import\s/m.test(t)) continue;
    parts.push(t.endsWith('\n') ? t : t + '\n');
    bigLines += lineCount(t);
}
const big = parts.join('\n');
const bigParse = parse(big);
if (bigParse.parserErrors || bigParse.lexerErrors) throw new Error('the generated 5,000-line program does not parse');
const bigCanonical = formatHaleText(big);

function corpusPass(): { total: number; formatOnly: number } {
    let formatOnly = 0;
    const total = time(() => {
        for (const t of programs) {
            const p = parse(t);
            formatOnly += time(() => formatParsedHale(t, p, Hale.parser.Lexer));
        }
    });
    return { total, formatOnly };
}

corpusPass(); // warm-up: JIT, Langium's lookahead caches
const passes = [corpusPass(), corpusPass(), corpusPass()];
const best = passes.reduce((a, b) => (a.total < b.total ? a : b));
console.log(`format the corpus (${programs.length} programs, ${corpusLines} lines), best of 3 after warm-up:`);
console.log(`  ${best.total.toFixed(0)} ms with parsing, ${best.formatOnly.toFixed(0)} ms formatter only (${(best.formatOnly / (corpusLines / 1000)).toFixed(1)} ms per 1,000 lines)`);

function bigRuns(text: string, runs = 15): { withParse: number; formatOnly: number } {
    const p = parse(text);
    for (let i = 0; i < 3; i++) formatHale(text);
    const withParse: number[] = [], formatOnly: number[] = [];
    for (let i = 0; i < runs; i++) {
        withParse.push(time(() => formatHale(text)));
        formatOnly.push(time(() => formatParsedHale(text, p, Hale.parser.Lexer)));
    }
    return { withParse: median(withParse), formatOnly: median(formatOnly) };
}
const messy = bigRuns(big), clean = bigRuns(bigCanonical);
console.log(`format a ${lineCount(big)}-line program, median of 15:`);
console.log(`  as written: ${messy.withParse.toFixed(1)} ms with parsing, ${messy.formatOnly.toFixed(1)} ms formatter only (${formatHale(big).length} edits)`);
console.log(`  canonical:  ${clean.withParse.toFixed(1)} ms with parsing, ${clean.formatOnly.toFixed(1)} ms formatter only (${formatHale(bigCanonical).length} edits)`);
console.log(`  formatter / parse ratio: ${(messy.formatOnly / (messy.withParse - messy.formatOnly)).toFixed(2)}`);

if (existsSync(SERVER_BUNDLE)) {
    const client = await LspClient.start();
    try {
        const uri = fileUri(join(mkdtempSync(join(tmpdir(), 'hale-format-bench-')), 'big.hl'));
        await client.open(uri, big);
        const request = () => client.connection.sendRequest('textDocument/formatting', {
            textDocument: { uri }, options: { tabSize: 4, insertSpaces: true },
        }) as Promise<unknown[]>;
        for (let i = 0; i < 3; i++) await request();
        const rtts: number[] = [];
        let edits = 0;
        for (let i = 0; i < 15; i++) {
            const s = performance.now();
            edits = (await request()).length;
            rtts.push(performance.now() - s);
        }
        console.log(`textDocument/formatting over stdio, ${lineCount(big)}-line document: median ${median(rtts).toFixed(1)} ms (${edits} edits)`);
    } finally {
        await client.stop();
    }
} else {
    console.log(`textDocument/formatting over stdio: skipped (no bundle at ${SERVER_BUNDLE}; run \`pnpm --filter hale-server build\`)`);
}
