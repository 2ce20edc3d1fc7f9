import { EmptyFileSystem, URI, type LangiumDocument } from 'langium';
import type { Diagnostic } from 'vscode-languageserver-types';
import { createHaleCoreServices, type Program } from '../../src/index.js';

const { shared } = createHaleCoreServices(EmptyFileSystem);
let counter = 0;

/** Parses and validates one file; returns the document and its diagnostics sorted by position. */
export async function check(text: string): Promise<{ document: LangiumDocument<Program>; program: Program; diagnostics: Diagnostic[] }> {
    const document = shared.workspace.LangiumDocumentFactory.fromString<Program>(text, URI.file(`/test/p${counter++}/main.hl`));
    await shared.workspace.DocumentBuilder.build([document], { validation: true });
    const diagnostics = [...(document.diagnostics ?? [])].sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
    shared.workspace.LangiumDocuments.deleteDocument(document.uri);
    return { document, program: document.parseResult.value, diagnostics };
}

export function tokens(text: string): Array<[string, string]> {
    const lexer = createHaleCoreServices(EmptyFileSystem).Hale.parser.Lexer;
    return lexer.tokenize(text).tokens.map(t => [t.tokenType.name, t.image]);
}
