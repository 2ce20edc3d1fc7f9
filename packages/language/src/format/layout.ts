/**
 * The canonical layout of styleguide.md ("Canonical form") and testing.md (`hale fmt`): a rewrite of the
 * whitespace between tokens only. The author's line structure is kept (no re-wrapping, no joining); what
 * changes is each line's indent, the spacing between tokens on a line, runs of blank lines, and the end of
 * the file.
 *
 * - Indentation: one unit per bracket depth; a closer returns to its opener's line indent; brackets opened
 *   together on one line indent their contents once; a continuation line (it starts with `.`, an operator or
 *   `where`, or the line before ended with an operator) gets one extra unit, unless it is inside `(` or `[`,
 *   whose bracket already indents it. A body opened on a continuation line (`fn f(a: A)` / `    -> T {`)
 *   indents from that line and its `}` returns to it, as `hale fmt` lays out the stdlib. Own-line comments
 *   indent with the code that follows them.
 * - Spacing: one space between tokens, except the tight pairs (`.`, `::`, `..`, inside `()` and `[]`, before
 *   `,` `;` `:`, after unary `-` `!` `~` and `@`, generic angles, a call's or declaration's `(`). A trailing
 *   comment sits one space after the code.
 * - Blank lines: at most one in a row; none at the start; exactly one line break at the end.
 */
import { Kind, Role, closes, opens, type FormatToken } from './tokens.js';
import { Terminal } from '../lexer/hale-lexer.js';

export interface LayoutOptions {
    /** One level of indentation: four spaces by default (`hale fmt`), or a tab. */
    indentUnit: string;
    /** The line break written between lines: the document's own (`\n` or `\r\n`). */
    eol: string;
}

/** What goes between token i-1 and token i (gaps[0] before the first token, gaps[n] after the last). */
export interface Gap {
    start: number;
    end: number;
    text: string;
}

/** Whether joining two tokens with no space in between keeps them two tokens (`-` `-` yes, `>` `>` no). */
export type JoinCheck = (left: FormatToken, right: FormatToken) => boolean;

const TIGHT_BOTH = new Set(['.', '::', '..', '..=']);

function isFStringOpen(t: FormatToken): boolean {
    return t.tokenType === Terminal.FSTRING_HEAD || t.tokenType === Terminal.FSTRING_MIDDLE;
}
function isFStringClose(t: FormatToken): boolean {
    return t.tokenType === Terminal.FSTRING_MIDDLE || t.tokenType === Terminal.FSTRING_TAIL;
}

/** The canonical spacing between two code tokens on one line: `''` (tight) or `' '`. */
export function pairSpacing(a: FormatToken, b: FormatToken): '' | ' ' {
    const x = a.image, y = b.image;
    if (y === ',' || y === ';') return '';
    if (x === '(' || x === '[' || y === ')' || y === ']') return '';
    if (isFStringOpen(a) || isFStringClose(b)) return '';
    if (TIGHT_BOTH.has(x) || TIGHT_BOTH.has(y)) return '';
    if (a.role & Role.Unary || x === '@') return '';
    if (b.role & (Role.GenericOpen | Role.GenericClose) || a.role & Role.GenericOpen) return '';
    if ((y === '(' || y === '[') && b.role & Role.Tight) return '';
    if (y === ':' && !(b.role & Role.SpacedColon)) return '';
    return ' ';
}

function countLineBreaks(text: string, start: number, end: number): number {
    let n = 0;
    for (let i = start; i < end; i++) {
        const c = text.charCodeAt(i);
        if (c === 10) n++;
        else if (c === 13 && text.charCodeAt(i + 1) !== 10) n++;
    }
    return n;
}

interface Frame {
    /** The indent level of the line the bracket was opened on. */
    level: number;
    /** Whether it is a brace (a block, a body, a literal), where lines are statements, members or fields. */
    brace: boolean;
}

/**
 * Computes the canonical whitespace of every gap. `canJoin` guards the spacing rule: where it says tight
 * but the tokens were apart and would fuse if joined, one space is kept.
 */
