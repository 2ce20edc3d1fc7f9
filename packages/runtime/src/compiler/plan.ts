// The thread plan: which Hale threads a program needs and what runs on each, from the placement the
// program model resolved for the main locus's fields (closed-world, so it is known at compile time).
// Thread 0 is the `main` pool; then one thread per named cooperative pool (in the order of the fields);
// then one per pinned field (and per replica). Also the routing table: for each thread, the bus subjects
// that loci able to live on it subscribe to, so a publish is copied only to threads that may have a
// subscriber.

import type * as ast from 'hale-language';
import type { Affinity, Placement, PlacementField, TopologyFact } from 'hale-language';
import type { ThreadSpec } from '../runtime/threads/context.js';
import type { LocusInfo } from './ty.js';
import type { World } from './world.js';

export interface FieldPlacement {
    kind: 'pinned' | 'pool';
    threads: number[];
}

export interface ThreadPlan {
    threads: ThreadSpec[];
    routing: { thread: number; subjects: string[] }[];
    fields: Map<string, FieldPlacement>;
}

/**
 * The CPUs an affinity names. `node = N` and `l3 = name` are resolved against the main locus's
 * `topology { }` block (its cores; an unknown node or domain names none: best effort, as upstream).
 */
function affinityCores(affinity: Affinity | undefined, topology: TopologyFact | undefined): number[] {
    if (!affinity) return [];
    switch (affinity.kind) {
        case 'core': return [affinity.core];
        case 'cores-range': {
            const hi = affinity.inclusive ? affinity.hi + 1 : affinity.hi;
            return Array.from({ length: Math.max(0, hi - affinity.lo) }, (_, i) => affinity.lo + i);
        }
        case 'cores-set': return [...affinity.cores];
        case 'node': return (topology?.nodes ?? []).filter((n) => n.id === affinity.node).flatMap((n) => n.l3.flatMap((d) => d.cores));
        case 'l3': return (topology?.nodes ?? []).flatMap((n) => n.l3).filter((d) => d.name === affinity.name).flatMap((d) => d.cores);
    }
}

/**
 * Where each field of the main locus runs comes from the program model (the same placement the editor
 * shows and checks); the plan turns it into threads: the main pool, one per named cooperative pool, one
 * per pinned field (and replica).
 */
export function planThreads(
    main: LocusInfo | undefined,
    placement: { fields: readonly PlacementField[]; topology?: TopologyFact } | undefined,
    world: World,
    reach: (l: LocusInfo) => Set<LocusInfo>,
    mainRoots: Set<LocusInfo>,
): ThreadPlan {
    const threads: ThreadSpec[] = [{ id: 0, kind: 'main', name: 'main', asyncIo: false, cores: [] }];
    const fields = new Map<string, FieldPlacement>();
    const rootsByThread = new Map<number, Set<LocusInfo>>();
    rootsByThread.set(0, new Set(mainRoots));
    if (main && placement) {
        const pools = new Map<string, number>();
        const paramTypeOf = (field: string): LocusInfo | undefined => {
            const p = main.params.find((x) => x.name === field);
            const tn = p?.type && p.type.$type === 'NamedType' ? (p.type as ast.NamedType).name : undefined;
            const d = tn ? world.lookupType(tn, main.ns) : undefined;
            return d && d.kind === 'locus' ? d : undefined;
        };
        for (const field of placement.fields) {
            if (!field.explicit) continue; // unlisted: cooperative(pool = main), the main thread
            const where: Placement = field.placement;
            const cores = affinityCores(where.affinity, placement.topology);
            const lt = paramTypeOf(field.field);
            if (where.kind === 'cooperative') {
                if (where.pool === 'main') continue; // runs on the main thread like an unplaced field
                let id = pools.get(where.pool);
                if (id === undefined) {
                    id = threads.length;
                    pools.set(where.pool, id);
                    threads.push({ id, kind: 'pool', name: where.pool, asyncIo: where.asyncIo, cores });
                } else if (cores.length && threads[id].cores.length === 0) threads[id].cores = cores;
                if (where.asyncIo) threads[id].asyncIo = true;
                fields.set(field.field, { kind: 'pool', threads: [id] });
                const roots = rootsByThread.get(id) ?? new Set();
                if (lt) roots.add(lt);
                rootsByThread.set(id, roots);
            } else {
                const replicas = Math.max(1, where.replicas ?? 1);
                const ids: number[] = [];
                for (let i = 0; i < replicas; i++) {
                    const id = threads.length;
                    const name = replicas > 1 ? `${main.name}.${field.field}[${i}]` : `${main.name}.${field.field}`;
                    const rc = cores.length ? (replicas > 1 ? [cores[i % cores.length]] : cores) : [];
                    threads.push({ id, kind: 'pinned', name, asyncIo: false, cores: rc });
                    ids.push(id);
                    rootsByThread.set(id, new Set(lt ? [lt] : []));
                }
                fields.set(field.field, { kind: 'pinned', threads: ids });
            }
        }
    }
    const routing: { thread: number; subjects: string[] }[] = [];
    for (const t of threads) {
        const subjects = new Set<string>();
        for (const root of rootsByThread.get(t.id) ?? []) {
            for (const l of reach(root)) for (const s of subjectsOf(l, world)) subjects.add(s);
        }
        routing.push({ thread: t.id, subjects: [...subjects] });
    }
    return { threads, routing, fields };
}

export function subjectsOf(l: LocusInfo, world: World): string[] {
    return l.subscribes.map((s) => {
        if (s.subject.literal !== undefined) return s.subject.literal;
        const d = world.lookup(s.subject.topic!, l.ns);
        if (d && d.kind === 'topic') {
            const segs: string[] = [];
            let cur: any = d;
            const seen = new Set();
            while (cur && cur.kind === 'topic' && !seen.has(cur)) {
                seen.add(cur);
                segs.unshift(cur.subject);
                cur = cur.parent ? world.lookup(cur.parent, cur.ns) : undefined;
            }
            return segs.join('.');
        }
        return s.subject.topic!;
    });
}
