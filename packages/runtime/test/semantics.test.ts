// Language features end to end through `loom run`, checked against what the spec says they print.

import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { loom, pkgRoot } from './helpers.js';

const prog = (name: string) => join(pkgRoot, 'test', 'programs', name);

describe('element chains', () => {
    it('fuses stages, binds it and idx, and runs every terminal, each { } included', async () => {
        const r = await loom(['run', prog('element-chains.hl')]);
        expect(r.code, r.stderr).toBe(0);
        expect(r.stdout.split('\n')).toEqual([
            'count>10: 4',
            'sum<100 of >10: 116',
            'map sum: 1464',
            'float sum: 116',
            'take 3: 57 skip 3: 175',
            // take/skip count elements arriving at their own position
            'filter then skip: 4',
            'evens by position: 149',
            'any>100: true all>2: true all>3: false',
            // vacuous truth on an empty selection
            'empty any: false empty all: true',
            'found bob 17',
            // a fallible terminal on no match is an IndexError, handled by `or`
            'missing -> none',
            'oldest cy youngest bob',
            'active ages: 88',
            'names: 2',
            'sorted first: ada reversed first: cy',
            'tally a=3 keys=3',
            // each { ... }: the block is the loop body; break and continue act on it
            'each total: 217 seen: 2',
            '',
        ]);
    });
});
