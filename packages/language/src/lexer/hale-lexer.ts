/**
 * Hale's lexer (spec/tokens.md), written by hand because Hale's tokens are context-sensitive in ways a
 * regex lexer cannot express: f-string interpolations nest ordinary tokens inside a literal, a number
 * after `.` is a tuple index (`t.0.1`), `0..4` is a range and not a float, `>>` closes two generic lists
 * in `Box<Box<Int>>`, durations compound (`1h30m`). It emits the token types Langium built from the
 * grammar, so the generated parser consumes them unchanged.
 *
 * Positions are JS string offsets, i.e. UTF-16 code units, which is what LSP positions count.
 */
import { createTokenInstance, type ILexingError, type IToken, type TokenType, type TokenTypeDictionary } from 'chevrotain';
import type { LangiumCoreServices, Lexer, LexerResult, TokenizeOptions } from 'langium';

/** Token type names of the terminals declared in hale.langium. */
export const Terminal = {
    ID: 'ID', INT: 'INT', FLOAT: 'FLOAT', DECIMAL: 'DECIMAL', DURATION: 'DURATION', STRING: 'STRING',
    BYTES: 'BYTES', BACKTICK: 'BACKTICK', FSTRING_WHOLE: 'FSTRING_WHOLE', FSTRING_HEAD: 'FSTRING_HEAD',
    FSTRING_MIDDLE: 'FSTRING_MIDDLE', FSTRING_TAIL: 'FSTRING_TAIL', SL_COMMENT: 'SL_COMMENT',
    ML_COMMENT: 'ML_COMMENT', GENERIC_OPEN: 'GENERIC_OPEN', GENERIC_CLOSE: 'GENERIC_CLOSE',
} as const;

/** Punctuation, longest first so that the first match is the longest one. */
const PUNCTUATION = [
    '..=', '..', '::', '->', '=>', '<-', '<=', '>=', '==', '!=', '&&', '||', '<<', '>>', '+=', '-=', '*=',
    '/=', '%=', '&=', '|=', '^=', '~~',
    '+', '-', '*', '/', '%', '<', '>', '=', '!', '~', '&', '|', '^', '.', ',', ';', ':', '(', ')', '[', ']',
    '{', '}', '@',
];

const DECLARATION_KEYWORDS = new Set(['fn', 'locus', 'type', 'perspective', 'interface', 'topic']);
const DURATION_UNITS = ['ns', 'us', 'ms', 's', 'm', 'h', 'd'];
const INT_SUFFIXES = new Set(['i8', 'i16', 'i32', 'i64', 'u8', 'u16', 'u32', 'u64', 'usize', 'isize']);
const FLOAT_SUFFIXES = new Set(['f32', 'f64']);

const enum Ch {
    Tab = 9, LF = 10, CR = 13, Space = 32, Quote = 34, Backslash = 92, Backtick = 96,
    LBrace = 123, RBrace = 125, Dot = 46, Slash = 47, Star = 42, Zero = 48, Nine = 57, Underscore = 95,
}

function isDigit(c: number): boolean { return c >= 48 && c <= 57; }
function isIdentStart(c: number): boolean { return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95; }
function isIdentPart(c: number): boolean { return isIdentStart(c) || isDigit(c); }
function isHexDigit(c: number): boolean { return isDigit(c) || (c >= 97 && c <= 102) || (c >= 65 && c <= 70); }

function computeLineStarts(text: string): number[] {
    const starts = [0];
    for (let i = 0; i < text.length; i++) {
        const c = text.charCodeAt(i);
        if (c === Ch.LF) starts.push(i + 1);
        else if (c === Ch.CR && text.charCodeAt(i + 1) !== Ch.LF) starts.push(i + 1);
    }
    return starts;
}

/** One open f-string interpolation: how many `{` of the interpolated code are still open. */
interface Interpolation { depth: number }

export class HaleLexer implements Lexer {
    readonly definition: TokenTypeDictionary;
    private readonly keywords = new Map<string, TokenType>();
    private readonly punctuation: Array<[string, TokenType]> = [];

    constructor(services: LangiumCoreServices) {
        const built = services.parser.TokenBuilder.buildTokens(services.Grammar, { caseInsensitive: false });
        const list = Array.isArray(built) ? built : Object.values(built as TokenTypeDictionary);
        const definition: TokenTypeDictionary = {};
        for (const type of list as TokenType[]) definition[type.name] = type;
        this.definition = definition;
        for (const [name, type] of Object.entries(definition)) {
            if (/^[a-zA-Z_][a-zA-Z0-9_]*$/.test(name) && !(name in Terminal) && name !== 'WS') {
                this.keywords.set(name, type);
            }
        }
        for (const p of PUNCTUATION) {
            const type = definition[p];
            if (type) this.punctuation.push([p, type]);
        }
    }

