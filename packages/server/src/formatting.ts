/**
 * `textDocument/formatting` and `textDocument/rangeFormatting`: Langium's Formatter service over the
 * formatter of hale-language (`formatParsedHale`), reusing the document's parse instead of parsing again.
 *
 * The editor's tab options are not used: styleguide.md's canonical form is zero-config (4 spaces, as
 * `hale fmt --check` gates it in CI), and VS Code sends the indentation it *detected* in the file, which
 * would make a 2-space file stay 2-space. gopls and rust-analyzer treat their canonical formatters the same way.
 *
 * A file with syntax errors is left unchanged; the user is told why with a `window/showMessage` (once per
 * version of the document, since format-on-save and range formatting may ask several times).
 */
import type { LangiumDocument, Module, RootCstNode } from 'langium';
import type { Formatter, LangiumServices, PartialLangiumServices } from 'langium/lsp';
import { formatParsedHale, type FormatResult, type ParsedHale } from 'hale-language';
import type {
    DocumentFormattingParams, DocumentOnTypeFormattingOptions, DocumentRangeFormattingParams, Range, TextEdit,
} from 'vscode-languageserver';
import { MessageType } from 'vscode-languageserver';

/** `hale fmt`'s canonical indentation. */
const CANONICAL = { tabSize: 4, insertSpaces: true } as const;

export class HaleFormatter implements Formatter {
    private readonly told = new Map<string, number>();

    constructor(private readonly services: LangiumServices) {}

    formatDocument(document: LangiumDocument, _params: DocumentFormattingParams): TextEdit[] {
        return this.format(document);
    }

    formatDocumentRange(document: LangiumDocument, params: DocumentRangeFormattingParams): TextEdit[] {
        return this.format(document, params.range);
    }

    formatDocumentOnType(): TextEdit[] {
        return [];
    }

    get formatOnTypeOptions(): DocumentOnTypeFormattingOptions | undefined {
        return undefined;
    }

    private format(document: LangiumDocument, range?: Range): TextEdit[] {
        const text = document.textDocument.getText();
        const result = formatParsedHale(text, this.parsed(document, text), this.services.parser.Lexer, CANONICAL, range);
        if (result.status === 'skipped') this.explain(document, result);
        return result.edits;
    }

    /** The document's own parse when it is of the current text; a fresh one otherwise. */
    private parsed(document: LangiumDocument, text: string): ParsedHale {
        const root = document.parseResult.value.$cstNode as RootCstNode | undefined;
        if (root && root.fullText === text) {
            return { root, lexerErrors: document.parseResult.lexerErrors.length, parserErrors: document.parseResult.parserErrors.length };
        }
        const parse = this.services.parser.LangiumParser.parse(text);
        return { root: parse.value.$cstNode, lexerErrors: parse.lexerErrors.length, parserErrors: parse.parserErrors.length };
    }

    private explain(document: LangiumDocument, result: FormatResult): void {
        const uri = document.uri.toString();
        const version = document.textDocument.version;
        if (this.told.get(uri) === version) return;
        this.told.set(uri, version);
        const name = document.uri.path.split('/').pop() ?? uri;
        const hint = result.reason === 'syntax-errors' || result.reason === 'lexical-errors' ? ' Fix the errors shown in Problems, then format again.' : '';
        void this.services.shared.lsp.Connection?.sendNotification('window/showMessage', {
            type: MessageType.Warning, message: `Hale: ${name} ${result.message}.${hint}`,
        });
    }
}

/** Adds the formatter to the Hale LSP service container (see hale-lsp-module.ts). */
export const HaleFormattingModule: Module<LangiumServices, PartialLangiumServices> = {
    lsp: {
        Formatter: (services) => new HaleFormatter(services),
    },
};
