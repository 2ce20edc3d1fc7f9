/**
 * The topology renderer shared with the runtime CLI lives in hale-language (`src/topology/`). It is
 * imported by path rather than through the package's main entry so the extension bundle does not pull
 * in Langium and the grammar for it.
 */
export * from '../../../language/src/topology/index.ts';
