/**
 * A minimal LSP client for tests and benchmarks: starts the bundled server (`out/main.cjs --stdio`) as a
 * child process and speaks JSON-RPC to it over stdio, exactly as an editor does.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node.js';
import {
    InitializeRequest, InitializedNotification, DidOpenTextDocumentNotification, DidChangeTextDocumentNotification,
    PublishDiagnosticsNotification, ShutdownRequest, ExitNotification,
    type Diagnostic, type PublishDiagnosticsParams, type InitializeResult,
    type Position, type Range, type Hover, type CompletionList, type CompletionItem, type Location, type LocationLink,
    type DocumentHighlight, type DocumentSymbol, type SymbolInformation, type WorkspaceSymbol, type FoldingRange,
    type SelectionRange, type WorkspaceEdit, type SemanticTokens, type CodeLens, type InlayHint, type CodeAction,
    type Command, type CallHierarchyItem, type CallHierarchyIncomingCall, type CallHierarchyOutgoingCall,
    type TextEdit,
} from 'vscode-languageserver-protocol';

export const SERVER_BUNDLE = resolve(dirname(fileURLToPath(import.meta.url)), '../out/main.cjs');

export function fileUri(path: string): string {
    return pathToFileURL(path).toString();
}

export class LspClient {
    readonly connection: MessageConnection;
    private readonly process: ChildProcess;
    private readonly waiters = new Map<string, Array<(p: PublishDiagnosticsParams) => void>>();
    /** How many times the server asked to refresh semantic tokens. */
    semanticTokensRefreshes = 0;
    /** The last diagnostics published for each URI. */
    readonly diagnostics = new Map<string, Diagnostic[]>();
    stderr = '';
    initializeResult?: InitializeResult;
    private versions = new Map<string, number>();

    private constructor(bundle: string) {
        if (!existsSync(bundle)) throw new Error(`the server bundle ${bundle} is missing: run \`pnpm --filter hale-server build\``);
        this.process = spawn(process.execPath, [bundle, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
        this.process.stderr!.on('data', (d) => { this.stderr += d.toString(); });
        this.connection = createMessageConnection(new StreamMessageReader(this.process.stdout!), new StreamMessageWriter(this.process.stdin!));
        this.connection.onNotification(PublishDiagnosticsNotification.type, (p) => {
            this.diagnostics.set(p.uri, p.diagnostics);
            this.lastPublish = Date.now();
            const list = this.waiters.get(p.uri);
            if (list) { this.waiters.delete(p.uri); list.forEach(w => w(p)); }
        });
        this.connection.onRequest('client/registerCapability', () => null);
        this.connection.onRequest('workspace/semanticTokens/refresh', () => { this.semanticTokensRefreshes++; return null; });
        this.connection.onRequest('workspace/configuration', (p: { items: unknown[] }) => p.items.map(() => null));
        this.connection.listen();
    }

    static async start(options: { rootUri?: string | null; bundle?: string; initializationOptions?: unknown } = {}): Promise<LspClient> {
        const client = new LspClient(options.bundle ?? SERVER_BUNDLE);
        client.initializeResult = await client.connection.sendRequest(InitializeRequest.type, {
            processId: process.pid,
            rootUri: options.rootUri ?? null,
            workspaceFolders: options.rootUri ? [{ uri: options.rootUri, name: 'workspace' }] : null,
            initializationOptions: options.initializationOptions,
            capabilities: {
                textDocument: {
                    publishDiagnostics: { relatedInformation: true },
                    hover: { contentFormat: ['markdown', 'plaintext'] },
                    completion: { completionItem: { snippetSupport: true } },
                    documentSymbol: { hierarchicalDocumentSymbolSupport: true },
                    rename: { prepareSupport: true },
                    codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix', 'refactor'] } } },
                    semanticTokens: { requests: { full: { delta: true }, range: true }, tokenTypes: [], tokenModifiers: [], formats: ['relative'] },
                },
                workspace: { semanticTokens: { refreshSupport: true }, workspaceEdit: { documentChanges: false } },
            },
        });
        await client.connection.sendNotification(InitializedNotification.type, {});
        return client;
    }

    private lastPublish = Date.now();

    /**
     * Resolves once no diagnostics have been published for `quietMs`: after edits to several files of one
     * program, each file is republished as its siblings change, and the last word is the one to read.
     */
    async settled(quietMs = 300, timeoutMs = 10_000): Promise<void> {
        const start = Date.now();
        while (Date.now() - this.lastPublish < quietMs) {
            if (Date.now() - start > timeoutMs) throw new Error('diagnostics never settled');
            await new Promise(r => setTimeout(r, 50));
        }
    }

    /** Resolves with the next diagnostics published for `uri`. */
    nextDiagnostics(uri: string, timeoutMs = 10_000): Promise<PublishDiagnosticsParams> {
        return new Promise((resolvePromise, reject) => {
            const timer = setTimeout(() => reject(new Error(`no diagnostics for ${uri} within ${timeoutMs} ms\n${this.stderr}`)), timeoutMs);
            const list = this.waiters.get(uri) ?? [];
            list.push((p) => { clearTimeout(timer); resolvePromise(p); });
            this.waiters.set(uri, list);
        });
    }

    async open(uri: string, text: string): Promise<PublishDiagnosticsParams> {
        const next = this.nextDiagnostics(uri);
        this.versions.set(uri, 1);
        this.texts.set(uri, text);
        await this.connection.sendNotification(DidOpenTextDocumentNotification.type, {
            textDocument: { uri, languageId: 'hale', version: 1, text },
        });
        return next;
    }

    /** Sends a full-text change (the server asks for full sync). */
    async change(uri: string, text: string): Promise<PublishDiagnosticsParams> {
        const next = this.nextDiagnostics(uri);
        const version = (this.versions.get(uri) ?? 1) + 1;
        this.versions.set(uri, version);
        this.texts.set(uri, text);
        await this.connection.sendNotification(DidChangeTextDocumentNotification.type, {
            textDocument: { uri, version }, contentChanges: [{ text }],
        });
        return next;
    }

    /** The text last sent for `uri` (by `open` or `change`). */
    readonly texts = new Map<string, string>();

    request<R>(method: string, params: unknown): Promise<R> {
        return this.connection.sendRequest(method, params) as Promise<R>;
    }

    hover(uri: string, position: Position): Promise<Hover | null> {
        return this.request('textDocument/hover', { textDocument: { uri }, position });
    }

    async completion(uri: string, position: Position): Promise<CompletionItem[]> {
        const r = await this.request<CompletionList | CompletionItem[] | null>('textDocument/completion', { textDocument: { uri }, position });
        return Array.isArray(r) ? r : r?.items ?? [];
    }

    definition(uri: string, position: Position): Promise<Location[] | LocationLink[] | Location | null> {
        return this.request('textDocument/definition', { textDocument: { uri }, position });
    }

    references(uri: string, position: Position, includeDeclaration = true): Promise<Location[] | null> {
        return this.request('textDocument/references', { textDocument: { uri }, position, context: { includeDeclaration } });
    }

    documentHighlight(uri: string, position: Position): Promise<DocumentHighlight[] | null> {
        return this.request('textDocument/documentHighlight', { textDocument: { uri }, position });
    }

    documentSymbols(uri: string): Promise<DocumentSymbol[] | SymbolInformation[] | null> {
        return this.request('textDocument/documentSymbol', { textDocument: { uri } });
    }

    workspaceSymbols(query: string): Promise<WorkspaceSymbol[] | SymbolInformation[] | null> {
        return this.request('workspace/symbol', { query });
    }

    foldingRanges(uri: string): Promise<FoldingRange[] | null> {
        return this.request('textDocument/foldingRange', { textDocument: { uri } });
    }

    selectionRanges(uri: string, positions: Position[]): Promise<SelectionRange[] | null> {
        return this.request('textDocument/selectionRange', { textDocument: { uri }, positions });
    }

    prepareRename(uri: string, position: Position): Promise<Range | { range: Range; placeholder: string } | null> {
        return this.request('textDocument/prepareRename', { textDocument: { uri }, position });
    }

    rename(uri: string, position: Position, newName: string): Promise<WorkspaceEdit | null> {
        return this.request('textDocument/rename', { textDocument: { uri }, position, newName });
    }

    semanticTokens(uri: string): Promise<SemanticTokens | null> {
        return this.request('textDocument/semanticTokens/full', { textDocument: { uri } });
    }

    semanticTokensRange(uri: string, range: Range): Promise<SemanticTokens | null> {
        return this.request('textDocument/semanticTokens/range', { textDocument: { uri }, range });
    }

    codeLenses(uri: string): Promise<CodeLens[] | null> {
        return this.request('textDocument/codeLens', { textDocument: { uri } });
    }

    inlayHints(uri: string, range: Range): Promise<InlayHint[] | null> {
        return this.request('textDocument/inlayHint', { textDocument: { uri }, range });
    }

    codeActions(uri: string, range: Range, diagnostics: Diagnostic[]): Promise<Array<CodeAction | Command> | null> {
        return this.request('textDocument/codeAction', { textDocument: { uri }, range, context: { diagnostics } });
    }

    prepareCallHierarchy(uri: string, position: Position): Promise<CallHierarchyItem[] | null> {
        return this.request('textDocument/prepareCallHierarchy', { textDocument: { uri }, position });
    }

    incomingCalls(item: CallHierarchyItem): Promise<CallHierarchyIncomingCall[] | null> {
        return this.request('callHierarchy/incomingCalls', { item });
    }

    outgoingCalls(item: CallHierarchyItem): Promise<CallHierarchyOutgoingCall[] | null> {
        return this.request('callHierarchy/outgoingCalls', { item });
    }

    async stop(): Promise<void> {
        try {
            await Promise.race([this.connection.sendRequest(ShutdownRequest.type), new Promise(r => setTimeout(r, 2000))]);
            await this.connection.sendNotification(ExitNotification.type);
        } catch { /* the server may already be gone */ }
        this.connection.dispose();
        setTimeout(() => this.process.kill(), 500).unref();
    }
}

/** Applies LSP text edits to a text (edits must not overlap, as the protocol requires). */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
    const offsets = lineOffsets(text);
    const at = (p: Position) => Math.min(text.length, (offsets[p.line] ?? text.length) + p.character);
    const sorted = [...edits].sort((a, b) => at(b.range.start) - at(a.range.start));
    let out = text;
    for (const e of sorted) out = out.slice(0, at(e.range.start)) + e.newText + out.slice(at(e.range.end));
    return out;
}

function lineOffsets(text: string): number[] {
    const out = [0];
    for (let i = 0; i < text.length; i++) {
        const c = text.charCodeAt(i);
        if (c === 10) out.push(i + 1);
        else if (c === 13 && text.charCodeAt(i + 1) !== 10) out.push(i + 1);
    }
    return out;
}

/** The position of the `nth` occurrence (0-based) of `needle` in `text`, plus `delta` characters. */
export function positionOf(text: string, needle: string, nth = 0, delta = 0): Position {
    let i = -1;
    for (let k = 0; k <= nth; k++) {
        i = text.indexOf(needle, i + 1);
        if (i < 0) throw new Error(`\`${needle}\` (#${nth}) not found`);
    }
    i += delta;
    const before = text.slice(0, i);
    const line = before.split(/\r\n|\r|\n/).length - 1;
    const lineStart = Math.max(before.lastIndexOf('\n'), before.lastIndexOf('\r')) + 1;
    return { line, character: i - lineStart };
}
