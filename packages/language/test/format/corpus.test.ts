/**
 * The formatter over every corpus program: formatting twice gives the text formatting once gave
 * (idempotence), and the program means the same (the lexer's tokens outside whitespace and comments are
 * identical, and every comment is kept, in order, with its text). Programs with syntax errors get no edits.
 */
import { EmptyFileSystem } from 'langium';
import { beforeAll, describe, expect, it } from 'vitest';
import { createHaleCoreServices, formatHale, formatHaleDetailed } from '../../src/index.js';
import { corpusAvailable, corpusLabels, corpusProgram } from '../corpus.js';

const { Hale } = createHaleCoreServices(EmptyFileSystem);

interface Lexed { code: string[]; comments: string[] }

/** What the program means to the compiler (token types and images) and its comments, straight from the lexer. */
function lex(text: string): Lexed {
    const r = Hale.parser.Lexer.tokenize(text);
    return {
        code: r.tokens.map(t => `${t.tokenType.name} ${t.image}`),
        comments: (r.hidden ?? []).map(t => t.image),
    };
}

function hasSyntaxErrors(text: string): boolean {
    const parse = Hale.parser.LangiumParser.parse(text);
    return parse.lexerErrors.length > 0 || parse.parserErrors.length > 0;
}

interface Outcome {
    id: string;
    syntaxErrors: boolean;
    changed: boolean;
    changedLines: number;
    idempotent: boolean;
    sameTokens: boolean;
    sameComments: boolean;
    editsOnBroken: number;
    nonAsciiKept: boolean;
    canonicalProblems: string[];
    /** Problems the same check finds in the program as written (shows that the check can fail). */
    problemsBefore: number;
}

/**
 * Checks the whitespace of a formatted text against the style guide, independently of how the formatter
 * computes it: lines inside multi-line strings and comments are the author's and are skipped.
 */
function canonicalProblems(text: string): string[] {
    const problems: string[] = [];
    const r = Hale.parser.Lexer.tokenize(text);
    const inToken = new Uint8Array(text.length + 1);
    for (const t of [...r.tokens, ...(r.hidden ?? [])]) inToken.fill(1, t.startOffset, t.startOffset + t.image.length);
    if (text.length > 0 && (!text.endsWith('\n') || text.endsWith('\n\n'))) problems.push('not exactly one final newline');
    let blankRun = 0;
    let at = 0;
    const lines = text.split('\n');
    lines.forEach((line, i) => {
        const start = at;
        at += line.length + 1;
        // the last "line" after the final newline, and lines inside a multi-line string or comment
        if (i === lines.length - 1 || (start > 0 && inToken[start - 1])) return;
        if (line.trim() === '') {
            if (!inToken[start]) blankRun++;
            if (blankRun > 1) problems.push(`line ${i + 1}: two blank lines in a row`);
            if (i === 0) problems.push('blank line at the start');
            return;
        }
        blankRun = 0;
        const indent = line.length - line.trimStart().length;
        if (!inToken[start] && (indent % 4 !== 0 || line.slice(0, indent).includes('\t'))) problems.push(`line ${i + 1}: indent of ${indent}`);
        const end = start + line.length;
        if (/[ \t]$/.test(line) && !inToken[end - 1]) problems.push(`line ${i + 1}: trailing whitespace`);
    });
    return problems;
}

