/**
 * The language server's service container: Langium's LSP services, the Hale language module, and what a
 * Hale server does differently (a program is a folder; full document sync).
 */
import { inject, type Module } from 'langium';
import {
    createDefaultModule, createDefaultSharedModule,
    type DefaultSharedModuleContext, type LangiumServices, type LangiumSharedServices, type PartialLangiumSharedServices,
} from 'langium/lsp';
import { HaleGeneratedModule, HaleGeneratedSharedModule, HaleModule, HaleSharedModule, registerHaleValidations, type HaleAddedServices } from 'hale-language';
import { HaleDocumentUpdateHandler } from './program-folders.js';
import { HaleLanguageServer } from './language-server.js';
import { HaleFormattingModule } from './formatting.js';
import { HaleEditorModule, HaleEditorSharedModule } from './features/editor-module.js';

export type HaleLspServices = LangiumServices & HaleAddedServices;

export const HaleSharedLspModule: Module<LangiumSharedServices, PartialLangiumSharedServices> = {
    lsp: {
        LanguageServer: (shared) => new HaleLanguageServer(shared),
        DocumentUpdateHandler: (shared) => new HaleDocumentUpdateHandler(shared),
    },
};

export function createHaleLspServices(context: DefaultSharedModuleContext): { shared: LangiumSharedServices; Hale: HaleLspServices } {
    const shared = inject(createDefaultSharedModule(context), HaleGeneratedSharedModule, HaleSharedModule, HaleSharedLspModule, HaleEditorSharedModule);
    const Hale = inject(createDefaultModule({ shared }), HaleGeneratedModule, HaleModule, HaleFormattingModule, HaleEditorModule) as HaleLspServices;
    shared.ServiceRegistry.register(Hale);
    registerHaleValidations(Hale);
    return { shared, Hale };
}