export function layoutGaps(text: string, tokens: FormatToken[], options: LayoutOptions, canJoin: JoinCheck): Gap[] {
    const n = tokens.length;
    const gaps: Gap[] = new Array(n + 1);
    if (n === 0) {
        gaps[0] = { start: 0, end: text.length, text: '' };
        return gaps;
    }
    // Line breaks in each gap, in the source.
    const breaks: number[] = new Array(n + 1);
    breaks[0] = 0;
    for (let i = 1; i < n; i++) breaks[i] = countLineBreaks(text, tokens[i - 1].end, tokens[i].start);

    // Indent levels, line by line (a line is a run of tokens whose gaps hold no line break).
    const levelOfToken = new Int32Array(n).fill(-1); // set on the first token of each line
    const stack: Frame[] = [];
    let previousCodeLast: FormatToken | undefined;
    let pendingComments: number[] = []; // first-token indexes of comment-only lines awaiting the next code line
    let i = 0;
    while (i < n) {
        let j = i + 1;
        while (j < n && breaks[j] === 0) j++;
        // tokens[i..j) form this line
        let lead: FormatToken | undefined;
        let lastCode: FormatToken | undefined;
        for (let k = i; k < j; k++) {
            if (tokens[k].kind === Kind.Code) { lead ??= tokens[k]; lastCode = tokens[k]; }
        }
        if (!lead) {
            pendingComments.push(i);
            i = j;
            continue;
        }
        const top = stack.length ? stack[stack.length - 1] : undefined;
        let level: number;
        let commentLevel: number;
        if (closes(lead)) {
            level = top ? top.level : 0;
            commentLevel = top ? top.level + 1 : 0;
        } else {
            const base = top ? top.level + 1 : 0;
            let continuation = (lead.role & Role.Leading) !== 0
                || (previousCodeLast !== undefined && (previousCodeLast.role & Role.Operator) !== 0);
            // Inside `(` or `[` the bracket already indents a broken line: the extra level is for bracket-less
            // continuations, i.e. a statement, member or field broken across lines.
            if (continuation && top && !top.brace) continuation = false;
            level = base + (continuation ? 1 : 0);
            commentLevel = level;
        }
        for (const c of pendingComments) levelOfToken[c] = commentLevel;
        pendingComments = [];
        levelOfToken[i] = level;
        for (let k = i; k < j; k++) {
            const t = tokens[k];
            if (t.kind !== Kind.Code) continue;
            if (closes(t) && stack.length) stack.pop();
            if (opens(t)) stack.push({ level, brace: t.image !== '(' && t.image !== '[' });
        }
        previousCodeLast = lastCode;
        i = j;
    }
    const trailingLevel = stack.length ? stack[stack.length - 1].level + 1 : 0;
    for (const c of pendingComments) levelOfToken[c] = trailingLevel;

    const indent = (level: number) => options.indentUnit.repeat(level);
    gaps[0] = { start: 0, end: tokens[0].start, text: indent(levelOfToken[0]) };
    for (let k = 1; k < n; k++) {
        const a = tokens[k - 1], b = tokens[k];
        const start = a.end, end = b.start;
        let gap: string;
        if (breaks[k] > 0) {
            gap = options.eol.repeat(Math.min(breaks[k], 2)) + indent(levelOfToken[k]);
        } else if (b.kind === Kind.LineComment) {
            gap = ' ';
        } else if (a.kind === Kind.BlockComment || b.kind === Kind.BlockComment) {
            gap = end > start ? ' ' : '';
        } else {
            gap = pairSpacing(a, b);
            if (gap === '' && end > start && !canJoin(a, b)) gap = ' ';
        }
        gaps[k] = { start, end, text: gap };
    }
    gaps[n] = { start: tokens[n - 1].end, end: text.length, text: options.eol };
    return gaps;
}

/** The text with every gap replaced. */
export function applyGaps(text: string, tokens: FormatToken[], gaps: Gap[]): string {
    const parts: string[] = [];
    for (let k = 0; k < tokens.length; k++) {
        parts.push(gaps[k].text, tokens[k].image);
    }
    parts.push(gaps[tokens.length].text);
    return parts.join('');
}
