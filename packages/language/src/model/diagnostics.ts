/** Diagnostics the program model reports: codes, and the shape checks produce before Langium publishes them. */
import type { Site } from './facts.js';

/** The seven concurrency checks of the placement chapter (codes from the corpus README). */
export const CHECK_CODES = {
    deadReceiver: 'hale.placement.dead-receiver',
    blockingCall: 'hale.placement.blocking-call',
    crossPoolCall: 'hale.placement.cross-pool-call',
    orphanTopic: 'hale.bus.orphan-topic',
    cycle: 'hale.bus.cycle',
    unthrottledPublish: 'hale.bus.unthrottled-publish',
    payloadMismatch: 'hale.bus.payload-mismatch',
} as const;

/** Name-resolution and placement-block diagnostics (see CHECKS.md for when each fires). */
export const RESOLUTION_CODES = {
    unknownTopic: 'hale.resolve.unknown-topic',
    unknownType: 'hale.resolve.unknown-type',
    unknownPerspective: 'hale.resolve.unknown-perspective',
    unknownLocus: 'hale.resolve.unknown-locus',
    undeclaredSubject: 'hale.bus.undeclared-subject',
    computedSubject: 'hale.bus.computed-subject',
    sendOutsideLocus: 'hale.bus.send-outside-locus',
    unroutedBinding: 'hale.bus.unrouted-binding',
    topicParent: 'hale.bus.topic-parent',
    sharedWireSubject: 'hale.bus.shared-wire-subject',
    multipleMain: 'hale.placement.multiple-main',
    unknownField: 'hale.placement.unknown-field',
    notALocus: 'hale.placement.not-a-locus',
    duplicateField: 'hale.placement.duplicate-field',
    asyncIoOnMain: 'hale.placement.async-io-main',
    poolAffinityOnMain: 'hale.placement.main-pool-affinity',
    emptyCoreSet: 'hale.placement.empty-cores',
    unknownDomain: 'hale.placement.unknown-domain',
} as const;

export type ModelDiagnosticCode = typeof CHECK_CODES[keyof typeof CHECK_CODES] | typeof RESOLUTION_CODES[keyof typeof RESOLUTION_CODES];

export interface RelatedSite extends Site {
    readonly message: string;
}

export interface ModelDiagnostic {
    readonly code: ModelDiagnosticCode;
    readonly severity: 'error' | 'warning';
    /** Where upstream anchors it (its start is upstream's line:col). */
    readonly site: Site;
    readonly message: string;
    readonly related: readonly RelatedSite[];
    /** Check-specific facts a quick fix needs (the field, the pool, the placement entry ...). */
    readonly data?: Readonly<Record<string, unknown>>;
}
