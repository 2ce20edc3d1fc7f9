/**
 * Parsing a Hale file one top-level declaration at a time, so that a keystroke reparses only the
 * declaration it touched.
 *
 * A file is cut into chunks at top-level boundaries: before a declaration keyword (or `@`) at bracket
 * depth 0 that follows a `}` or `;` on an earlier line; a chunk starts at the beginning of a line, so it
 * holds the blank lines and doc comments above its declaration. Top-level declarations are
 * self-delimiting, so parsing the chunks one by one gives the same tree as parsing the whole file when
 * the file is well formed; when it is not, a mistake stays inside its own declaration instead of
 * swallowing the ones after it. On a change, chunks whose text is unchanged keep their parse: their AST
 * and CST nodes are moved to their new place (offsets and lines shifted in place) instead of being
 * rebuilt. Langium's own parser parses each new chunk.
 *
 * The cost of a keystroke is then one lexing pass over the file (to find the cuts), the parse of one
 * declaration, and a shift of the positions after the edit — instead of a parse of the whole file.
 */
import type { ILexingError, IRecognitionException, IToken } from 'chevrotain';
import { CstUtils, RootCstNodeImpl, type CstNode, type LangiumCoreServices, type LeafCstNode, type ParseResult } from 'langium';
import type { Program } from '../generated/ast.js';

/** Keywords that start a top-level declaration (grammar.ebnf `top_decl`, plus `import`, `main locus`, `@`). */
const DECLARATION_STARTS = new Set([
    'import', 'locus', 'main', 'fn', 'type', 'topic', 'const', 'module', 'interface', 'perspective', 'group',
    'constitution', 'claims', 'ring_layout', 'target', 'effect', 'domain', '@',
]);
const OPENERS = new Set(['{', '(', '[', 'GENERIC_OPEN', 'FSTRING_HEAD']);
const CLOSERS = new Set(['}', ')', ']', 'GENERIC_CLOSE', 'FSTRING_TAIL']);

/** One parsed chunk and where it currently sits in the document. */
interface Chunk {
    readonly text: string;
    offset: number;
    line: number;
    readonly program: Program;
    /** The chunk's top-level CST nodes (declarations and the comments between them). */
    readonly nodes: CstNode[];
    /** Every CST node of the chunk, leaves and composites, for relocation. */
    readonly leaves: LeafCstNode[];
    readonly lexerErrors: ILexingError[];
    readonly parserErrors: IRecognitionException[];
}

/** The chunks of each parse, kept with its result so that the next version of the document can reuse them. */
const chunksOf = new WeakMap<Program, Chunk[]>();

export class ChunkedParser {
    private readonly services: LangiumCoreServices;

    constructor(services: LangiumCoreServices) {
        this.services = services;
    }

    /** Parses `text` chunk by chunk; with `previous` (the last parse of the same document), reuses its unchanged chunks. */
    parse(text: string, previous?: ParseResult<Program>): ParseResult<Program> {
        const cuts = this.cutPoints(text);
        const starts = [0, ...cuts];
        const lines = lineCounter(text);
        const reusable = new Map<string, Chunk[]>();
        const previousChunks = previous ? chunksOf.get(previous.value) : undefined;
        for (const chunk of previousChunks ?? []) {
            const list = reusable.get(chunk.text);
            if (list) list.push(chunk); else reusable.set(chunk.text, [chunk]);
        }
        const root = previousChunks && previous?.value.$cstNode ? previous.value.$cstNode.root as RootCstNodeImpl : newRoot(text);
        (root as unknown as { _text: string })._text = text;
        const chunks: Chunk[] = [];
        for (let i = 0; i < starts.length; i++) {
            const start = starts[i];
            const end = i + 1 < starts.length ? starts[i + 1] : text.length;
            const chunkText = text.substring(start, end);
            const line = lines(start);
            const candidate = reusable.get(chunkText)?.shift();
            chunks.push(candidate ? relocate(candidate, start, line) : this.parseChunk(chunkText, start, line, root));
        }
        return assemble(text, root, chunks);
    }

    /**
     * Offsets where chunks begin (after the first): the start of the line after a `}` or `;` at bracket
     * depth 0, when a declaration keyword follows on a later line.
     */
    private cutPoints(text: string): number[] {
        const tokens = this.services.parser.Lexer.tokenize(text).tokens;
        const cuts: number[] = [];
        let depth = 0;
        for (let i = 0; i < tokens.length; i++) {
            const token = tokens[i];
            const name = token.tokenType.name;
            if (depth === 0 && i > 0 && DECLARATION_STARTS.has(name)) {
                const previous = tokens[i - 1];
                if ((previous.image === '}' || previous.image === ';') && previous.endLine! < token.startLine!) {
                    const cut = lineEndAfter(text, previous.startOffset + previous.image.length);
                    if (cut <= token.startOffset) cuts.push(cut);
                }
            }
            if (OPENERS.has(name)) depth++;
            else if (CLOSERS.has(name) && depth > 0) depth--;
        }
        return cuts;
    }

