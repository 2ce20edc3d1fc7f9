/** The program model's public surface, for the server and the features that read the model. */
export * from './facts.js';
export * from './placement.js';
export * from './program-model.js';
export * from './diagnostics.js';
export { busGraphAnswer, placementAnswer, type BusGraphAnswer, type PlacementAnswer } from './answers.js';
export { ProgramModelService, programDocuments, programKey } from './model-service.js';
export { extractFacts } from './extract.js';
export { runChecks } from './checks/index.js';
export { BLOCKING_STD_CALLS, mangleStdType } from './std.js';
