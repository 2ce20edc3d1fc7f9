/**
 * Loading a Hale program outside the editor (CLI, runtime, tests): a program is a folder, and all its
 * `.hl` files are parsed and validated together, with the same services the language server uses.
 */
import { readdirSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { URI, type LangiumDocument } from 'langium';
import { NodeFileSystem } from 'langium/node';
import type { Diagnostic } from 'vscode-languageserver-types';
import { createHaleCoreServices, type HaleServices } from './hale-module.js';
import type { Program } from './generated/ast.js';
import type { LangiumSharedCoreServices } from 'langium';

export interface LoadedProgram {
    /** The folder the program lives in. */
    readonly folder: string;
    /** One parsed and validated document per `.hl` file, sorted by path. */
    readonly documents: ReadonlyArray<LangiumDocument<Program>>;
    /** Every diagnostic of every file. */
    readonly diagnostics: ReadonlyArray<{ readonly uri: string; readonly diagnostic: Diagnostic }>;
    readonly services: { shared: LangiumSharedCoreServices; Hale: HaleServices };
}

export class ProgramLoadError extends Error {}

/**
 * Loads the program that `path` names: a `.hl` file means the folder it is in; a folder means its `.hl`
 * files. Throws ProgramLoadError (with a message for the user) when there is nothing to load.
 */
export async function loadProgram(path: string): Promise<LoadedProgram> {
    const target = resolve(path);
    let folder: string;
    try {
        folder = statSync(target).isDirectory() ? target : dirname(target);
    } catch {
        throw new ProgramLoadError(`no such file or folder: ${path}`);
    }
    if (!statSync(target).isDirectory() && !target.endsWith('.hl')) {
        throw new ProgramLoadError(`not a Hale file (expected a .hl file or a folder): ${path}`);
    }
    const files = readdirSync(folder).filter(f => f.endsWith('.hl')).sort().map(f => join(folder, f));
    if (files.length === 0) throw new ProgramLoadError(`no .hl files in ${folder}`);
    const services = createHaleCoreServices(NodeFileSystem);
    const documents: Array<LangiumDocument<Program>> = [];
    for (const file of files) {
        documents.push(await services.shared.workspace.LangiumDocuments.getOrCreateDocument(URI.file(file)) as LangiumDocument<Program>);
    }
    await services.shared.workspace.DocumentBuilder.build(documents, { validation: true });
    const diagnostics = documents.flatMap(doc => (doc.diagnostics ?? []).map(diagnostic => ({ uri: doc.uri.toString(), diagnostic })));
    return { folder, documents, diagnostics, services };
}
