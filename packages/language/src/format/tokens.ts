/**
 * The formatter's view of a program: every token the lexer emits, comments included, in source order, each
 * code token tagged with the role the parse tree gives it. Roles decide spacing and continuation indent
 * where the token alone cannot: `-` is unary or binary, `<` opens generics or compares, `(` calls or groups.
 */
import { GrammarAST, isCompositeCstNode, isLeafCstNode, isRootCstNode, type AstNode, type CstNode, type LeafCstNode, type Lexer } from 'langium';
import type { IToken } from 'chevrotain';
import { Terminal } from '../lexer/hale-lexer.js';

export const enum Kind { Code = 0, LineComment = 1, BlockComment = 2 }

/** Bit flags; a token may carry several. */
export const enum Role {
    None = 0,
    /** `-`, `!`, `~` applied to an operand (and the `-` of a negative literal pattern): tight to it. */
    Unary = 1 << 0,
    /** An operator that continues an expression across a line break (binary, assignment, `->`, `or` ...). */
    Operator = 1 << 1,
    /** `<` / `>` around generic parameters or arguments: tight on both sides. */
    GenericOpen = 1 << 2,
    GenericClose = 1 << 3,
    /** `(` of a call, a declaration's parameters, a hook, a decorator; `[` of an index: tight to the left. */
    Tight = 1 << 4,
    /** The spaced colon of `locus X : serves P` and `topic Child : Parent`. */
    SpacedColon = 1 << 5,
    /** A token a line may start with to continue the previous one (`.`, an operator, `where`). */
    Leading = 1 << 6,
}

export interface FormatToken {
    /** UTF-16 offsets in the source. */
    start: number;
    end: number;
    image: string;
    tokenType: string;
    kind: Kind;
    role: Role;
}

export interface Lexed {
    tokens: FormatToken[];
    errors: number;
}

/** Lexes `text` into one ordered list of code tokens and comments. */
export function lexForFormat(lexer: Lexer, text: string): Lexed {
    const result = lexer.tokenize(text);
    const hidden = result.hidden ?? [];
    const tokens: FormatToken[] = new Array(result.tokens.length + hidden.length);
    let i = 0, j = 0, k = 0;
    const make = (t: IToken, kind: Kind): FormatToken => ({
        start: t.startOffset, end: t.startOffset + t.image.length, image: t.image, tokenType: t.tokenType.name, kind, role: Role.None,
    });
    while (i < result.tokens.length || j < hidden.length) {
        const code = result.tokens[i], comment = hidden[j];
        if (comment && (!code || comment.startOffset < code.startOffset)) {
            tokens[k++] = make(comment, comment.tokenType.name === Terminal.SL_COMMENT ? Kind.LineComment : Kind.BlockComment);
            j++;
        } else {
            tokens[k++] = make(code, Kind.Code);
            i++;
        }
    }
    return { tokens, errors: result.errors.length };
}

// Parentheses that group (a parenthesised expression, a tuple type or pattern, `let (a, b)`) keep the space
// before them; every other `(` belongs to a call or a declaration head and sits tight against its name.
const GROUPING_PAREN_RULES = new Set(['ParenthesizedExpression', 'TupleType', 'TuplePattern', 'LetStatement']);
const GENERIC_RULES = new Set(['GenericParams', 'NamedType', 'NameExpression', 'StructLiteral']);
const INDEX_BRACKET_RULES = new Set(['PostfixExpression', 'BoundedType']);
/** The infix rules of hale.langium (binary operators, precedence applied). */
const INFIX_RULES = new Set(['ComparisonExpression', 'LogicalExpression']);
const SPACED_COLON_RULES = new Set(['LocusDecl', 'TopicDecl']);
/** Operators whatever rule they appear in (none of them is ever unary or a generic angle). */
const OPERATOR_IMAGES = new Set([
    '=', '+=', '-=', '*=', '/=', '%=', '&=', '|=', '^=', '->', '=>', '<-', '..', '..=', '~~',
    '==', '!=', '<=', '>=', '&&', '||', '<<', '>>', '+', '*', '/', '%', '^', '|', '&',
]);
/** Word operators, by the rule that makes them one. */
const WORD_OPERATORS: Record<string, Set<string>> = {
    or: new Set(['OrDisposition']),
    approx: new Set(['ApproxExpression']),
    within: new Set(['ApproxExpression']),
    where: new Set(['BusSubscribe', 'PlacementEntry', 'BindingEntry']),
};

