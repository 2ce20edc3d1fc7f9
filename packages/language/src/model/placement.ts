/**
 * Where a locus instance runs, and the texts upstream uses for it: `hale/placement` prints Rust's Debug
 * form of its placement enum (`pinned(Cores(Single(1)))`), its diagnostics a shorter form.
 */
import type { Affinity, PlacementEntryFact, Site } from './facts.js';

export type Placement =
    | { readonly kind: 'cooperative'; readonly pool: string; readonly asyncIo: boolean; readonly affinity?: Affinity }
    | { readonly kind: 'pinned'; readonly affinity?: Affinity; readonly replicas?: number };

export const DEFAULT_PLACEMENT: Placement = { kind: 'cooperative', pool: 'main', asyncIo: false };

export function entryPlacement(e: PlacementEntryFact): Placement {
    if (e.kind === 'pinned') return { kind: 'pinned', affinity: e.affinity, replicas: e.replicas };
    return { kind: 'cooperative', pool: e.pool ?? 'main', asyncIo: e.asyncIo, affinity: e.affinity };
}

function affinityDebug(a: Affinity): string {
    switch (a.kind) {
        case 'core': return `Cores(Single(${a.core}))`;
        case 'cores-range': return `Cores(Range { lo: ${a.lo}, hi: ${a.hi}, inclusive: ${a.inclusive} })`;
        case 'cores-set': return `Cores(Set([${a.cores.join(', ')}]))`;
        case 'node': return `Node(${a.node})`;
        case 'l3': return `L3(Ident { name: "${a.name}", span: Span { start: Pos(${a.byteStart}), end: Pos(${a.byteEnd}) } })`;
    }
}

/** The `placement` string of a `hale/placement` field, exactly as upstream prints it. */
export function placementAnswerText(p: Placement): string {
    if (p.kind === 'cooperative') return `cooperative(pool = ${p.pool})${p.asyncIo ? ' where asyncio' : ''}`;
    let s = 'pinned';
    if (p.affinity) s += `(${affinityDebug(p.affinity)})`;
    if (p.replicas !== undefined) s += ` replicas = ${p.replicas}`;
    return s;
}

function affinitySource(a: Affinity): string {
    switch (a.kind) {
        case 'core': return `core = ${a.core}`;
        case 'cores-range': return `cores = ${a.lo}${a.inclusive ? '..=' : '..'}${a.hi}`;
        case 'cores-set': return `cores = {${a.cores.join(', ')}}`;
        case 'node': return `node = ${a.node}`;
        case 'l3': return `l3 = ${a.name}`;
    }
}

/** The placement as a Hale programmer writes it: `cooperative(pool = io) where async_io`, `pinned(core = 1)`. */
export function placementSourceText(p: Placement): string {
    if (p.kind === 'cooperative') {
        const attrs = [`pool = ${p.pool}`, ...(p.affinity ? [affinitySource(p.affinity)] : [])];
        return `cooperative(${attrs.join(', ')})${p.asyncIo ? ' where async_io' : ''}`;
    }
    const attrs = [...(p.affinity ? [affinitySource(p.affinity)] : []), ...(p.replicas !== undefined ? [`replicas = ${p.replicas}`] : [])];
    return attrs.length ? `pinned(${attrs.join(', ')})` : 'pinned';
}

/** How upstream's placement diagnostics name a placement: `cooperative(pool = io)`, ``pinned (at `store`)``. */
export function placementDiagnosticText(p: Placement, field: string | undefined): string {
    if (p.kind === 'cooperative') return `cooperative(pool = ${p.pool})${p.asyncIo ? ' where async_io' : ''}`;
    return `pinned (at \`${field ?? '?'}\`)`;
}

/** The thread a placement runs on: loci with equal keys share a thread. Pinned loci own theirs. */
export function threadKey(p: Placement, owner: string): string {
    return p.kind === 'cooperative' ? `pool:${p.pool}` : `pinned:${owner}`;
}

/** A subscriber's placement in `hale/busGraph`: `SameThread` (the main pool), `Pinned`, `CrossPool("io")`. */
export function busPlacementText(p: Placement | undefined): string {
    if (!p) return 'SameThread';
    if (p.kind === 'pinned') return 'Pinned';
    return p.pool === 'main' ? 'SameThread' : `CrossPool("${p.pool}")`;
}

export interface PlacementSource {
    /** The placement entry that set it, when one did. */
    readonly entry?: Site;
}