    private parseChunk(text: string, offset: number, line: number, root: RootCstNodeImpl): Chunk {
        const result = this.services.parser.LangiumParser.parse<Program>(text);
        const chunkRoot = result.value.$cstNode!.root;
        const nodes = [...chunkRoot.content];
        const leaves: LeafCstNode[] = [];
        for (const node of CstUtils.streamCst(chunkRoot)) {
            (node as { root: unknown }).root = root;
            if (isLeaf(node)) leaves.push(node);
        }
        const chunk: Chunk = {
            text, offset: 0, line: 0, program: result.value, nodes, leaves,
            lexerErrors: result.lexerErrors.map(e => ({ ...e })),
            parserErrors: result.parserErrors.map(e => copyRecognitionException(e)),
        };
        return relocate(chunk, offset, line);
    }
}

function newRoot(text: string): RootCstNodeImpl {
    const root = new RootCstNodeImpl(text);
    root.root = root;
    return root;
}

function isLeaf(node: CstNode): node is LeafCstNode {
    return 'tokenType' in node;
}

/** Moves a chunk to `offset`/`line`. Chunks start at column 0, so columns never change. */
function relocate(chunk: Chunk, offset: number, line: number): Chunk {
    const dOffset = offset - chunk.offset, dLine = line - chunk.line;
    if (dOffset === 0 && dLine === 0) return chunk;
    for (const leaf of chunk.leaves) {
        const mutable = leaf as unknown as { _offset: number };
        mutable._offset += dOffset;
        // Ranges are owned by their leaf (composites cache their first and last leaf's positions by
        // reference), so shifting the positions in place moves every range of the chunk.
        leaf.range.start.line += dLine;
        if (leaf.range.end !== leaf.range.start) leaf.range.end.line += dLine;
    }
    for (const error of chunk.lexerErrors) {
        error.offset += dOffset;
        if (error.line !== undefined) error.line += dLine;
    }
    for (const error of chunk.parserErrors) {
        shiftToken(error.token, dOffset, dLine);
        shiftToken((error as { previousToken?: IToken }).previousToken, dOffset, dLine);
    }
    chunk.offset = offset;
    chunk.line = line;
    return chunk;
}

function shiftToken(token: IToken | undefined, dOffset: number, dLine: number): void {
    if (!token || isNaN(token.startOffset)) return;
    token.startOffset += dOffset;
    if (token.endOffset !== undefined) token.endOffset += dOffset;
    if (token.startLine !== undefined) token.startLine += dLine;
    if (token.endLine !== undefined) token.endLine += dLine;
}

/** Errors are shifted in place when a chunk moves, so each chunk owns copies of its error tokens. */
function copyRecognitionException(error: IRecognitionException): IRecognitionException {
    const copy = Object.assign(Object.create(Object.getPrototypeOf(error)), error) as IRecognitionException & { previousToken?: IToken };
    // An Error's `message` and `name` are not enumerable: Object.assign does not copy them.
    copy.message = error.message;
    copy.name = error.name;
    copy.token = { ...error.token };
    const previousToken = (error as { previousToken?: IToken }).previousToken;
    if (previousToken) copy.previousToken = { ...previousToken };
    return copy;
}

/** One Program over all chunks, sharing the document's CST root. */
function assemble(text: string, root: RootCstNodeImpl, chunks: Chunk[]): ParseResult<Program> {
    const program = { $type: 'Program', imports: [], declarations: [] } as unknown as Program & { $cstNode: CstNode };
    const content = root.content as CstNode[];
    content.length = 0;
    for (const chunk of chunks) {
        program.imports.push(...chunk.program.imports);
        program.declarations.push(...chunk.program.declarations);
        content.push(...chunk.nodes);
    }
    program.imports.forEach((node, index) => Object.assign(node, { $container: program, $containerProperty: 'imports', $containerIndex: index }));
    program.declarations.forEach((node, index) => Object.assign(node, { $container: program, $containerProperty: 'declarations', $containerIndex: index }));
    program.$cstNode = root;
    root.astNode = program;
    (root as unknown as { _rangeCache?: unknown })._rangeCache = undefined;
    chunksOf.set(program, chunks);
    return {
        value: program,
        lexerErrors: chunks.flatMap(c => c.lexerErrors),
        parserErrors: chunks.flatMap(c => c.parserErrors),
    };
}

/** The offset just after the end of the line containing `offset` (or the text's end). */
function lineEndAfter(text: string, offset: number): number {
    for (let i = offset; i < text.length; i++) {
        const c = text.charCodeAt(i);
        if (c === 10) return i + 1;
        if (c === 13) return text.charCodeAt(i + 1) === 10 ? i + 2 : i + 1;
    }
    return text.length;
}

/** 0-based line of an offset, for offsets queried in increasing order. */
function lineCounter(text: string): (offset: number) => number {
    let line = 0, at = 0;
    return (offset: number) => {
        for (; at < offset; at++) {
            const c = text.charCodeAt(at);
            if (c === 10 || (c === 13 && text.charCodeAt(at + 1) !== 10)) line++;
        }
        return line;
    };
}
