/**
 * A Hale program is a folder: every `.hl` file of one directory belongs to it (upstream's "seed"). When
 * the editor opens a file whose folder we have not loaded, the other files of that folder join the build,
 * read from disk, so that the program model sees the whole program even without a workspace folder.
 */
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { URI } from 'langium';
import { DefaultDocumentUpdateHandler, type LangiumSharedServices } from 'langium/lsp';
import type { TextDocument, TextDocumentChangeEvent } from 'vscode-languageserver';

export class HaleDocumentUpdateHandler extends DefaultDocumentUpdateHandler {
    private readonly loadedFolders = new Set<string>();
    private readonly documents: LangiumSharedServices['workspace']['LangiumDocuments'];

    constructor(services: LangiumSharedServices) {
        super(services);
        this.documents = services.workspace.LangiumDocuments;
    }

    /** Starts any rebuild that is waiting (a subclass may defer rebuilds); nothing waits here. */
    flush(): void {
        // rebuilds start as soon as a change arrives
    }

    /**
     * Resolves once every change received so far is built: pending rebuilds are started, then we wait
     * behind them on the workspace lock (its writes go before its reads). For requests whose answer must
     * reflect the text as it is (hale/busGraph right after an edit or an open).
     */
    async settled(): Promise<void> {
        this.flush();
        // fireDocumentUpdate queues its write after the workspace is ready: let that happen first.
        await this.workspaceManager.ready;
        await new Promise<void>(resolve => setImmediate(resolve));
        await this.workspaceLock.read(() => undefined);
    }

    override didChangeContent(change: TextDocumentChangeEvent<TextDocument>): void {
        const uri = URI.parse(change.document.uri);
        this.fireDocumentUpdate([uri, ...this.unloadedSiblings(uri)], []);
    }

    /** The other `.hl` files of the document's folder that are not part of the workspace yet. */
    private unloadedSiblings(uri: URI): URI[] {
        if (uri.scheme !== 'file') return [];
        const folder = dirname(uri.fsPath);
        if (this.loadedFolders.has(folder)) return [];
        this.loadedFolders.add(folder);
        let names: string[];
        try {
            names = readdirSync(folder);
        } catch {
            return []; // an unsaved or vanished folder: the open document alone is the program
        }
        return names
            .filter(name => name.endsWith('.hl'))
            .map(name => URI.file(join(folder, name)))
            .filter(sibling => sibling.toString() !== uri.toString() && !this.documents.hasDocument(sibling));
    }
}