    tokenize(text: string, _options?: TokenizeOptions): LexerResult {
        return new Scan(text, this.definition, this.keywords, this.punctuation).run();
    }
}

/** The state of one tokenization. */
class Scan {
    private pos = 0;
    private readonly tokens: IToken[] = [];
    private readonly hidden: IToken[] = [];
    private readonly errors: ILexingError[] = [];
    private readonly interpolations: Interpolation[] = [];
    /** `<` opened after a type-like name, to split `>>` in `Box<Box<Int>>`. */
    private genericDepth = 0;
    /** Offsets of the `>` that close generic arguments opened in expression position. */
    private readonly genericCloses = new Set<number>();

    constructor(
        private readonly text: string,
        private readonly def: TokenTypeDictionary,
        private readonly keywords: Map<string, TokenType>,
        private readonly punctuation: Array<[string, TokenType]>,
    ) {
        this.lineStarts = computeLineStarts(text);
    }

    run(): LexerResult {
        const text = this.text;
        while (this.pos < text.length) {
            const c = text.charCodeAt(this.pos);
            if (c === Ch.Space || c === Ch.Tab || c === Ch.LF || c === Ch.CR || c === 12 || c === 11) {
                this.skipWhitespace();
            } else if (c === Ch.Slash && text.charCodeAt(this.pos + 1) === Ch.Slash) {
                this.lineComment();
            } else if (c === Ch.Slash && text.charCodeAt(this.pos + 1) === Ch.Star) {
                this.blockComment();
            } else if (c === Ch.Backslash && this.interpolations.length > 0 && text.charCodeAt(this.pos + 1) === Ch.Quote) {
                this.escapedString();
            } else if (c === Ch.Quote) {
                if (this.interpolations.length > 0) {
                    this.error(this.pos, 1, 'a `"` inside an f-string interpolation ends the f-string: write the inner string with escaped quotes, `\\"...\\"`');
                }
                this.string(this.pos, Terminal.STRING, 1);
            } else if ((c === 102 /* f */) && text.charCodeAt(this.pos + 1) === Ch.Quote) {
                this.formatStringStart();
            } else if ((c === 98 /* b */) && text.charCodeAt(this.pos + 1) === Ch.Quote) {
                this.string(this.pos, Terminal.BYTES, 2);
            } else if (isIdentStart(c)) {
                this.identifier();
            } else if (isDigit(c)) {
                this.number();
            } else if (c === Ch.Backtick) {
                this.backtick();
            } else if (c === Ch.RBrace && this.interpolations.length > 0 && this.interpolations[this.interpolations.length - 1].depth === 0) {
                this.formatStringContinue();
            } else if (c < 128) {
                this.punct();
            } else {
                this.nonAscii();
            }
        }
        if (this.interpolations.length > 0) {
            // The scanner reached the end inside `{...}` of an f-string: the literal was never closed.
            this.error(this.text.length, 0, 'unterminated f-string interpolation: expected `}` and the closing `"`');
        }
        return { tokens: this.tokens, hidden: this.hidden, errors: this.errors };
    }

    // ------------------------------------------------------------ token construction

    private push(typeName: string, start: number, end: number, hidden = false): void {
        const type = this.def[typeName];
        this.pushType(type, start, end, hidden);
    }

    private pushType(type: TokenType, start: number, end: number, hidden = false): void {
        // Lines and columns are 1-based as chevrotain counts them; a token may span lines (block comments).
        const startLine = this.lineOf(start);
        const startColumn = start - this.lineStarts[startLine - 1] + 1;
        const endLine = this.lineOf(Math.max(start, end - 1));
        const endColumn = end - 1 - this.lineStarts[endLine - 1] + 1;
        const token = createTokenInstance(type, this.text.substring(start, end), start, end - 1, startLine, endLine, startColumn, endColumn);
        (hidden ? this.hidden : this.tokens).push(token);
    }

    /** Offsets where lines start (after `\n`, `\r\n` or a lone `\r`, as LSP counts lines). */
    private readonly lineStarts: number[];
    private lineCursor = 0;

