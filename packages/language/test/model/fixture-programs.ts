/**
 * The focused fixtures (test/model/fixtures): each `.hl` file is a program alone in its folder, each
 * sub-folder a multi-file program. Expectations live in the fixtures as comments:
 *   `// @expect CODE [xN]`             on the line a diagnostic is anchored on (N of them, default 1);
 *   `// @placement FIELD TEXT`         a row of the `hale/placement` answer;
 *   `// @subscriber SUBJECT L.h PLACE` a subscriber of the `hale/busGraph` answer;
 *   `// @reason SUBJECT REASON`        a subject's `ineligibleReason`.
 * Every model diagnostic of a fixture must be expected, and every expectation met.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { EmptyFileSystem, URI, type LangiumDocument } from 'langium';
import type { Diagnostic } from 'vscode-languageserver-types';
import { createHaleCoreServices } from '../../src/hale-module.js';
import type { ProgramModel } from '../../src/model/program-model.js';

export const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), 'fixtures');

export interface Expectation { code: string; line: number; count: number; file: string }

export interface FixtureProgram {
    name: string;
    files: Array<{ name: string; text: string; uri: string }>;
    expectations: Expectation[];
    placements: Array<[string, string]>;
    subscribers: Array<[string, string, string]>;
    reasons: Array<[string, string]>;
}

export function fixturePrograms(): FixtureProgram[] {
    const out: FixtureProgram[] = [];
    for (const entry of readdirSync(FIXTURES).sort()) {
        const path = join(FIXTURES, entry);
        const files = statSync(path).isDirectory()
            ? readdirSync(path).filter(f => f.endsWith('.hl')).sort().map(f => ({ name: f, text: readFileSync(join(path, f), 'utf8') }))
            : entry.endsWith('.hl') ? [{ name: entry, text: readFileSync(path, 'utf8') }] : [];
        if (!files.length) continue;
        const name = entry.replace(/\.hl$/, '');
        const program: FixtureProgram = { name, files: [], expectations: [], placements: [], subscribers: [], reasons: [] };
        for (const f of files) {
            const uri = URI.file(`/fixtures/${name}/${f.name}`).toString();
            program.files.push({ ...f, uri });
            f.text.split('\n').forEach((line, i) => {
                const expect = /\/\/ @expect (\S+)(?: x(\d+))?/.exec(line);
                if (expect) program.expectations.push({ code: expect[1], line: i + 1, count: Number(expect[2] ?? 1), file: uri });
                const placement = /^\/\/ @placement (\S+) (.+)$/.exec(line);
                if (placement) program.placements.push([placement[1], resolveBytes(placement[2], f.text)]);
                const subscriber = /^\/\/ @subscriber (\S+) (\S+) (\S+)$/.exec(line);
                if (subscriber) program.subscribers.push([subscriber[1], subscriber[2], subscriber[3]]);
                const reason = /^\/\/ @reason (\S+) (.+)$/.exec(line);
                if (reason) program.reasons.push([reason[1], reason[2]]);
            });
        }
        out.push(program);
    }
    return out;
}

/** `Pos(BYTE:fast)` → the byte offset of `fast` in `l3 = fast` (fixtures are ASCII). */
function resolveBytes(text: string, source: string): string {
    return text.replace(/BYTE(_END)?:(\w+)/g, (_, end: string | undefined, name: string) => {
        const at = source.indexOf(`l3 = ${name}`) + 'l3 = '.length;
        return String(end ? at + name.length : at);
    });
}

export interface LoadedFixture {
    model: ProgramModel;
    diagnostics: Map<string, Diagnostic[]>;
    documents: LangiumDocument[];
}

/** Parses and validates every fixture program with the services the server uses. */
export async function loadFixtures(programs: FixtureProgram[]): Promise<Map<string, LoadedFixture>> {
    const { shared, Hale } = createHaleCoreServices(EmptyFileSystem);
    const docs: Array<[FixtureProgram, LangiumDocument[]]> = programs.map(p => [p, p.files.map(f => {
        const doc = shared.workspace.LangiumDocumentFactory.fromString(f.text, URI.parse(f.uri));
        shared.workspace.LangiumDocuments.addDocument(doc);
        return doc;
    })]);
    await shared.workspace.DocumentBuilder.build(docs.flatMap(([, d]) => d), { validation: true });
    const out = new Map<string, LoadedFixture>();
    for (const [p, documents] of docs) {
        out.set(p.name, {
            model: Hale.model.ProgramModels.getModel(documents[0].uri)!,
            diagnostics: new Map(documents.map(d => [d.uri.toString(), d.diagnostics ?? []])),
            documents,
        });
    }
    return out;
}

/** Parses and validates one program given as sources (name → text), alone in its folder. */
export async function loadSources(name: string, files: Array<{ name: string; text: string }>): Promise<LoadedFixture> {
    const program: FixtureProgram = { name, files: files.map(f => ({ ...f, uri: URI.file(`/sources/${name}/${f.name}`).toString() })), expectations: [], placements: [], subscribers: [], reasons: [] };
    return (await loadFixtures([program])).get(name)!;
}
