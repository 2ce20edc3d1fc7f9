// The thread plan: which Hale threads a program needs and what runs on each, derived from the main
// locus's `placement { }` block (closed-world, so it is known at compile time). Thread 0 is the `main`
// pool; then one thread per named cooperative pool (in order of first mention); then one per pinned field
// (and per replica). Also the routing table: for each thread, the bus subjects that loci able to live on it
// subscribe to, so a publish is copied only to threads that may have a subscriber.

import type * as ast from 'hale-language';
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

function attrValue(a: ast.PlacementAttr): number[] | string | undefined {
    const v: any = a.value;
    switch (v.$type) {
        case 'PlacementNumber':
            return [Number(v.value)];
        case 'PlacementWord':
            return v.word;
        case 'CoreRange': {
            const lo = Number(v.low);
            const hi = Number(v.high) + (v.op === '..=' ? 1 : 0);
            const out: number[] = [];
            for (let i = lo; i < hi; i++) out.push(i);
            return out;
        }
        case 'CoreSet':
            return v.cores.map(Number);
        default:
            return undefined;
    }
}

/** Resolve `node = N` / `l3 = name` against the main locus's topology block. */
function topologyCores(main: LocusInfo, key: string, value: number[] | string | undefined): number[] {
    const topo = main.decl.members.find((m) => m.$type === 'TopologyBlock') as ast.TopologyBlock | undefined;
    if (!topo) return [];
    const sel = (c: any): number[] => {
        if (c.$type === 'CoreRange') {
            const lo = Number(c.low);
            const hi = Number(c.high) + (c.op === '..=' ? 1 : 0);
            return Array.from({ length: Math.max(0, hi - lo) }, (_, i) => lo + i);
        }
        return c.cores.map(Number);
    };
    const out: number[] = [];
    for (const m of topo.members) {
        if (m.$type !== 'TopologyNode') continue;
        const node = m as ast.TopologyNode;
        for (const l3 of node.domains) {
            if (key === 'node' && Array.isArray(value) && Number(node.id) === value[0]) out.push(...sel(l3.cores));
            if (key === 'l3' && l3.name === value) out.push(...sel(l3.cores));
        }
    }
    return out;
}

export function planThreads(main: LocusInfo | undefined, world: World, reach: (l: LocusInfo) => Set<LocusInfo>, mainRoots: Set<LocusInfo>): ThreadPlan {
    const threads: ThreadSpec[] = [{ id: 0, kind: 'main', name: 'main', asyncIo: false, cores: [] }];
    const fields = new Map<string, FieldPlacement>();
    const rootsByThread = new Map<number, Set<LocusInfo>>();
    rootsByThread.set(0, new Set(mainRoots));
    if (main && main.placement) {
        const pools = new Map<string, number>();
        const paramTypeOf = (field: string): LocusInfo | undefined => {
            const p = main.params.find((x) => x.name === field);
            const tn = p?.type && p.type.$type === 'NamedType' ? (p.type as ast.NamedType).name : undefined;
            const d = tn ? world.lookupType(tn, main.ns) : undefined;
            return d && d.kind === 'locus' ? d : undefined;
        };
        for (const e of main.placement.entries) {
            const spec = e.spec;
            const attrs = new Map(spec.attrs.map((a) => [a.name, attrValue(a)]));
            let cores: number[] = [];
            const c1 = attrs.get('core');
            const cs = attrs.get('cores');
            if (Array.isArray(c1)) cores = c1;
            else if (Array.isArray(cs)) cores = cs;
            if (attrs.has('node')) cores = topologyCores(main, 'node', attrs.get('node'));
            if (attrs.has('l3')) cores = topologyCores(main, 'l3', attrs.get('l3'));
            const lt = paramTypeOf(e.field);
            if (spec.kind === 'cooperative') {
                const pool = attrs.get('pool');
                const name = typeof pool === 'string' ? pool : 'main';
                if (name === 'main') {
                    continue; // runs on the main thread like an unplaced field
                }
                let id = pools.get(name);
                if (id === undefined) {
                    id = threads.length;
                    pools.set(name, id);
                    threads.push({ id, kind: 'pool', name, asyncIo: e.constraints.includes('async_io'), cores });
                } else if (cores.length && threads[id].cores.length === 0) threads[id].cores = cores;
                if (e.constraints.includes('async_io')) threads[id].asyncIo = true;
                fields.set(e.field, { kind: 'pool', threads: [id] });
                const roots = rootsByThread.get(id) ?? new Set();
                if (lt) roots.add(lt);
                rootsByThread.set(id, roots);
            } else {
                const rv = attrs.get('replicas');
                const replicas = Array.isArray(rv) ? Math.max(1, rv[0]) : 1;
                const ids: number[] = [];
                for (let i = 0; i < replicas; i++) {
                    const id = threads.length;
                    const name = replicas > 1 ? `${main.name}.${e.field}[${i}]` : `${main.name}.${e.field}`;
                    const rc = cores.length ? (replicas > 1 ? [cores[i % cores.length]] : cores) : [];
                    threads.push({ id, kind: 'pinned', name, asyncIo: false, cores: rc });
                    ids.push(id);
                    rootsByThread.set(id, new Set(lt ? [lt] : []));
                }
                fields.set(e.field, { kind: 'pinned', threads: ids });
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