    /** The 1-based line of `offset`; tokens come in order, so the cursor mostly moves forward a little. */
    private lineOf(offset: number): number {
        const starts = this.lineStarts;
        let i = this.lineCursor;
        while (i + 1 < starts.length && starts[i + 1] <= offset) i++;
        while (i > 0 && starts[i] > offset) i--;
        this.lineCursor = i;
        return i + 1;
    }

    private error(offset: number, length: number, message: string): void {
        const line = this.lineOf(offset);
        const column = offset - this.lineStarts[line - 1] + 1;
        this.errors.push({ offset, length, line, column, message });
    }

    private previousTokenImage(): string | undefined {
        return this.tokens.length ? this.tokens[this.tokens.length - 1].image : undefined;
    }

    // ------------------------------------------------------------ scanners

    private skipWhitespace(): void {
        const text = this.text;
        let p = this.pos;
        while (p < text.length) {
            const c = text.charCodeAt(p);
            if (c === Ch.Space || c === Ch.Tab || c === Ch.LF || c === Ch.CR || c === 12 || c === 11) p++;
            else break;
        }
        this.pos = p;
    }

    private lineComment(): void {
        const text = this.text;
        let p = this.pos + 2;
        while (p < text.length) {
            const c = text.charCodeAt(p);
            if (c === Ch.LF || c === Ch.CR) break;
            p++;
        }
        this.push(Terminal.SL_COMMENT, this.pos, p, true);
        this.pos = p;
    }

    private blockComment(): void {
        const start = this.pos;
        const close = this.text.indexOf('*/', start + 2);
        const end = close < 0 ? this.text.length : close + 2;
        if (close < 0) this.error(start, 2, 'unterminated block comment: expected `*/`');
        this.push(Terminal.ML_COMMENT, start, end, true);
        this.pos = end;
    }

    /** `"..."` or `b"..."`, with backslash escapes; `prefix` is the length of the opening (`"` or `b"`). */
    private string(start: number, typeName: string, prefix: number): void {
        const text = this.text;
        let p = start + prefix;
        while (p < text.length) {
            const c = text.charCodeAt(p);
            if (c === Ch.Backslash) { p = this.escape(p, typeName === Terminal.BYTES); continue; }
            if (c === Ch.Quote) {
                this.push(typeName, start, p + 1);
                this.pos = p + 1;
                return;
            }
            p++;
        }
        // Strings may span lines; an unterminated one runs to the end of the file, so report where it began.
        p = Math.min(p, this.lineEnd(start));
        this.error(start, Math.max(1, p - start), 'unterminated string literal: expected a closing `"`');
        this.push(typeName, start, p);
        this.pos = p;
    }

    /** Validates one escape at `p` (a backslash) and returns the offset after it. */
    private escape(p: number, bytes: boolean): number {
        const text = this.text;
        const next = text.charCodeAt(p + 1);
        if (next === 120 /* x */) {
            const h1 = text.charCodeAt(p + 2), h2 = text.charCodeAt(p + 3);
            if (!isHexDigit(h1) || !isHexDigit(h2)) {
                this.error(p, 2, 'invalid escape: `\\x` takes two hex digits, e.g. `\\x01`');
                return p + 2;
            }
            if (!bytes && parseInt(text.substr(p + 2, 2), 16) > 0x7f) {
                this.error(p, 4, 'invalid escape: `\\x80` and above are not allowed in a string (use a byte literal `b"..."` or `std::bytes`)');
            }
            return p + 4;
        }
        if (next === Ch.LF || next === Ch.CR || isNaN(next)) return p + 1;
        if ('ntr\\"\'0{}'.includes(String.fromCharCode(next))) return p + 2;
        const width = next >= 0xd800 && next <= 0xdbff ? 3 : 2;
        this.error(p, width, `unknown escape \`\\${text.substring(p + 1, p + width)}\` in a string literal`);
        return p + width;
    }

    /** `f"...` up to the first interpolation `{` or the closing quote. */
    private lineEnd(offset: number): number {
        const text = this.text;
        let p = offset;
        while (p < text.length && text.charCodeAt(p) !== Ch.LF && text.charCodeAt(p) !== Ch.CR) p++;
        return p;
    }

