/**
 * The Hale language services: Langium's core services with our lexer, messages and validators. The
 * server adds the LSP services on top (packages/server); the runtime and tests use these core services
 * alone, without any LSP dependency.
 */
import {
    createDefaultCoreModule, createDefaultSharedCoreModule, inject,
    type DefaultSharedCoreModuleContext, type LangiumCoreServices, type LangiumSharedCoreServices,
    type Module, type PartialLangiumCoreServices, type PartialLangiumSharedCoreServices,
} from 'langium';
import { HaleGeneratedModule, HaleGeneratedSharedModule } from './generated/module.js';
import { HaleLexer } from './lexer/hale-lexer.js';
import { HaleParserErrorMessageProvider } from './syntax/parser-messages.js';
import { HaleValueConverter } from './syntax/value-converter.js';
import { HaleDocumentValidator } from './syntax/document-validator.js';
import { HaleScopeComputation } from './syntax/scope-computation.js';
import { ChunkedParser } from './syntax/chunked-parser.js';
import { createHaleParser } from './syntax/parser.js';
import { HaleLinker, HaleReferenceDescriptionProvider } from './syntax/no-links.js';
import { HaleDocumentFactory } from './syntax/document-factory.js';
import { HaleLangiumDocuments } from './syntax/documents.js';
import { registerSyntaxChecks, HaleSyntaxValidator } from './syntax/syntax-validator.js';
import { ProgramModelService } from './model/model-service.js';
import { registerModelChecks } from './model/validation.js';

export type HaleAddedServices = {
    parser: {
        /** Parses a file one top-level declaration at a time, reusing unchanged ones (chunked-parser.ts). */
        ChunkedParser: ChunkedParser;
    };
    validation: {
        HaleSyntaxValidator: HaleSyntaxValidator;
    };
    /** The program model (src/model): one snapshot per program, read by every feature. */
    model: {
        ProgramModels: ProgramModelService;
    };
};

export type HaleServices = LangiumCoreServices & HaleAddedServices;

/** Our overrides of Langium's defaults; valid for both the core and the LSP service containers. */
export const HaleModule: Module<HaleServices, PartialLangiumCoreServices & HaleAddedServices> = {
    parser: {
        Lexer: (services) => new HaleLexer(services),
        ParserErrorMessageProvider: () => new HaleParserErrorMessageProvider(),
        ValueConverter: () => new HaleValueConverter(),
        ChunkedParser: (services) => new ChunkedParser(services),
        LangiumParser: (services) => createHaleParser(services),
    },
    references: {
        ScopeComputation: (services) => new HaleScopeComputation(services),
        Linker: (services) => new HaleLinker(services),
    },
    workspace: {
        ReferenceDescriptionProvider: (services) => new HaleReferenceDescriptionProvider(services),
    },
    validation: {
        DocumentValidator: (services) => new HaleDocumentValidator(services),
        HaleSyntaxValidator: () => new HaleSyntaxValidator(),
    },
    model: {
        ProgramModels: (services) => new ProgramModelService(services.shared),
    },
};

/** Shared-service overrides, for both the core and the LSP shared containers. */
export const HaleSharedModule: Module<LangiumSharedCoreServices, PartialLangiumSharedCoreServices> = {
    workspace: {
        LangiumDocumentFactory: (shared) => new HaleDocumentFactory(shared),
        LangiumDocuments: (shared) => new HaleLangiumDocuments(shared),
    },
};

/** Core (non-LSP) services: for the runtime, the CLI and tests. */
export function createHaleCoreServices(context: DefaultSharedCoreModuleContext): {
    shared: LangiumSharedCoreServices; Hale: HaleServices;
} {
    const shared = inject(createDefaultSharedCoreModule(context), HaleGeneratedSharedModule, HaleSharedModule);
    const Hale = inject(createDefaultCoreModule({ shared }), HaleGeneratedModule, HaleModule);
    shared.ServiceRegistry.register(Hale);
    registerHaleValidations(Hale);
    return { shared, Hale };
}

/** Registers every Hale validation (syntax rules, then the program model's checks) on a service container. */
export function registerHaleValidations(services: HaleServices): void {
    registerSyntaxChecks(services);
    registerModelChecks(services);
}
