// The compiler driver: load a Hale program (a file or a folder, plus the libraries it imports) with the
// language package's parser and validators, refuse it if it has error diagnostics, then lower it to one
// JavaScript module with a source map back to the `.hl` files.

import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { URI, type LangiumDocument } from 'langium';
import { NodeFileSystem } from 'langium/node';
import * as ast from 'hale-language';
import { createHaleCoreServices } from 'hale-language';
import { Lowerer, type Unsupported } from './lower.js';
import { planThreads, subjectsOf, type ThreadPlan } from './plan.js';
import { PRELUDE } from './prelude.js';
import type { FnInfo, LocusInfo } from './ty.js';
import { CompileError, World } from './world.js';
import { DebugInfoCollector } from '../debug/info.js';
import { CompileInputs } from './cache.js';
import { stdlib } from '../runtime/std/index.js';

export interface Diag {
    file: string;
    line: number;
    column: number;
    severity: 'error' | 'warning' | 'info' | 'hint';
    message: string;
    code?: string;
}

export interface CompileOutput {
    ok: boolean;
    diagnostics: Diag[];
    unsupported: Unsupported[];
    /** Path of the written program module (when ok). */
    programFile?: string;
    plan?: ThreadPlan;
    js?: string;
    /** What the compile looked at (for the compile cache). */
    inputs?: CompileInputs;
}

const SEV: Record<number, Diag['severity']> = { 1: 'error', 2: 'warning', 3: 'info', 4: 'hint' };

let services: ReturnType<typeof createHaleCoreServices> | null = null;
function getServices(): ReturnType<typeof createHaleCoreServices> {
    if (!services) services = createHaleCoreServices(NodeFileSystem);
    return services;
}

import { ProgramError } from './errors.js';
export { ProgramError };

/** The `.hl` files of an entry (a file means that file; a folder means its `.hl` files). */
export function entryFiles(entry: string, inputs: CompileInputs = new CompileInputs()): string[] {
    const abs = resolve(entry);
    const kind = inputs.kind(abs);
    if (kind === 'none') throw new ProgramError(`no such file or folder: ${entry}`);
    if (kind === 'dir') {
        const files = inputs.list(abs).map((f) => join(abs, f));
        if (files.length === 0) throw new ProgramError(`no .hl files in ${entry}`);
        return files;
    }
    if (!abs.endsWith('.hl')) throw new ProgramError(`not a Hale file (expected a .hl file or a folder): ${entry}`);
    return [abs];
}

/**
 * `import "path" as a;`: `<importer-dir>/<path>.hl`, then `<importer-dir>/<path>/`, then the same two under
 * each enclosing folder (upstream's workspace-root fallback, without needing a Cargo.toml marker).
 */
function resolveImport(fromFile: string, path: string, inputs: CompileInputs): string[] | null {
    let dir = dirname(fromFile);
    for (let depth = 0; depth < 8; depth++) {
        const single = join(dir, path + '.hl');
        if (inputs.kind(single) !== 'none' && single !== fromFile) return [single];
        const folder = join(dir, path);
        if (inputs.kind(folder) === 'dir') {
            const files = inputs.list(folder).map((f) => join(folder, f));
            if (files.length) return files;
        }
        const up = dirname(dir);
        if (up === dir) break;
        dir = up;
    }
    return null;
}

interface Loaded {
    docs: { doc: LangiumDocument<ast.Program>; file: string; ns: string }[];
    diagnostics: Diag[];
}