    /**
     * `\"...\"` inside an f-string interpolation: upstream reads the whole f-string as one literal and
     * parses the interpolation after unescaping, so a string inside `{...}` is written with escaped quotes.
     */
    private escapedString(): void {
        const text = this.text;
        const start = this.pos;
        let p = start + 2;
        while (p < text.length) {
            const c = text.charCodeAt(p);
            if (c === Ch.Backslash && text.charCodeAt(p + 1) === Ch.Quote) {
                this.push(Terminal.STRING, start, p + 2);
                this.pos = p + 2;
                return;
            }
            if (c === Ch.Backslash) { p += 2; continue; }
            if (c === Ch.Quote || c === Ch.LF || c === Ch.CR) break;
            p++;
        }
        this.error(start, Math.max(2, p - start), 'unterminated string inside an f-string interpolation: expected a closing `\\"`');
        this.push(Terminal.STRING, start, p);
        this.pos = p;
    }

    private formatStringStart(): void {
        const start = this.pos;
        this.formatStringSegment(start, start + 2, Terminal.FSTRING_WHOLE, Terminal.FSTRING_HEAD);
    }

    /** `}...` after an interpolation, up to the next `{` or the closing quote. */
    private formatStringContinue(): void {
        this.interpolations.pop();
        const start = this.pos;
        this.formatStringSegment(start, start + 1, Terminal.FSTRING_TAIL, Terminal.FSTRING_MIDDLE);
    }

    private formatStringSegment(start: number, from: number, closedType: string, openType: string): void {
        const text = this.text;
        let p = from;
        while (p < text.length) {
            const c = text.charCodeAt(p);
            if (c === Ch.Backslash) { p = this.escape(p, false); continue; }
            if (c === Ch.LBrace) {
                if (text.charCodeAt(p + 1) === Ch.LBrace) { p += 2; continue; }
                this.push(openType, start, p + 1);
                this.pos = p + 1;
                this.interpolations.push({ depth: 0 });
                return;
            }
            if (c === Ch.RBrace) {
                if (text.charCodeAt(p + 1) === Ch.RBrace) { p += 2; continue; }
                this.error(p, 1, 'single `}` in an f-string: write `}}` for a literal brace');
                p++;
                continue;
            }
            if (c === Ch.Quote) {
                this.push(closedType, start, p + 1);
                this.pos = p + 1;
                return;
            }
            if (c === Ch.LF || c === Ch.CR) break;
            p++;
        }
        this.error(start, Math.max(1, p - start), 'unterminated f-string: expected a closing `"` on the same line');
        this.push(closedType, start, p);
        this.pos = p;
    }

    private backtick(): void {
        const start = this.pos;
        const close = this.text.indexOf('`', start + 1);
        const newline = this.text.slice(start + 1, close < 0 ? undefined : close).search(/[\r\n]/);
        if (close < 0 || newline >= 0) {
            const end = newline >= 0 ? start + 1 + newline : this.text.length;
            this.error(start, 1, 'unterminated backtick literal: expected a closing `` ` ``');
            this.push(Terminal.BACKTICK, start, end);
            this.pos = end;
            return;
        }
        this.push(Terminal.BACKTICK, start, close + 1);
        this.pos = close + 1;
    }

    private identifier(): void {
        const text = this.text;
        const start = this.pos;
        let p = start + 1;
        while (p < text.length && isIdentPart(text.charCodeAt(p))) p++;
        const word = text.substring(start, p);
        const keyword = this.keywords.get(word);
        this.pushType(keyword ?? this.def[Terminal.ID], start, p);
        this.pos = p;
    }

