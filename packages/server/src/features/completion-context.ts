/**
 * Where the cursor is, read from the tokens of the editor's current text (not the last parse, which a
 * half-typed line breaks): the blocks that enclose it (locus, params, bus, placement, a fn body, a struct
 * literal ...), the tokens of the statement typed so far, and the word being typed. Only the enclosing
 * top-level declaration is tokenized, so the cost does not grow with the file.
 */
import type { Lexer } from 'langium';

export type FrameKind =
    | 'top' | 'module' | 'locus' | 'params' | 'bus' | 'placement' | 'bindings' | 'topic' | 'typeDecl'
    | 'body' | 'match' | 'literal' | 'other';

export interface Frame {
    readonly kind: FrameKind;
    /** The locus name (locus), the literal's type (literal), the fn or hook name (body: the outermost body's). */
    readonly name?: string;
    readonly isMain?: boolean;
}

export interface Tok {
    readonly image: string;
    /** ID, STRING, INT ... or the keyword / punctuation itself. */
    readonly type: string;
    readonly start: number;
    readonly end: number;
}

export interface CompletionContext {
    /** Innermost last. */
    readonly frames: readonly Frame[];
    /** Tokens of the current statement before the word being typed. */
    readonly statement: readonly Tok[];
    /** The word (or partial string) being typed, and where it starts. */
    readonly word: string;
    readonly wordStart: number;
    /** Parentheses open in the current statement (inside call arguments, placement specs ...). */
    readonly parens: number;
    /** The enclosing locus and fn (by name), if any. */
    readonly locus?: Frame;
    readonly fn?: string;
}

const TOP_LEVEL_LINE = /^(?:@|main\s+locus\b|locus\b|fn\b|type\b|topic\b|const\b|module\b|import\b|interface\b|perspective\b|group\b|effect\b|domain\b|target\b|ring_layout\b|constitution\b|claims\b)/;
const HOOKS = new Set(['birth', 'accept', 'release', 'run', 'drain', 'dissolve', 'on_failure', 'mode']);
const WORD = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** The offset of the top-level declaration that contains `offset` (a line starting at column 0). */
export function declarationStart(text: string, offset: number): number {
    let lineStart = text.lastIndexOf('\n', Math.max(0, offset - 1)) + 1;
    while (lineStart > 0) {
        if (TOP_LEVEL_LINE.test(text.slice(lineStart, lineStart + 16)) && lineStart < offset) break;
        // The previous line's start (lastIndexOf clamps a negative index to 0, which would loop at line 1).
        lineStart = lineStart >= 2 ? text.lastIndexOf('\n', lineStart - 2) + 1 : 0;
    }
    return lineStart;
}

export function completionContext(lexer: Lexer, text: string, offset: number): CompletionContext {
    const start = declarationStart(text, offset);
    const slice = text.slice(start, offset);
    const lexed = lexer.tokenize(slice);
    const toks: Tok[] = lexed.tokens.map(t => ({ image: t.image, type: t.tokenType.name, start: start + t.startOffset, end: start + t.startOffset + t.image.length }));

    // The word being typed: an identifier token ending at the cursor, or text the lexer could not read
    // (an unterminated `"subj`).
    let word = '';
    let wordStart = offset;
    const last = toks[toks.length - 1];
    const lastEnd = last ? last.end : start;
    const trailing = text.slice(lastEnd, offset);
    if (trailing.trim() && !/\s/.test(trailing)) { word = trailing; wordStart = lastEnd; }
    else if (trailing.trim()) {
        const m = /("[^"\s]*|[A-Za-z_][A-Za-z0-9_]*)$/.exec(trailing);
        if (m) { word = m[1]; wordStart = offset - m[1].length; }
    } else if (last && last.end === offset && WORD.test(last.image)) {
        word = last.image; wordStart = last.start; toks.pop();
    }

    const frames: Frame[] = [{ kind: 'top' }];
    let stmtStart = 0;
    let parens = 0;
    let fn: string | undefined;
    const current = () => frames[frames.length - 1];
    for (let i = 0; i < toks.length; i++) {
        const t = toks[i];
        if (t.image === '(' || t.image === '[') { parens++; continue; }
        if (t.image === ')' || t.image === ']') { parens = Math.max(0, parens - 1); continue; }
        if (t.image === ';') { if (parens === 0) stmtStart = i + 1; continue; }
        if (t.image === '{') {
            const header = toks.slice(stmtStart, i);
            frames.push(frameFor(header, current(), parens));
            const f = current();
            if (f.kind === 'body' && f.name && !frames.slice(0, -1).some(x => x.kind === 'body')) fn = f.name;
            stmtStart = i + 1;
            parens = 0;
            continue;
        }
        if (t.image === '}') {
            if (frames.length > 1) frames.pop();
            if (!frames.some(x => x.kind === 'body')) fn = undefined;
            stmtStart = i + 1;
            parens = 0;
            continue;
        }
        if (t.image === ',' && parens === 0 && current().kind === 'literal') stmtStart = i + 1;
    }
    const locus = [...frames].reverse().find(f => f.kind === 'locus');
    return { frames, statement: toks.slice(stmtStart), word, wordStart, parens, locus, fn };
}

