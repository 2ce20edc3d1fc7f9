/** Every check the program model runs, in one place: what the language server publishes. */
import type { ModelDiagnostic } from '../diagnostics.js';
import type { ProgramModel } from '../program-model.js';
import { busCycles, orphanTopics, payloadMismatch, unthrottledPublish } from './bus-checks.js';
import { placementChecks } from './placement-checks.js';
import { resolutionChecks } from './resolution-checks.js';

export function runChecks(model: ProgramModel): ModelDiagnostic[] {
    return [
        ...resolutionChecks(model),
        ...placementChecks(model),
        ...orphanTopics(model),
        ...busCycles(model),
        ...unthrottledPublish(model),
        ...payloadMismatch(model),
    ];
}