async function load(files: string[], inputs: CompileInputs): Promise<Loaded> {
    const s = getServices();
    const docsSvc = s.shared.workspace.LangiumDocuments;
    const out: Loaded = { docs: [], diagnostics: [] };
    const seen = new Set<string>();
    let queue: { file: string; ns: string }[] = files.map((f) => ({ file: f, ns: '' }));
    const all: { doc: LangiumDocument<ast.Program>; file: string; ns: string }[] = [];
    while (queue.length) {
        const batch: LangiumDocument<ast.Program>[] = [];
        const next: { file: string; ns: string }[] = [];
        for (const q of queue) {
            const key = q.file + '|' + q.ns;
            if (seen.has(key)) continue;
            seen.add(key);
            const uri = URI.file(q.file);
            if (docsSvc.hasDocument(uri)) docsSvc.deleteDocument(uri);
            const doc = (await docsSvc.getOrCreateDocument(uri)) as LangiumDocument<ast.Program>;
            inputs.read(q.file, doc.textDocument.getText());
            batch.push(doc);
            all.push({ doc, file: q.file, ns: q.ns });
        }
        await s.shared.workspace.DocumentBuilder.build(batch, { validation: true });
        for (const d of all.filter((x) => batch.includes(x.doc))) {
            for (const diag of d.doc.diagnostics ?? []) {
                out.diagnostics.push({
                    file: d.file,
                    line: diag.range.start.line + 1,
                    column: diag.range.start.character + 1,
                    severity: SEV[diag.severity ?? 1] ?? 'error',
                    message: diag.message,
                    code: typeof diag.code === 'string' ? diag.code : undefined,
                });
            }
            for (const imp of d.doc.parseResult.value.imports ?? []) {
                const target = resolveImport(d.file, imp.path, inputs);
                const ns = d.ns ? `${d.ns}::${imp.alias}` : imp.alias;
                if (!target) {
                    const pos = imp.$cstNode?.range.start;
                    out.diagnostics.push({
                        file: d.file,
                        line: (pos?.line ?? 0) + 1,
                        column: (pos?.character ?? 0) + 1,
                        severity: 'error',
                        message: `cannot resolve import "${imp.path}" (looked for ${imp.path}.hl and ${imp.path}/ next to ${basename(d.file)})`,
                    });
                    continue;
                }
                for (const f of target) next.push({ file: f, ns });
            }
        }
        queue = next;
    }
    out.docs = all;
    return out;
}

let preludeProgram: ast.Program | null = null;
function prelude(): ast.Program {
    if (!preludeProgram) {
        const s = getServices();
        const r = s.Hale.parser.LangiumParser.parse<ast.Program>(PRELUDE);
        if (r.parserErrors.length || r.lexerErrors.length) {
            throw new Error(`Loom's std prelude does not parse: ${JSON.stringify(r.parserErrors[0] ?? r.lexerErrors[0])}`);
        }
        preludeProgram = r.value;
    }
    return preludeProgram;
}

export function loadPrelude(): ast.Program {
    return prelude();
}

function walk(node: any, fn: (n: any) => void): void {
    if (!node || typeof node !== 'object') return;
    fn(node);
    for (const k of Object.keys(node)) {
        if (k.startsWith('$')) continue;
        const v = node[k];
        if (Array.isArray(v)) for (const x of v) walk(x, fn);
        else if (v && typeof v === 'object' && typeof v.$type === 'string') walk(v, fn);
    }
}

/** Locus types a locus type can bring into being on its own thread (fields and instantiations). */
function reachability(world: World): (l: LocusInfo) => Set<LocusInfo> {
    const cache = new Map<LocusInfo, Set<LocusInfo>>();
    const direct = (node: any, ns: string, acc: Set<LocusInfo>, fns: Set<FnInfo>) => {
        walk(node, (n) => {
            if (n.$type === 'StructLiteral' || n.$type === 'NamedType') {
                const d = world.lookupType(n.$type === 'StructLiteral' ? n.type : n.name, ns);
                if (d && d.kind === 'locus') acc.add(d);
            } else if (n.$type === 'NameExpression') {
                const d = world.lookup(n.name, ns);
                if (d && d.kind === 'fn' && d.decl.body) fns.add(d);
            }
        });
    };
    const reach = (l: LocusInfo): Set<LocusInfo> => {
        const got = cache.get(l);
        if (got) return got;
        const acc = new Set<LocusInfo>([l]);
        cache.set(l, acc);
        const todo: LocusInfo[] = [l];
        const fnsSeen = new Set<FnInfo>();
        while (todo.length) {
            const cur = todo.pop()!;
            const found = new Set<LocusInfo>();
            const fns = new Set<FnInfo>();
            direct(cur.decl, cur.ns, found, fns);
            for (const f of fns) {
                if (fnsSeen.has(f)) continue;
                fnsSeen.add(f);
                direct(f.decl, f.ns, found, fns);
            }
            for (const x of found) if (!acc.has(x)) {
                acc.add(x);
                todo.push(x);
            }
        }
        return acc;
    };
    return reach;
}

export interface CompileOptions {
    /** Directory for the compiled module; default: a per-program folder under the OS temp dir. */
    outDir?: string;
}

