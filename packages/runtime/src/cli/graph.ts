/**
 * `loom graph FILE.hl|DIR [--format mermaid|dot|json|svg] [-o OUT]`: the program's bus topology without
 * the editor. It reads the same program model as the language server (its `hale/busGraph` and
 * `hale/placement` answers) and renders it with the same code as the extension's topology view.
 */
import { writeFileSync } from 'node:fs';
import { busGraphAnswer, loadProgram, placementAnswer, ProgramLoadError } from 'hale-language';
import { renderTopology, type TopologyFormat } from 'hale-language/topology';

const FORMATS: readonly TopologyFormat[] = ['mermaid', 'dot', 'json', 'svg'];

export async function graphCommand(args: string[], out: NodeJS.WritableStream, err: NodeJS.WritableStream): Promise<number> {
    let format: TopologyFormat = 'mermaid';
    let outFile: string | undefined;
    let target: string | undefined;
    for (let i = 0; i < args.length; i++) {
        const a = args[i];
        if (a === '--format' || a === '-f') {
            const f = args[++i];
            if (!FORMATS.includes(f as TopologyFormat)) {
                err.write(`loom graph: --format takes ${FORMATS.join(', ')}${f ? `, not '${f}'` : ''}\n`);
                return 2;
            }
            format = f as TopologyFormat;
        } else if (a.startsWith('--format=')) {
            return graphCommand([...args.slice(0, i), '--format', a.slice('--format='.length), ...args.slice(i + 1)], out, err);
        } else if (a === '-o') {
            outFile = args[++i];
        } else if (!target) {
            target = a;
        } else {
            err.write(`loom graph: unexpected argument '${a}'\n`);
            return 2;
        }
    }
    if (!target) {
        err.write('usage: loom graph FILE.hl|DIR [--format mermaid|dot|json|svg] [-o OUT]\n');
        return 2;
    }
    let program;
    try {
        program = await loadProgram(target);
    } catch (e) {
        if (e instanceof ProgramLoadError) {
            err.write(`loom graph: ${e.message}\n`);
            return 2;
        }
        throw e;
    }
    const syntax = program.diagnostics.filter(d => d.diagnostic.code === 'hale.syntax' && d.diagnostic.severity === 1);
    if (syntax.length) {
        for (const { uri, diagnostic: d } of syntax) err.write(`${new URL(uri).pathname}:${d.range.start.line + 1}:${d.range.start.character + 1}: error: ${d.message}\n`);
        err.write(`loom graph: ${target} has syntax errors; no graph\n`);
        return 1;
    }
    const model = program.services.Hale.model.ProgramModels.getModel(program.documents[0].uri);
    const busGraph = model ? busGraphAnswer(model) : null;
    if (!busGraph) {
        err.write(`loom graph: ${target} has no bus (no publish or subscribe), so there is no topology to draw\n`);
        return 1;
    }
    const text = await renderTopology(busGraph, model ? placementAnswer(model) : null, format);
    if (outFile) writeFileSync(outFile, text.endsWith('\n') ? text : text + '\n');
    else out.write(text.endsWith('\n') ? text : text + '\n');
    return 0;
}
