/**
 * The editor features of the Hale language server, registered in Langium's LSP service slots. Every
 * feature reads the last published snapshot of the program model (editor-snapshots.ts) and its symbol
 * index; none walks the syntax tree its own way for meaning.
 */
import { DocumentState, type Module } from 'langium';
import type { LangiumSharedServices, PartialLangiumServices, PartialLangiumSharedServices } from 'langium/lsp';
import type { HaleLspServices } from '../hale-lsp-module.js';
import { EditorSnapshots } from './editor-snapshots.js';
import { HaleHoverProvider } from './hover.js';
import { HaleDefinitionProvider } from './definition.js';
import { HaleReferencesProvider } from './references.js';
import { HaleDocumentHighlightProvider } from './highlight.js';
import { HaleDocumentSymbolProvider, HaleWorkspaceSymbolProvider } from './symbols.js';
import { HaleFoldingRangeProvider } from './folding.js';
import { HaleCallHierarchyProvider } from './call-hierarchy.js';
import { HaleRenameProvider } from './rename.js';
import { HaleCompletionProvider } from './completion.js';
import { HaleSemanticTokenProvider } from './semantic-tokens.js';
import { HaleCodeLensProvider } from './code-lens.js';
import { HaleInlayHintProvider } from './inlay-hints.js';
import { HaleCodeActionProvider } from './code-actions.js';
import { HaleEditorLanguageServer } from './editor-language-server.js';
import { DeferredDocumentUpdateHandler } from './deferred-updates.js';

export type HaleEditorAddedServices = {
    editor: {
        Snapshots: EditorSnapshots;
    };
};

export type HaleEditorServices = HaleLspServices & HaleEditorAddedServices;

export const HaleEditorModule: Module<HaleEditorServices, PartialLangiumServices & HaleEditorAddedServices> = {
    editor: {
        // Takes the model service, which therefore exists first: its build listener runs before ours.
        Snapshots: (services) => new EditorSnapshots(services.shared, services.model.ProgramModels),
    },
    lsp: {
        HoverProvider: (services) => new HaleHoverProvider(services),
        DefinitionProvider: (services) => new HaleDefinitionProvider(services),
        ReferencesProvider: (services) => new HaleReferencesProvider(services),
        DocumentHighlightProvider: (services) => new HaleDocumentHighlightProvider(services),
        DocumentSymbolProvider: (services) => new HaleDocumentSymbolProvider(services),
        FoldingRangeProvider: (services) => new HaleFoldingRangeProvider(services),
        CallHierarchyProvider: (services) => new HaleCallHierarchyProvider(services),
        RenameProvider: (services) => new HaleRenameProvider(services),
        CompletionProvider: (services) => new HaleCompletionProvider(services),
        SemanticTokenProvider: (services) => new HaleSemanticTokenProvider(services),
        CodeLensProvider: (services) => new HaleCodeLensProvider(services),
        InlayHintProvider: (services) => new HaleInlayHintProvider(services),
        CodeActionProvider: (services) => new HaleCodeActionProvider(services),
    },
};

/**
 * Shared services: workspace symbols across programs, the server with selection ranges, and rebuilds
 * deferred a few milliseconds behind keystrokes (deferred-updates.ts).
 */
export const HaleEditorSharedModule: Module<LangiumSharedServices, PartialLangiumSharedServices> = {
    lsp: {
        LanguageServer: (shared) => new HaleEditorLanguageServer(shared),
        DocumentUpdateHandler: (shared) => new DeferredDocumentUpdateHandler(shared),
        WorkspaceSymbolProvider: (shared) => new HaleWorkspaceSymbolProvider(shared, () => {
            for (const language of shared.ServiceRegistry.all) {
                const snapshots = (language as Partial<HaleEditorServices>).editor?.Snapshots;
                if (snapshots) return snapshots;
            }
            return undefined;
        }),
    },
};

/**
 * What the hot path waits for before a request reaches its provider: nothing. Hover, completion,
 * highlights and semantic tokens answer from the last published snapshot (a provider waits only for a
 * program's first build), instead of Langium's default of waiting until the document is linked again
 * after each keystroke.
 */
export const HOT_PATH_REQUIREMENTS = {
    HoverProvider: DocumentState.Changed,
    CompletionProvider: DocumentState.Changed,
    SemanticTokenProvider: DocumentState.Changed,
    DocumentHighlightProvider: DocumentState.Changed,
    DefinitionProvider: DocumentState.Changed,
} as const;