export async function compileProgram(entry: string, opts: CompileOptions = {}): Promise<CompileOutput> {
    const inputs = new CompileInputs();
    const files = entryFiles(entry, inputs);
    const loaded = await load(files, inputs);
    const errors = loaded.diagnostics.filter((d) => d.severity === 'error');
    if (errors.length) return { ok: false, diagnostics: loaded.diagnostics, unsupported: [] };

    const world = new World();
    const fileOfProgram = new Map<ast.Program, string>();
    for (const d of loaded.docs) {
        const p = d.doc.parseResult.value;
        fileOfProgram.set(p, d.file);
        world.collect(p, d.ns, false, d.file);
    }
    world.collect(prelude(), '', true, undefined);

    markUsed(world, loaded.docs.map((d) => ({ node: d.doc.parseResult.value, ns: d.ns })));
    const lowerer = new Lowerer(world);
    const cwd = process.cwd();
    const display = new Map<string, string>();
    // Absolute paths in the source map (debuggers open them); stack traces print them relative to the cwd.
    for (const d of loaded.docs) display.set(d.file, d.file);
    void cwd;
    void relative;
    lowerer.fileOf = (node) => {
        let n: any = node;
        while (n && n.$container) n = n.$container;
        const f = n ? fileOfProgram.get(n) : undefined;
        return f ? display.get(f) : undefined;
    };
    // Hale names and types of locals, for the debugger (written next to the module).
    const debugInfo = new DebugInfoCollector(world, (node) => lowerer.fileOf(node));
    lowerer.debug = debugInfo;

    const mainFn = world.decls.get('main');
    const mainLocus = world.loci().find((l) => l.isMain && !l.native && !l.ns);
    const reach = reachability(world);
    const mainRoots = new Set<LocusInfo>();
    // loci reachable from fn main and from the main locus's unplaced fields
    if (mainFn && mainFn.kind === 'fn') {
        const found = new Set<LocusInfo>();
        walk(mainFn.decl, (n) => {
            if (n.$type === 'StructLiteral') {
                const d = world.lookupType(n.type, '');
                if (d && d.kind === 'locus') found.add(d);
            }
        });
        for (const l of found) {
            // the main locus's placed fields live on their own threads (its other fields are added below)
            if (l === mainLocus) mainRoots.add(l);
            else for (const x of reach(l)) mainRoots.add(x);
        }
    }
    // The placement of the main locus's fields, as the program model resolved it (one source for the
    // editor's checks and hints and for the threads the program runs on).
    const model = loaded.docs.length ? getServices().Hale.model.ProgramModels.getModel(loaded.docs[0].doc.uri) : undefined;
    const placement = model?.mainLocus ? { fields: model.placementFields, topology: model.mainLocus.decl.topology } : undefined;
    const plan = planThreads(mainLocus, placement, world, (l) => {
        if (l === mainLocus) {
            // the main locus's placed fields are not on the main thread
            const s = new Set<LocusInfo>([l]);
            return s;
        }
        return reach(l);
    }, mainRoots);
    // Locus types that can live on a named pool get parking (generator) forms of their suspending code.
    for (const t of plan.threads) {
        if (t.kind !== 'pool' || !mainLocus) continue;
        for (const [field, fp] of plan.fields) {
            if (!fp.threads.includes(t.id)) continue;
            const p = mainLocus.params.find((x) => x.name === field);
            const tn = p?.type && p.type.$type === 'NamedType' ? (p.type as ast.NamedType).name : undefined;
            const d = tn ? world.lookupType(tn, mainLocus.ns) : undefined;
            if (d && d.kind === 'locus') {
                for (const x of reach(d)) {
                    lowerer.poolTypes.add(x);
                    if (t.asyncIo) lowerer.asyncTypes.add(x);
                }
            }
        }
    }
    lowerer.hasGenNative = (path) => stdlib.has('$g:' + path);
    lowerer.hasNative = (path) => stdlib.has(path);
    if (mainLocus) {
        // unplaced fields of the main locus live on the main thread
        const placedFields = new Set(plan.fields.keys());
        const mainThread = plan.routing.find((r) => r.thread === 0)!;
        const subj = new Set(mainThread.subjects);
        for (const p of mainLocus.params) {
            if (placedFields.has(p.name)) continue;
            walk(p, (n) => {
                if (n.$type === 'StructLiteral' || n.$type === 'NamedType') {
                    const d = world.lookupType(n.$type === 'StructLiteral' ? n.type : n.name, mainLocus.ns);
                    if (d && d.kind === 'locus') for (const x of reach(d)) for (const s of subjectsOfLocus(x, world)) subj.add(s);
                }
            });
        }
        for (const hookList of mainLocus.hooks.values()) for (const h of hookList) walk(h, (n) => {
            if (n.$type === 'StructLiteral') {
                const d = world.lookupType(n.type, mainLocus.ns);
                if (d && d.kind === 'locus') for (const x of reach(d)) for (const s of subjectsOfLocus(x, world)) subj.add(s);
            }
        });
        for (const s of subjectsOfLocus(mainLocus, world)) subj.add(s);
        mainThread.subjects = [...subj];
        if (plan.fields.size) lowerer.placements.set(mainLocus, plan.fields);
    }

    let body;
    try {
        body = lowerer.emitProgram(mainFn && mainFn.kind === 'fn' ? mainFn : undefined, mainLocus);
    } catch (e) {
        if (e instanceof CompileError) {
            const node: any = e.node;
            const pos = node ? lowerer.pos(node) : null;
            return {
                ok: false,
                diagnostics: [
                    ...loaded.diagnostics,
                    { file: pos?.file ?? files[0], line: pos?.line ?? 1, column: (pos?.column ?? 0) + 1, severity: 'error', message: e.message },
                ],
                unsupported: lowerer.unsupported,
            };
        }
        throw e;
    }

    const planJs = JSON.stringify({ threads: plan.threads, routing: plan.routing });
    const header = [
        `// Compiled by Loom from ${files.map((f) => basename(f)).join(', ')}. Do not edit.`,
        `export const plan = ${planJs};`,
        `export default function $program($rt) {`,
    ];
    const name = basename(files[0]).replace(/\.hl$/, '');
    const js = header.join('\n') + '\n' + body.toString() + '}\n';
    const hash = createHash('sha1').update(js).digest('hex').slice(0, 12);
    const outDir = opts.outDir ?? join(tmpdir(), 'loom-cache', hash);
    mkdirSync(outDir, { recursive: true });
    const programFile = join(outDir, `${name}.loom.mjs`);
    const sources = new Map<string, string>();
    for (const d of loaded.docs) sources.set(display.get(d.file)!, readFileSync(d.file, 'utf8'));
    const map = body.sourceMap(basename(programFile), sources, header.length);
    writeFileSync(programFile, js + `//# sourceMappingURL=${basename(programFile)}.map\n`);
    writeFileSync(programFile + '.map', map);
    writeFileSync(programFile + '.debug.json', JSON.stringify(debugInfo.result()));
    return { ok: true, diagnostics: loaded.diagnostics, unsupported: lowerer.unsupported, programFile, plan, js, inputs };
}