    /**
     * Integers (decimal, `0x`, `0o`, `0b`, `_` separators, `i32`-style suffixes), floats (`1.5`, `1e-3`,
     * `2.5f32`), decimals (`1.50d`), durations (`500ms`, `1h30m`). After `.` only digits are taken, so
     * `t.0.1` is two tuple indexes; a `.` starts a fraction only when a digit follows, so `0..4` is a range.
     */
    private number(): void {
        const text = this.text;
        const start = this.pos;
        let p = start;
        const afterDot = this.previousTokenImage() === '.';
        const c1 = text.charCodeAt(p + 1);
        if (text.charCodeAt(p) === Ch.Zero && (c1 === 120 || c1 === 111 || c1 === 98) && !afterDot) {
            // 0x / 0o / 0b
            const valid = c1 === 120 ? isHexDigit : c1 === 111 ? (c: number) => c >= 48 && c <= 55 : (c: number) => c === 48 || c === 49;
            p += 2;
            const digits = p;
            while (p < text.length && (valid(text.charCodeAt(p)) || text.charCodeAt(p) === Ch.Underscore)) p++;
            if (p === digits) this.error(start, 2, `expected digits after \`${text.substring(start, start + 2)}\``);
            p = this.suffix(start, p, 'int');
            this.push(Terminal.INT, start, p);
            this.pos = p;
            return;
        }
        while (p < text.length && (isDigit(text.charCodeAt(p)) || text.charCodeAt(p) === Ch.Underscore)) p++;
        if (afterDot) {
            this.push(Terminal.INT, start, p);
            this.pos = p;
            return;
        }
        let kind: 'int' | 'float' = 'int';
        if (text.charCodeAt(p) === Ch.Dot && isDigit(text.charCodeAt(p + 1))) {
            kind = 'float';
            p++;
            while (p < text.length && (isDigit(text.charCodeAt(p)) || text.charCodeAt(p) === Ch.Underscore)) p++;
        }
        const e = text.charCodeAt(p);
        if (e === 101 || e === 69) {
            let q = p + 1;
            const sign = text.charCodeAt(q);
            if (sign === 43 || sign === 45) q++;
            if (isDigit(text.charCodeAt(q))) {
                kind = 'float';
                while (q < text.length && isDigit(text.charCodeAt(q))) q++;
                p = q;
            }
        }
        if (kind === 'float' && text.charCodeAt(p) === 100 /* d */ && !isIdentPart(text.charCodeAt(p + 1))) {
            this.push(Terminal.DECIMAL, start, p + 1);
            this.pos = p + 1;
            return;
        }
        if (kind === 'int' && isIdentStart(text.charCodeAt(p))) {
            const durationEnd = this.durationEnd(start);
            if (durationEnd > 0) {
                this.push(Terminal.DURATION, start, durationEnd);
                this.pos = durationEnd;
                return;
            }
        }
        const end = this.suffix(start, p, kind);
        const suffix = text.substring(p, end);
        this.push(kind === 'float' || FLOAT_SUFFIXES.has(suffix) ? Terminal.FLOAT : Terminal.INT, start, end);
        this.pos = end;
    }

    /** The end of a (compound) duration starting at `start`, or -1 when the text there is not one. */
    private durationEnd(start: number): number {
        const text = this.text;
        let p = start;
        let units = 0;
        while (p < text.length && isDigit(text.charCodeAt(p))) {
            while (p < text.length && (isDigit(text.charCodeAt(p)) || text.charCodeAt(p) === Ch.Underscore)) p++;
            const unit = DURATION_UNITS.find(u => text.startsWith(u, p));
            if (!unit) return units > 0 && !isIdentPart(text.charCodeAt(p)) ? p : -1;
            p += unit.length;
            units++;
        }
        return units > 0 && !isIdentPart(text.charCodeAt(p)) ? p : -1;
    }

    /** A type suffix after a number (`42i32`, `2.5f32`); anything else glued to a number is an error. */
    private suffix(start: number, p: number, kind: 'int' | 'float'): number {
        const text = this.text;
        if (!isIdentStart(text.charCodeAt(p))) return p;
        let q = p;
        while (q < text.length && isIdentPart(text.charCodeAt(q))) q++;
        const suffix = text.substring(p, q);
        if (FLOAT_SUFFIXES.has(suffix) || (kind === 'int' && INT_SUFFIXES.has(suffix))) return q;
        this.error(start, q - start, `invalid suffix \`${suffix}\` on the number \`${text.substring(start, p)}\``);
        return q;
    }

