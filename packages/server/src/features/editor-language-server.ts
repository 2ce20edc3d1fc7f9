/**
 * The language server with the requests Langium has no service slot for: `textDocument/selectionRange`
 * (capability and handler).
 */
import { DocumentState, URI } from 'langium';
import type { LangiumSharedServices } from 'langium/lsp';
import type { InitializeParams, InitializeResult } from 'vscode-languageserver';
import { HaleLanguageServer } from '../language-server.js';
import { selectionRanges } from './selection-range.js';

export class HaleEditorLanguageServer extends HaleLanguageServer {
    private readonly shared: LangiumSharedServices;

    constructor(shared: LangiumSharedServices) {
        super(shared);
        this.shared = shared;
    }

    override async initialize(params: InitializeParams): Promise<InitializeResult> {
        const result = await super.initialize(params);
        const connection = this.shared.lsp.Connection;
        if (connection) {
            connection.onSelectionRanges(async (p, token) => {
                const uri = URI.parse(p.textDocument.uri);
                const documents = this.shared.workspace.LangiumDocuments;
                if (!documents.hasDocument(uri)) return null;
                try {
                    await this.shared.workspace.DocumentBuilder.waitUntil(DocumentState.Parsed, uri, token);
                } catch {
                    return null;
                }
                return selectionRanges(documents.getDocument(uri)!, p.positions);
            });
        }
        return result;
    }

    protected override buildInitializeResult(params: InitializeParams): InitializeResult {
        const result = super.buildInitializeResult(params);
        result.capabilities.selectionRangeProvider = true;
        return result;
    }
}