/** Mark the prelude declarations a program reaches (by name, transitively). */
function markUsed(world: World, roots: { node: any; ns: string }[]): void {
    for (const n of ['ClosureViolation', 'BusUnmatchedKey', 'IndexError', 'KeyError', 'EmptyError', 'IoError', 'ParseError', 'CapacityError']) {
        const d = world.decls.get(n);
        if (d) world.used.add(d);
    }
    const todo: { node: any; ns: string }[] = [...roots];
    const visit = (name: string, ns: string) => {
        const cands = [world.lookup(name, ns), world.lookupType(name, ns)];
        const parts = name.split('::');
        if (parts.length > 1) cands.push(world.lookupType(parts.slice(0, -1).join('::'), ns)); // Enum::Variant, T::from_json
        for (const d of cands) {
            if (d && !world.used.has(d)) {
                world.used.add(d);
                todo.push({ node: d.kind === 'record' || d.kind === 'enum' || d.kind === 'alias' || d.kind === 'locus' || d.kind === 'fn' || d.kind === 'const' || d.kind === 'topic' || d.kind === 'iface' ? d.decl : null, ns: d.ns });
            }
        }
    };
    while (todo.length) {
        const { node, ns } = todo.pop()!;
        if (!node) continue;
        walk(node, (n) => {
            switch (n.$type) {
                case 'NameExpression':
                    visit(n.name, ns);
                    break;
                case 'StructLiteral':
                    visit(n.type, ns);
                    break;
                case 'NamedType':
                    visit(n.name, ns);
                    break;
                case 'ConstructorPattern':
                    visit(n.name, ns);
                    break;
                case 'BusSubject':
                    if (n.topic) visit(n.topic, ns);
                    break;
            }
        });
    }
    // interfaces a used locus satisfies are needed for dispatch metadata only (no emission)
}

function subjectsOfLocus(l: LocusInfo, world: World): string[] {
    return subjectsOf(l, world);
}
