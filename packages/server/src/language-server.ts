import { DefaultLanguageServer } from 'langium/lsp';
import { TextDocumentSyncKind, type InitializeParams, type InitializeResult } from 'vscode-languageserver';

/** Full document sync: each change sends the whole text, which is what our build consumes anyway. */
export class HaleLanguageServer extends DefaultLanguageServer {
    protected override buildInitializeResult(params: InitializeParams): InitializeResult {
        const result = super.buildInitializeResult(params);
        const sync = result.capabilities.textDocumentSync;
        if (sync && typeof sync === 'object') sync.change = TextDocumentSyncKind.Full;
        result.serverInfo = { name: 'hale-language-server', version: '0.1.0' };
        return result;
    }
}