function frameFor(header: readonly Tok[], outer: Frame, parens: number): Frame {
    const images = header.map(t => t.image);
    const first = images[0];
    const inBody = outer.kind === 'body' || outer.kind === 'match' || outer.kind === 'literal';
    if (parens > 0 && inBody) return literalOrBlock(images);
    if (first === 'main' && images[1] === 'locus') return { kind: 'locus', name: images[2], isMain: true };
    if (images.includes('locus') && (outer.kind === 'top' || outer.kind === 'module')) {
        const i = images.indexOf('locus');
        return { kind: 'locus', name: images[i + 1], isMain: images[i - 1] === 'main' };
    }
    if (outer.kind === 'top' || outer.kind === 'module') {
        if (first === 'module') return { kind: 'module', name: images[1] };
        if (first === 'topic') return { kind: 'topic', name: images[1] };
        if (first === 'type') return { kind: 'typeDecl', name: images[1] };
        if (images.includes('fn')) return { kind: 'body', name: images[images.indexOf('fn') + 1] };
        return { kind: 'other' };
    }
    if (outer.kind === 'locus') {
        if (first === 'params') return { kind: 'params' };
        if (first === 'bus') return { kind: 'bus' };
        if (first === 'placement') return { kind: 'placement' };
        if (first === 'bindings') return { kind: 'bindings' };
        if (images.includes('fn')) return { kind: 'body', name: images[images.indexOf('fn') + 1] };
        const hook = images.find(x => HOOKS.has(x));
        if (hook) return { kind: 'body', name: hook === 'mode' ? images[images.indexOf('mode') + 1] : hook };
        if (first === 'type') return { kind: 'typeDecl', name: images[1] };
        return { kind: 'other' };
    }
    if (outer.kind === 'params' || outer.kind === 'bindings') {
        const eq = images.lastIndexOf('=');
        const afterEq = eq >= 0 ? images.slice(eq + 1) : images.slice(images.lastIndexOf(':') + 1);
        return literalOrBlock(afterEq);
    }
    if (inBody) {
        if (first === 'match' || (images.includes('match') && images.indexOf('match') < images.length - 1)) return { kind: 'match' };
        return literalOrBlock(images);
    }
    return { kind: 'other' };
}

/** `Order {` or `x = a::Order {` opens a struct literal; `if c {`, `while true {`, `{` open a block. */
function literalOrBlock(images: readonly string[]): Frame {
    const n = images.length;
    if (n >= 1 && WORD.test(images[n - 1]) && !['if', 'else', 'while', 'for', 'in', 'match', 'loop', 'return', 'true', 'false'].includes(images[n - 1])) {
        if (['if', 'while', 'for', 'match'].some(k => images.includes(k)) && !images.includes('=') && !images.includes('<-')) return { kind: 'body' };
        const parts = [images[n - 1]];
        let i = n - 2;
        while (i >= 1 && images[i] === '::' && WORD.test(images[i - 1])) { parts.unshift(images[i - 1]); i -= 2; }
        return { kind: 'literal', name: parts.join('::') };
    }
    if (n >= 1 && (images[n - 1] === '>' || images[n - 1] === 'GENERIC_CLOSE')) return { kind: 'literal' };
    return { kind: 'body' };
}
