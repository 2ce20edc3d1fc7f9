/**
 * The answers to the custom requests `hale/busGraph` and `hale/placement`, in upstream's JSON shapes (keys
 * in upstream's order, which is alphabetical), so a tool written for either server reads both. Both answer
 * `null` where upstream's server does: no bus at all, or no main locus with params.
 */
import { busPlacementText, placementAnswerText } from './placement.js';
import type { BusSubjectInfo, LocusInfo, ProgramModel } from './program-model.js';
import { boundSubjects, wildcardCovers } from './checks/bus-checks.js';

export interface BusGraphAnswer {
    subjects: Array<{
        directCallEligible: boolean;
        ineligibleReason: string | null;
        publishers: Array<{ locus: string; payload: string }>;
        staticDispatchEligible: boolean;
        subject: string;
        subscribers: Array<{ handler: string; locus: string; payload: string; placement: string }>;
    }>;
}

export interface PlacementAnswer {
    fields: Array<{ explicit: boolean; field: string; locus: string; placement: string }>;
    mainLocus: string;
}

export function placementAnswer(model: ProgramModel): PlacementAnswer | null {
    if (!model.mainLocus || model.placementFields.length === 0) return null;
    return {
        fields: model.placementFields.map(f => ({ explicit: f.explicit, field: f.field, locus: f.locus, placement: placementAnswerText(f.placement) })),
        mainLocus: model.mainLocus.decl.name,
    };
}

export function busGraphAnswer(model: ProgramModel): BusGraphAnswer | null {
    if (model.subjects.length === 0) return null;
    const eligibility = dispatchEligibility(model);
    return {
        subjects: model.subjects.map(s => {
            const e = eligibility.get(s)!;
            const publishers: Array<{ locus: string; payload: string }> = [];
            for (const p of s.publishers) if (!publishers.some(x => x.locus === p.locus)) publishers.push({ locus: p.locus, payload: p.payload });
            return {
                directCallEligible: e.directCallEligible,
                ineligibleReason: e.ineligibleReason,
                publishers,
                staticDispatchEligible: e.staticDispatchEligible,
                subject: s.subject,
                subscribers: s.subscribers.map(x => ({ handler: x.handler ?? '', locus: x.locus, payload: x.payload, placement: x.placement ?? 'SameThread' })),
            };
        }),
    };
}

interface Eligibility {
    directCallEligible: boolean;
    ineligibleReason: string | null;
    staticDispatchEligible: boolean;
}

/**
 * Upstream's dispatch plan per subject: static dispatch needs a closed world (a `fn main`) and a subject
 * nothing external can reach (no alias, no binding, no wildcard, no routing-key filter); a direct call
 * additionally needs every end on the main thread and quiet handlers.
 */
function dispatchEligibility(model: ProgramModel): Map<BusSubjectInfo, Eligibility> {
    const bound = boundSubjects(model);
    const wildcards = model.subjects.filter(s => s.subject.includes('*')).map(s => s.subject);
    const topPlacement = new Map<string, string>();
    for (const i of model.instances) if (i.depth === 1 && i.field && !topPlacement.has(i.locus)) topPlacement.set(i.locus, busPlacementText(i.placement));
    const quiet = quietness(model);
    const out = new Map<BusSubjectInfo, Eligibility>();
    for (const s of model.subjects) {
        let reason: string | null = null;
        if (!model.hasFnMain) reason = 'OpenWorld';
        else if (s.crossSeed) reason = 'CrossSeed';
        else if (bound.has(s.subject)) reason = 'TransportBound';
        else if (s.subject.includes('*') || wildcards.some(w => wildcardCovers(w, s.subject))) reason = 'Wildcard';
        else {
            const keyed = s.subscribers.find(x => x.member.keyFilter !== undefined);
            if (keyed) reason = `Unanalyzable("subscriber \`${keyed.handler}\` on \`${s.subject}\` carries a Phase-3 routing-key filter")`;
        }
        const staticDispatchEligible = reason === null;
        const directCallEligible = staticDispatchEligible && s.subscribers.length > 0
            && s.subscribers.every(x => x.placement === 'SameThread')
            && s.publishers.every(p => (topPlacement.get(p.locus) ?? 'SameThread') === 'SameThread')
            && s.subscribers.every(x => { const l = model.loci.get(x.locus); return !!l && !!x.handler && quiet(l, x.handler); });
        out.set(s, { directCallEligible, ineligibleReason: reason, staticDispatchEligible });
    }
    return out;
}

const QUIET_BUILTINS = new Set(['len', 'to_string', 'min', 'max', 'abs']);

/**
 * A handler is quiet when it is a leaf: it publishes nothing, makes no locus, terminates nothing and calls
 * nothing but a few pure builtins (upstream does not look into the fns a handler calls).
 */
function quietness(model: ProgramModel): (locus: LocusInfo, fn: string) => boolean {
    return (locus, name) => {
        const key = `${locus.qualifiedName}::${name}`;
        const node = model.fnNodes.get(key);
        if (!node) return true;
        const body = node.fn.body;
        return !node.fn.decorators.some(d => d.name === 'effects' && d.keys.some(k => k === 'is' || k === 'causes'))
            && body.sends.length === 0
            && !body.flows.some(f => f.kind === 'terminate')
            && !body.literals.some(l => model.loci.has(l.type) || hasArrayField(model, l.type))
            && (model.callsFrom.get(key) ?? []).every(e => e.call.callee.kind === 'path' && QUIET_BUILTINS.has(e.call.callee.path));
    };
}

function hasArrayField(model: ProgramModel, type: string): boolean {
    const t = model.types.get(type);
    return !!t && t.decl.fields.some(f => f.type !== undefined && f.type.text.startsWith('['));
}
