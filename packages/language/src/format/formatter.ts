/**
 * Formatting Hale: the canonical form of styleguide.md, applied as a whitespace-only rewrite.
 *
 * Why a rewrite of the gaps between the lexer's tokens, and not Langium's AbstractFormatter: the two hard
 * guarantees are that the token stream (outside whitespace and comments) stays identical and that every
 * comment stays, in order, with its text. Here the output is the source tokens' own images with new gaps,
 * so both hold by construction; the parse tree is only consulted for roles (unary or binary `-`, generic
 * or comparison `<`, call or grouping `(`). AbstractFormatter works on CST nodes and treats comments as
 * hidden nodes placed around them, and its edits are per-node (prepend/append) rather than per-line, which
 * makes "keep the author's line breaks, re-indent by bracket depth" (what `hale fmt` does) awkward and
 * idempotence hard to prove. As a last line of defence the result is re-lexed and compared token by token
 * with the input; if anything differs (it should not), nothing is changed.
 *
 * Programs with lexical or syntax errors are left alone (no edits): a half-typed line must not be
 * re-indented on a guess.
 */
import { EmptyFileSystem, type CstNode, type Lexer } from 'langium';
import type { Range, TextEdit } from 'vscode-languageserver-types';
import { createHaleCoreServices } from '../hale-module.js';
import { assignRoles, lexForFormat, type FormatToken } from './tokens.js';
import { applyGaps, layoutGaps, type JoinCheck } from './layout.js';
import { PositionMap, applyOffsetEdits, gapsToOffsetEdits, lineSpan, toTextEdits } from './edits.js';

export interface HaleFormatOptions {
    /** Spaces per indent level (4 in `hale fmt`'s canonical form). */
    tabSize?: number;
    /** Indent with spaces (canonical) or with tabs. */
    insertSpaces?: boolean;
}

export type FormatSkipReason = 'lexical-errors' | 'syntax-errors' | 'parse-mismatch' | 'unsafe-result';

export interface FormatResult {
    /** `formatted`: `edits` turn the input into `text` (none when it already was canonical). */
    status: 'formatted' | 'skipped';
    reason?: FormatSkipReason;
    /** A sentence for a user when skipped. */
    message?: string;
    /** The formatted text (the input unchanged when skipped; with only the range's edits when a range was given). */
    text: string;
    edits: TextEdit[];
}

/** A parse of the text to format, as a Langium document holds it (so the server does not parse again). */
export interface ParsedHale {
    root: CstNode | undefined;
    lexerErrors: number;
    parserErrors: number;
}

let core: ReturnType<typeof createHaleCoreServices>['Hale'] | undefined;
function coreServices() {
    core ??= createHaleCoreServices(EmptyFileSystem).Hale;
    return core;
}

/** Formats a whole program, or only the lines `range` touches; returns the LSP edits (none when skipped). */
export function formatHale(text: string, options: HaleFormatOptions = {}, range?: Range): TextEdit[] {
    return formatHaleDetailed(text, options, range).edits;
}

/** The formatted text of a whole program (the input itself when it has syntax errors). */
export function formatHaleText(text: string, options: HaleFormatOptions = {}): string {
    return formatHaleDetailed(text, options).text;
}

/** Formats with the core services' parser and lexer; tells why when it leaves the text alone. */
export function formatHaleDetailed(text: string, options: HaleFormatOptions = {}, range?: Range): FormatResult {
    const services = coreServices();
    const parse = services.parser.LangiumParser.parse(text);
    return formatParsedHale(text, {
        root: parse.value.$cstNode, lexerErrors: parse.lexerErrors.length, parserErrors: parse.parserErrors.length,
    }, services.parser.Lexer, options, range);
}

const joinCache = new Map<string, boolean>();

/** Joining two tokens is safe when lexing their images side by side gives back exactly those two tokens. */
function joinCheck(lexer: Lexer): JoinCheck {
    return (a: FormatToken, b: FormatToken) => {
        // An f-string piece ends with `{` or starts with `}`, which ends the tokens around it, except that
        // `{` right after the piece's `{` would read as the escaped brace `{{`.
        if (a.tokenType.startsWith('FSTRING') || b.tokenType.startsWith('FSTRING')) {
            return !(a.image.endsWith('{') && a.tokenType.startsWith('FSTRING') && b.image.startsWith('{'));
        }
        const key = `${a.image}\u0000${b.image}`;
        let ok = joinCache.get(key);
        if (ok === undefined) {
            const r = lexer.tokenize(a.image + b.image);
            ok = r.errors.length === 0 && (r.hidden?.length ?? 0) === 0 && r.tokens.length === 2
                && r.tokens[0].image === a.image && r.tokens[1].image === b.image;
            if (joinCache.size > 10_000) joinCache.clear();
            joinCache.set(key, ok);
        }
        return ok;
    };
}
/** Never joins tokens the source kept apart: the fallback layout if the normal one ever failed the check. */
const neverJoin: JoinCheck = () => false;

/** Formats `text`, given its parse (from a Langium document or the core parser) and a Hale lexer. */
export function formatParsedHale(text: string, parsed: ParsedHale, lexer: Lexer, options: HaleFormatOptions = {}, range?: Range): FormatResult {
    const skipped = (reason: FormatSkipReason, message: string): FormatResult => ({ status: 'skipped', reason, message, text, edits: [] });
    if (parsed.lexerErrors > 0) return skipped('lexical-errors', 'not formatted: the file has lexical errors');
    if (parsed.parserErrors > 0 || !parsed.root) return skipped('syntax-errors', 'not formatted: the file has syntax errors');
    const lexed = lexForFormat(lexer, text);
    if (lexed.errors > 0) return skipped('lexical-errors', 'not formatted: the file has lexical errors');
    if (!assignRoles(text, lexed.tokens, parsed.root)) return skipped('parse-mismatch', 'not formatted: the parse does not match the text');

    const tabSize = options.tabSize && options.tabSize > 0 ? Math.floor(options.tabSize) : 4;
    const firstBreak = text.search(/[\r\n]/);
    const layout = {
        indentUnit: options.insertSpaces === false ? '\t' : ' '.repeat(tabSize),
        // Keep the document's line breaks: CRLF if its first line ends with one.
        eol: firstBreak >= 0 && text.startsWith('\r\n', firstBreak) ? '\r\n' : '\n',
    };
    const map = new PositionMap(text);
    const span = range ? lineSpan(map, range) : undefined;
    for (const canJoin of [joinCheck(lexer), neverJoin]) {
        const gaps = layoutGaps(text, lexed.tokens, layout, canJoin);
        const offsetEdits = gapsToOffsetEdits(text, gaps, span);
        const result = span ? applyOffsetEdits(text, offsetEdits) : applyGaps(text, lexed.tokens, gaps);
        if (sameTokens(lexer, lexed.tokens, result)) {
            return { status: 'formatted', text: result, edits: toTextEdits(map, offsetEdits) };
        }
    }
    return skipped('unsafe-result', 'not formatted: the formatter could not keep every token unchanged');
}

/** Whether `text` lexes to exactly `tokens` (images, token types and comments, in order). */
function sameTokens(lexer: Lexer, tokens: FormatToken[], text: string): boolean {
    const again = lexForFormat(lexer, text);
    if (again.errors > 0 || again.tokens.length !== tokens.length) return false;
    for (let i = 0; i < tokens.length; i++) {
        const a = tokens[i], b = again.tokens[i];
        if (a.image !== b.image || a.tokenType !== b.tokenType || a.kind !== b.kind) return false;
    }
    return true;
}
