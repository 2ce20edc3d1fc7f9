/**
 * The chunked parser must give the tree a whole-file parse gives, and an incremental reparse the tree a
 * fresh parse gives: checked over the corpus and over random edits of it.
 */
import { CstUtils, EmptyFileSystem, type AstNode, type CstNode, type ParseResult } from 'langium';
import { describe, expect, it } from 'vitest';
import { createHaleCoreServices, type Program } from '../../src/index.js';
import { corpusAvailable, corpusLabels, corpusProgram } from '../corpus.js';

const { Hale } = createHaleCoreServices(EmptyFileSystem);
const chunked = Hale.parser.ChunkedParser;
const whole = Hale.parser.LangiumParser;

/** The AST as plain data, without Langium's `$` bookkeeping (but with each node's text range). */
function plain(node: unknown): unknown {
    if (Array.isArray(node)) return node.map(plain);
    if (node && typeof node === 'object' && '$type' in node) {
        const ast = node as AstNode;
        const out: Record<string, unknown> = { $type: ast.$type, $at: ast.$cstNode ? [ast.$cstNode.offset, ast.$cstNode.end] : undefined };
        for (const k of Object.keys(ast).sort()) if (!k.startsWith('$')) out[k] = plain((ast as unknown as Record<string, unknown>)[k]);
        return out;
    }
    return node;
}

/** Every leaf's offset, range and text agree with the document text. */
function checkLeaves(result: ParseResult<Program>, text: string): void {
    const lineStarts = [0];
    for (let i = 0; i < text.length; i++) if (text[i] === '\n') lineStarts.push(i + 1);
    for (const node of CstUtils.streamCst(result.value.$cstNode!) as Iterable<CstNode & { tokenType?: unknown; image?: string }>) {
        if (!('tokenType' in node)) continue;
        const start = node.range.start;
        expect(lineStarts[start.line] + start.character, `leaf at ${node.offset}`).toBe(node.offset);
        expect(node.text).toBe(text.substring(node.offset, node.end));
    }
}

function errors(result: ParseResult<Program>): unknown {
    return {
        lexer: result.lexerErrors.map(e => [e.offset, e.line, e.column, e.message]),
        parser: result.parserErrors.map(e => [e.token.startOffset, e.token.startLine, e.message]),
    };
}

describe.runIf(corpusAvailable())('the chunked parser', () => {
    const programs = corpusLabels().map(l => ({ id: l.id, text: corpusProgram(l.id) }));

    it('gives the whole-file parse tree for every corpus program without syntax errors', () => {
        let compared = 0;
        for (const { id, text } of programs) {
            const reference = whole.parse<Program>(text);
            if (reference.lexerErrors.length || reference.parserErrors.length) continue;
            const result = chunked.parse(text);
            expect(errors(result), id).toEqual({ lexer: [], parser: [] });
            expect(JSON.stringify(plain(result.value)), id).toBe(JSON.stringify(plain(reference.value)));
            checkLeaves(result, text);
            compared++;
        }
        expect(compared).toBeGreaterThan(1400);
    });

    it('reparses random edits exactly as a fresh parse of the edited text', () => {
        // A deterministic generator, so a failure reproduces.
        let seed = 12345;
        const random = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
        const snippets = ['x', ' ', '\n', '}', '{', ';', 'fn g() { }\n', '"', '/*', '// c\n', 'locus Z { }\n', '@hot ', '🎉', '1.5d'];
        const bigOnes = programs.filter(p => (p.text.match(/\n(fn|locus|type|topic|main) /g) ?? []).length >= 3).slice(0, 50);
        let edits = 0;
        for (const { id, text: original } of bigOnes) {
            let text = original;
            let previous = chunked.parse(text);
            for (let step = 0; step < 6; step++) {
                const at = Math.floor(random() * (text.length + 1));
                const remove = random() < 0.5 ? Math.floor(random() * 8) : 0;
                const insert = random() < 0.7 ? snippets[Math.floor(random() * snippets.length)] : '';
                text = text.slice(0, at) + insert + text.slice(Math.min(text.length, at + remove));
                const incremental = chunked.parse(text, previous);
                const fresh = chunked.parse(text);
                expect(JSON.stringify(plain(incremental.value)), `${id} edit ${step}`).toBe(JSON.stringify(plain(fresh.value)));
                expect(errors(incremental), `${id} edit ${step}`).toEqual(errors(fresh));
                checkLeaves(incremental, text);
                previous = incremental;
                edits++;
            }
        }
        expect(edits).toBeGreaterThan(250);
    });

    it('reuses the declarations an edit does not touch', () => {
        const text = 'type A { x: Int; }\n\nfn f() -> Int {\n    return 1;\n}\n\nlocus L {\n    run() { }\n}\n';
        const first = chunked.parse(text);
        const [a, f, l] = first.value.declarations;
        const edited = text.replace('return 1;', 'return 1 + 2;\n    // more');
        const second = chunked.parse(edited, first);
        const [a2, f2, l2] = second.value.declarations;
        expect(a2).toBe(a);
        expect(f2).not.toBe(f);
        expect(l2).toBe(l);
        expect(l2.$cstNode!.range.start.line).toBe(7);
        expect(l2.$cstNode!.text).toBe('locus L {\n    run() { }\n}');
    });
});