/** The CST's leaves in order (a plain recursive walk: Langium's flattenCst stream is several times slower). */
function leaves(root: CstNode): LeafCstNode[] {
    const out: LeafCstNode[] = [];
    const visit = (node: CstNode): void => {
        if (isCompositeCstNode(node)) {
            const content = node.content;
            for (let k = 0; k < content.length; k++) visit(content[k]);
        } else if (isLeafCstNode(node)) {
            out.push(node);
        }
    };
    visit(root);
    return out;
}

/** The name of the grammar rule a CST leaf was produced by (infix rules included). */
function ruleName(grammarSource: AstNode | undefined, cache: Map<AstNode, string>): string {
    if (!grammarSource) return '';
    const cached = cache.get(grammarSource);
    if (cached !== undefined) return cached;
    let node: AstNode | undefined = grammarSource;
    while (node && !GrammarAST.isParserRule(node) && !GrammarAST.isInfixRule(node)) node = node.$container;
    const name = node ? (node as GrammarAST.ParserRule | GrammarAST.InfixRule).name : '';
    cache.set(grammarSource, name);
    return name;
}

/**
 * Tags the code tokens of `tokens` with roles read from the parse tree `root` (the CST of the same text).
 * Returns false when the tree's leaves do not line up with the tokens (a stale or recovered parse).
 */
export function assignRoles(text: string, tokens: FormatToken[], root: CstNode): boolean {
    // Leaves are matched by offsets, which is only meaningful when the tree was parsed from this text.
    if (!isRootCstNode(root) || root.fullText !== text) return false;
    const cache = new Map<AstNode, string>();
    let i = 0;
    for (const leaf of leaves(root)) {
        if (leaf.hidden) continue;
        while (i < tokens.length && tokens[i].kind !== Kind.Code) i++;
        const token = tokens[i++];
        if (!token || token.start !== leaf.offset || token.end !== leaf.end) return false;
        const rule = ruleName(leaf.grammarSource, cache);
        token.role = roleOf(token, rule);
    }
    while (i < tokens.length && tokens[i].kind !== Kind.Code) i++;
    return i === tokens.length;
}

function roleOf(token: FormatToken, rule: string): Role {
    const image = token.image;
    if (token.tokenType === Terminal.GENERIC_OPEN) return Role.GenericOpen;
    if (token.tokenType === Terminal.GENERIC_CLOSE) return Role.GenericClose;
    const infix = INFIX_RULES.has(rule);
    switch (image) {
        case '-':
            if (rule === 'UnaryExpression' || rule === 'LiteralPattern') return Role.Unary;
            return infix ? Role.Operator | Role.Leading : Role.None;
        case '!': case '~':
            return rule === 'UnaryExpression' ? Role.Unary : Role.None;
        case '<':
            if (GENERIC_RULES.has(rule)) return Role.GenericOpen;
            return Role.Operator | Role.Leading;
        case '>':
            if (GENERIC_RULES.has(rule)) return Role.GenericClose;
            return Role.Operator | Role.Leading;
        case '(':
            return GROUPING_PAREN_RULES.has(rule) ? Role.None : Role.Tight;
        case '[':
            return INDEX_BRACKET_RULES.has(rule) ? Role.Tight : Role.None;
        case ':':
            return SPACED_COLON_RULES.has(rule) ? Role.SpacedColon : Role.None;
        case '.':
            return Role.Leading;
    }
    if (OPERATOR_IMAGES.has(image)) return Role.Operator | Role.Leading;
    const wordRules = WORD_OPERATORS[image];
    if (wordRules?.has(rule)) return Role.Operator | Role.Leading;
    return Role.None;
}

/** Tokens that open and close indentation: brackets, and the f-string pieces around an interpolation. */
export function opens(t: FormatToken): boolean {
    if (t.kind !== Kind.Code) return false;
    const c = t.image;
    return c === '{' || c === '(' || c === '[' || t.tokenType === Terminal.FSTRING_HEAD || t.tokenType === Terminal.FSTRING_MIDDLE;
}

export function closes(t: FormatToken): boolean {
    if (t.kind !== Kind.Code) return false;
    const c = t.image;
    return c === '}' || c === ')' || c === ']' || t.tokenType === Terminal.FSTRING_TAIL || t.tokenType === Terminal.FSTRING_MIDDLE;
}
