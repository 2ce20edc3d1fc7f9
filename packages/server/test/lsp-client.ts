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
} from 'vscode-languageserver-protocol';

export const SERVER_BUNDLE = resolve(dirname(fileURLToPath(import.meta.url)), '../out/main.cjs');

export function fileUri(path: string): string {
    return pathToFileURL(path).toString();
}

export class LspClient {
    readonly connection: MessageConnection;
    private readonly process: ChildProcess;
    private readonly waiters = new Map<string, Array<(p: PublishDiagnosticsParams) => void>>();
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
            const list = this.waiters.get(p.uri);
            if (list) { this.waiters.delete(p.uri); list.forEach(w => w(p)); }
        });
        this.connection.onRequest('client/registerCapability', () => null);
        this.connection.onRequest('workspace/configuration', (p: { items: unknown[] }) => p.items.map(() => null));
        this.connection.listen();
    }

    static async start(options: { rootUri?: string | null; bundle?: string } = {}): Promise<LspClient> {
        const client = new LspClient(options.bundle ?? SERVER_BUNDLE);
        client.initializeResult = await client.connection.sendRequest(InitializeRequest.type, {
            processId: process.pid,
            rootUri: options.rootUri ?? null,
            workspaceFolders: options.rootUri ? [{ uri: options.rootUri, name: 'workspace' }] : null,
            capabilities: { textDocument: { publishDiagnostics: { relatedInformation: true } } },
        });
        await client.connection.sendNotification(InitializedNotification.type, {});
        return client;
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
        await this.connection.sendNotification(DidChangeTextDocumentNotification.type, {
            textDocument: { uri, version }, contentChanges: [{ text }],
        });
        return next;
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
