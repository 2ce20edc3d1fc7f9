import { describe, expect, it } from 'vitest';
import { tokens } from './parse-helpers.js';

describe('the Hale lexer', () => {
    it('reads durations, compound durations, decimals, floats and suffixed ints', () => {
        expect(tokens('500ms 1h30m 5s 2d 1.50d 3.14 1e-3 2.5f32 42i32 0xFF 0b1010_1010 1_000')).toEqual([
            ['DURATION', '500ms'], ['DURATION', '1h30m'], ['DURATION', '5s'], ['DURATION', '2d'], ['DECIMAL', '1.50d'],
            ['FLOAT', '3.14'], ['FLOAT', '1e-3'], ['FLOAT', '2.5f32'], ['INT', '42i32'], ['INT', '0xFF'],
            ['INT', '0b1010_1010'], ['INT', '1_000'],
        ]);
    });

    it('reads a range between integers and tuple indexes after a dot', () => {
        expect(tokens('0..4 0..=4 t.0.1')).toEqual([
            ['INT', '0'], ['..', '..'], ['INT', '4'], ['INT', '0'], ['..=', '..='], ['INT', '4'],
            ['ID', 't'], ['.', '.'], ['INT', '0'], ['.', '.'], ['INT', '1'],
        ]);
    });

    it('splits an f-string around its interpolations, with nested braces and escaped quotes', () => {
        expect(tokens('f"a{x + 1}b{ {y} }c{{d}}" f"plain" f"[{trim(\\"  \\")}]"')).toEqual([
            ['FSTRING_HEAD', 'f"a{'], ['ID', 'x'], ['+', '+'], ['INT', '1'], ['FSTRING_MIDDLE', '}b{'],
            ['{', '{'], ['ID', 'y'], ['}', '}'], ['FSTRING_TAIL', '}c{{d}}"'],
            ['FSTRING_WHOLE', 'f"plain"'],
            ['FSTRING_HEAD', 'f"[{'], ['ID', 'trim'], ['(', '('], ['STRING', '\\"  \\"'], [')', ')'], ['FSTRING_TAIL', '}]"'],
        ]);
    });

    it('tells generic arguments in expressions from comparisons', () => {
        expect(tokens('first<Int>(xs)').map(t => t[0])).toEqual(['ID', 'GENERIC_OPEN', 'ID', 'GENERIC_CLOSE', '(', 'ID', ')']);
        expect(tokens('a < b && c > (d)').map(t => t[0])).toEqual(['ID', '<', 'ID', '&&', 'ID', '>', '(', 'ID', ')']);
        expect(tokens('fn first<T>(x: T)').map(t => t[0])).toEqual(['fn', 'ID', '<', 'ID', '>', '(', 'ID', ':', 'ID', ')']);
        expect(tokens('b: Box<Box<Int>>;').map(t => t[1])).toEqual(['b', ':', 'Box', '<', 'Box', '<', 'Int', '>', '>', ';']);
        expect(tokens('d >> 4').map(t => t[0])).toEqual(['ID', '>>', 'INT']);
    });

    it('keeps comments hidden and does not lex inside them or inside strings', () => {
        expect(tokens('a // "not a string\n"// not a comment" /* b */ c')).toEqual([['ID', 'a'], ['STRING', '"// not a comment"'], ['ID', 'c']]);
    });

    it('reports non-ASCII in code, with UTF-16 columns after astral characters', () => {
        const { Hale } = require_services();
        const result = Hale.parser.Lexer.tokenize('"🎉" x — y');
        expect(result.errors).toHaveLength(1);
        expect(result.errors[0].message).toMatch(/unexpected character `—`/);
        expect(result.errors[0].column).toBe(8); // `"🎉" x ` is 7 UTF-16 units
        expect(result.tokens.map(t => t.image)).toEqual(['"🎉"', 'x', 'y']);
    });

    it('reports an unterminated string and a bad escape without losing the rest', () => {
        const { Hale } = require_services();
        const result = Hale.parser.Lexer.tokenize('let s = "a\\qb";\nlet t = "open');
        expect(result.errors.map(e => e.message)).toEqual([
            'unknown escape `\\q` in a string literal',
            'unterminated string literal: expected a closing `"`',
        ]);
        expect(result.tokens.map(t => t.image).slice(0, 5)).toEqual(['let', 's', '=', '"a\\qb"', ';']);
    });
});

import { EmptyFileSystem } from 'langium';
import { createHaleCoreServices } from '../../src/index.js';
function require_services() { return createHaleCoreServices(EmptyFileSystem); }
