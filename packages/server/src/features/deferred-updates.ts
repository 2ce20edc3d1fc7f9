/**
 * Keystrokes rebuild a few milliseconds late. An editor sends a completion (or hover, or semantic tokens)
 * request right behind the didChange of the keystroke that prompted it; parsing a large file is one
 * synchronous stretch that no request can interrupt, so if the rebuild started first the request would
 * wait for the parse. Deferring the rebuild by REBUILD_DELAY_MS lets the requests already sent be answered
 * from the last snapshot first; keystrokes within the delay coalesce into one rebuild. Requests that must
 * see the new text (rename, references, code actions, lenses) flush the pending rebuild and wait for it.
 */
import type { LangiumSharedServices } from 'langium/lsp';
import type { TextDocument, TextDocumentChangeEvent } from 'vscode-languageserver';
import { HaleDocumentUpdateHandler } from '../program-folders.js';

/** Long enough for VS Code's completion after a typed character (its quick-suggestions delay is 10 ms). */
export const REBUILD_DELAY_MS = 15;

export class DeferredDocumentUpdateHandler extends HaleDocumentUpdateHandler {
    private readonly pending = new Map<string, TextDocumentChangeEvent<TextDocument>>();
    private timer: ReturnType<typeof setTimeout> | undefined;

    constructor(services: LangiumSharedServices) {
        super(services);
    }

    /** Documents just opened: their first build is not deferred (no request can be waiting on them yet). */
    private readonly opening = new Set<string>();

    didOpenDocument(event: TextDocumentChangeEvent<TextDocument>): void {
        this.opening.add(event.document.uri);
    }

    override didChangeContent(change: TextDocumentChangeEvent<TextDocument>): void {
        // The text documents fire didOpen, then didChangeContent, for an opened document.
        if (this.opening.delete(change.document.uri)) {
            super.didChangeContent(change);
            return;
        }
        this.pending.set(change.document.uri, change);
        // After the delay, two turns of the event loop more: a response computed meanwhile is written out
        // (the JSON-RPC writer hops through setImmediate) before the rebuild's parse holds the thread.
        this.timer ??= setTimeout(() => setImmediate(() => setImmediate(() => this.flush())), REBUILD_DELAY_MS);
    }

    /** Whether a rebuild of `uri` is waiting for its delay. */
    isPending(uri: string): boolean {
        return this.pending.has(uri);
    }

    /** Starts the pending rebuilds now. */
    override flush(): void {
        if (this.timer) clearTimeout(this.timer);
        this.timer = undefined;
        const changes = [...this.pending.values()];
        this.pending.clear();
        for (const change of changes) super.didChangeContent(change);
    }
}
