// Build the bundled CLI and worker runtime once before the suite: the thread tests run the real `loom`
// binary, whose workers load dist/worker.mjs.
import { buildLoom } from '../scripts/build.mjs';

export default async function setup(): Promise<void> {
    await buildLoom();
}