    private punct(): void {
        const text = this.text;
        const start = this.pos;
        const c = text.charCodeAt(start);
        if (this.genericCloses.has(start)) {
            this.genericCloses.delete(start);
            this.push(Terminal.GENERIC_CLOSE, start, start + 1);
            this.pos = start + 1;
            return;
        }
        if (c === 60 /* < */ && text.charCodeAt(start + 1) !== 61 && text.charCodeAt(start + 1) !== 60 && text.charCodeAt(start + 1) !== 45) {
            const prev = this.previousTokenImage();
            const beforePrev = this.tokens.length > 1 ? this.tokens[this.tokens.length - 2].image : '';
            // `fn first<T>(` and `locus List<T> {` declare generic parameters: plain `<`.
            if (prev && /^[A-Za-z_]\w*$/.test(prev) && !DECLARATION_KEYWORDS.has(beforePrev)) {
                const closes = this.genericArgumentCloses(start);
                if (closes) {
                    for (const close of closes) this.genericCloses.add(close);
                    this.push(Terminal.GENERIC_OPEN, start, start + 1);
                    this.pos = start + 1;
                    return;
                }
            }
        }
        for (const [image, type] of this.punctuation) {
            if (text.startsWith(image, start)) {
                if (image === '>>' && this.genericDepth >= 2) {
                    // `Box<Box<Int>>`: two closing angle brackets, not a shift.
                    const gt = this.def['>'];
                    this.pushType(gt, start, start + 1);
                    this.pushType(gt, start + 1, start + 2);
                    this.genericDepth -= 2;
                    this.pos = start + 2;
                    return;
                }
                this.trackGenerics(image);
                if (c === Ch.LBrace && this.interpolations.length) this.interpolations[this.interpolations.length - 1].depth++;
                if (c === Ch.RBrace && this.interpolations.length) this.interpolations[this.interpolations.length - 1].depth--;
                this.pushType(type, start, start + image.length);
                this.pos = start + image.length;
                return;
            }
        }
        const ch = text[start];
        const hint = ch === '?' ? ' (`?` is reserved; address a fallible call with `or`)' : ch === '#' || ch === '$' ? ' (reserved)' : '';
        this.error(start, 1, `unexpected character \`${ch}\`${hint}`);
        this.pos = start + 1;
    }

    /**
     * Whether the `<` at `start`, right after a name, opens generic arguments in expression position
     * (`first<Int>(xs)`, `Vec<Int>::new()`, `Pair<A, B> { ... }`) rather than a comparison: its contents must
     * read as types and the matching `>` must be followed by `(`, `::` or `{`. Returns the offsets of the
     * `>` characters that close it and any nested lists, or undefined for a comparison.
     */
    private genericArgumentCloses(start: number): number[] | undefined {
        const text = this.text;
        const closes: number[] = [];
        let depth = 1;
        let p = start + 1;
        // Generic argument lists are short: give up after 256 characters of content (whitespace does not
        // count, so re-indenting code never changes how it lexes).
        let budget = 256;
        while (p < text.length && budget-- > 0) {
            const c = text.charCodeAt(p);
            if (c === Ch.Space || c === Ch.Tab || c === Ch.LF || c === Ch.CR) { p++; budget++; continue; }
            if (isIdentPart(c)) { while (p < text.length && isIdentPart(text.charCodeAt(p))) p++; continue; }
            if (c === 58 /* : */ && text.charCodeAt(p + 1) === 58) { p += 2; continue; }
            if (c === 45 /* - */ && text.charCodeAt(p + 1) === 62) { p += 2; continue; }
            if (c === 44 || c === 59 || c === 91 || c === 93 || c === 40 || c === 41) { p++; continue; }
            if (c === 60) { depth++; p++; continue; }
            if (c === 62 /* > */) {
                closes.push(p);
                depth--;
                p++;
                if (depth === 0) {
                    while (p < text.length && (text.charCodeAt(p) === Ch.Space || text.charCodeAt(p) === Ch.Tab)) p++;
                    const next = text.charCodeAt(p);
                    const follows = next === 40 || next === Ch.LBrace || (next === 58 && text.charCodeAt(p + 1) === 58);
                    return follows ? closes : undefined;
                }
                continue;
            }
            return undefined;
        }
        return undefined;
    }

    /** Keeps count of `<` opened after a type-like (capitalised) name, so that `>>` can close two. */
    private trackGenerics(image: string): void {
        if (image === '<') {
            const prev = this.previousTokenImage();
            if (prev && /^[A-Z]/.test(prev)) this.genericDepth++;
            else this.genericDepth = 0;
        } else if (image === '>') {
            if (this.genericDepth > 0) this.genericDepth--;
        } else if (image === ';' || image === '{' || image === '}' || image === '=') {
            this.genericDepth = 0;
        }
    }

    private nonAscii(): void {
        const text = this.text;
        const start = this.pos;
        const cp = text.codePointAt(start)!;
        const width = cp > 0xffff ? 2 : 1;
        const ch = text.substring(start, start + width);
        const hint = ch === '\u2014' || ch === '\u2013' ? ' (a dash outside a comment; did a comment lose its `//`?)'
            : ch === '\u201c' || ch === '\u201d' ? ' (a typographic quote; strings use `"`)' : '';
        this.error(start, width, `unexpected character \`${ch}\` (U+${cp.toString(16).toUpperCase().padStart(4, '0')}): Hale source is ASCII outside strings and comments${hint}`);
        this.pos = start + width;
    }
}
