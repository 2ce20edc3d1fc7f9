/**
 * Documents are parsed by the ChunkedParser, and a changed document reuses the chunks of its previous
 * parse (see chunked-parser.ts).
 */
import { DefaultLangiumDocumentFactory, type AstNode, type LangiumDocument, type ParseResult, type URI, type Cancellation } from 'langium';
import type { Program } from '../generated/ast.js';
import type { ChunkedParser } from './chunked-parser.js';

type Mutable<T> = { -readonly [P in keyof T]: T[P] };

export class HaleDocumentFactory extends DefaultLangiumDocumentFactory {
    /** The parse being replaced, per document, while `update` runs. */
    private readonly replacing = new Map<string, ParseResult>();

    override async update<T extends AstNode = AstNode>(document: Mutable<LangiumDocument<T>>, cancellationToken: Cancellation.CancellationToken): Promise<LangiumDocument<T>> {
        const key = document.uri.toString();
        this.replacing.set(key, document.parseResult);
        try {
            return await super.update(document, cancellationToken);
        } finally {
            this.replacing.delete(key);
        }
    }

    protected override parse<T extends AstNode>(uri: URI, text: string): ParseResult<T> {
        return this.chunkedParser(uri).parse(text, this.replacing.get(uri.toString()) as ParseResult<Program> | undefined) as unknown as ParseResult<T>;
    }

    protected override parseAsync<T extends AstNode>(uri: URI, text: string): Promise<ParseResult<T>> {
        return Promise.resolve(this.parse<T>(uri, text));
    }

    private chunkedParser(uri: URI): ChunkedParser {
        return (this.serviceRegistry.getServices(uri) as unknown as { parser: { ChunkedParser: ChunkedParser } }).parser.ChunkedParser;
    }
}