describe.runIf(corpusAvailable())('formatting the corpus', () => {
    const outcomes: Outcome[] = [];
    let elapsed = 0;

    beforeAll(() => {
        const start = performance.now();
        for (const label of corpusLabels()) {
            const text = corpusProgram(label.id);
            const syntaxErrors = hasSyntaxErrors(text);
            const o: Outcome = {
                id: label.id, syntaxErrors, changed: false, changedLines: 0, idempotent: true, sameTokens: true,
                sameComments: true, editsOnBroken: 0, nonAsciiKept: true, canonicalProblems: [], problemsBefore: 0,
            };
            if (syntaxErrors) {
                o.editsOnBroken = formatHale(text).length;
            } else {
                const once = formatHaleDetailed(text);
                const twice = formatHaleDetailed(once.text);
                const before = lex(text), after = lex(once.text);
                o.changed = once.text !== text;
                const oldLines = text.split(/\r?\n/), newLines = once.text.split(/\r?\n/);
                o.changedLines = newLines.filter((l, i) => l !== oldLines[i]).length;
                o.idempotent = once.status === 'formatted' && twice.text === once.text && twice.edits.length === 0;
                o.sameTokens = JSON.stringify(before.code) === JSON.stringify(after.code);
                o.sameComments = JSON.stringify(before.comments) === JSON.stringify(after.comments);
                const nonAscii = (s: string) => s.match(/[^\x00-\x7f]+/g)?.join('') ?? '';
                o.nonAsciiKept = nonAscii(text) === nonAscii(once.text);
                o.canonicalProblems = canonicalProblems(once.text);
                o.problemsBefore = canonicalProblems(text).length;
            }
            outcomes.push(o);
        }
        elapsed = performance.now() - start;
        const valid = outcomes.filter(o => !o.syntaxErrors);
        const count = (f: (o: Outcome) => boolean) => valid.filter(f).length;
        console.log([
            `formatting the corpus: ${outcomes.length} programs, ${valid.length} without syntax errors, ${outcomes.length - valid.length} with (left unedited: ${outcomes.filter(o => o.syntaxErrors && o.editsOnBroken === 0).length})`,
            `  idempotent:          ${count(o => o.idempotent)}/${valid.length}`,
            `  same tokens:         ${count(o => o.sameTokens)}/${valid.length}`,
            `  same comments:       ${count(o => o.sameComments)}/${valid.length}`,
            `  canonical spacing:   ${count(o => o.canonicalProblems.length === 0)}/${valid.length} (as written: ${count(o => o.problemsBefore === 0)})`,
            `  already canonical:   ${count(o => !o.changed)}/${valid.length} (changed: ${count(o => o.changed)}, ${valid.reduce((n, o) => n + o.changedLines, 0)} lines)`,
            `  time (format twice, lex, parse, all programs): ${elapsed.toFixed(0)} ms`,
        ].join('\n'));
    }, 120_000);

    const failing = (f: (o: Outcome) => boolean) => outcomes.filter(o => !o.syntaxErrors && !f(o)).map(o => o.id);

    it('covers the whole corpus', () => {
        expect(outcomes).toHaveLength(corpusLabels().length);
        expect(outcomes.filter(o => !o.syntaxErrors).length).toBeGreaterThanOrEqual(1519);
    });

    it('is idempotent on every program without syntax errors', () => {
        expect(failing(o => o.idempotent)).toEqual([]);
    });

    it('keeps every token outside whitespace and comments', () => {
        expect(failing(o => o.sameTokens)).toEqual([]);
    });

    it('keeps every comment, in order, with its text', () => {
        expect(failing(o => o.sameComments)).toEqual([]);
    });

    it('keeps non-ASCII text intact', () => {
        expect(failing(o => o.nonAsciiKept)).toEqual([]);
    });

    it('writes canonical whitespace: 4-space indents, no trailing blanks, single blank lines, one final newline', () => {
        expect(outcomes.filter(o => o.problemsBefore > 0).length).toBeGreaterThan(0);
        expect(failing(o => o.canonicalProblems.length === 0).map(id => `${id}: ${outcomes.find(o => o.id === id)!.canonicalProblems[0]}`)).toEqual([]);
    });

    it('leaves programs with syntax errors untouched', () => {
        const broken = outcomes.filter(o => o.syntaxErrors);
        expect(broken.length).toBeGreaterThan(0);
        expect(broken.filter(o => o.editsOnBroken > 0).map(o => o.id)).toEqual([]);
    });
});
