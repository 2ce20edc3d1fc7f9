/**
 * Upstream's custom requests, answered from the program model in upstream's JSON shapes:
 * `hale/busGraph` and `hale/placement`, each with `{ uri }` (a `.hl` file or its folder; `{ textDocument:
 * { uri } }` works too). The answer is `null` where upstream answers nothing: no bus, no main locus.
 */
import { URI } from 'langium';
import type { LangiumSharedServices } from 'langium/lsp';
import { busGraphAnswer, placementAnswer, type ProgramModel } from 'hale-language';
import { ErrorCodes, LSPErrorCodes, ResponseError, type CancellationToken, type Connection } from 'vscode-languageserver';
import { HaleDocumentUpdateHandler } from './program-folders.js';
import type { HaleLspServices } from './hale-lsp-module.js';

interface ProgramParams {
    uri?: unknown;
    textDocument?: { uri?: unknown };
}

export function registerCustomRequests(connection: Connection, shared: LangiumSharedServices, hale: HaleLspServices): void {
    const answering = <T>(answer: (model: ProgramModel) => T) => async (params: ProgramParams | undefined, token: CancellationToken): Promise<T | null> => {
        const raw = params?.uri ?? params?.textDocument?.uri;
        if (typeof raw !== 'string' || !raw) throw new ResponseError(ErrorCodes.InvalidParams, 'expected `{ uri }`: the URI of a .hl file or of its folder');
        const uri = URI.parse(raw);
        // Answer from the model of the text the editor has: wait until every change received so far is built.
        const updates = shared.lsp.DocumentUpdateHandler;
        if (updates instanceof HaleDocumentUpdateHandler) await updates.settled();
        else await shared.workspace.WorkspaceManager.ready;
        if (token.isCancellationRequested) throw new ResponseError(LSPErrorCodes.RequestCancelled, 'cancelled');
        const model = hale.model.ProgramModels.getModel(uri);
        return model ? answer(model) : null;
    };
    connection.onRequest('hale/busGraph', answering(busGraphAnswer));
    connection.onRequest('hale/placement', answering(placementAnswer));
}
