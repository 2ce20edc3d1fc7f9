// Real threads, real sockets, through the real `loom` CLI: placement puts each pool and each pinned locus
// on its own OS thread, sleep is sliced, a million messages cross threads complete and in order, a
// panicking pinned locus is restarted while the others run on, a shared (sync) form is used from two
// threads, and an async_io pool serves many TCP connections on one thread.

import { describe, expect, it } from 'vitest';
import net from 'node:net';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { loom, loomBin, pkgRoot } from './helpers.js';

const prog = (name: string) => join(pkgRoot, 'test', 'programs', name);

function lines(out: string, re: RegExp): RegExpExecArray[] {
    return out.split('\n').map((l) => re.exec(l)).filter((m): m is RegExpExecArray => m !== null);
}

describe('placement on threads', () => {
    it('runs each pool and each pinned locus on its own OS thread', async () => {
        const r = await loom(['run', '--log', prog('placement-threads.hl')]);
        expect(r.code, r.stderr).toBe(0);
        const seen = new Map<string, { thread: string; tid: string }>();
        for (const m of lines(r.stdout, /^(run|handler) (\w+) thread=(\S+) tid=(\d+)$/)) {
            const prev = seen.get(m[2]);
            if (prev) expect(prev).toEqual({ thread: m[3], tid: m[4] }); // run and handler on one thread
            seen.set(m[2], { thread: m[3], tid: m[4] });
        }
        expect(seen.get('on_main')!.thread).toBe('main');
        expect(seen.get('io1')!.thread).toBe('io');
        expect(seen.get('io2')!.thread).toBe('io');
        expect(seen.get('render')!.thread).toBe('render');
        expect(seen.get('gateway')!.thread).toBe('App.gateway');
        expect(seen.get('worker')!.thread).toBe('App.worker');
        // co-placed loci share their pool's thread; everything else is on a thread of its own
        expect(seen.get('io1')!.tid).toBe(seen.get('io2')!.tid);
        const tids = new Set(['on_main', 'io1', 'render', 'gateway', 'worker'].map((k) => seen.get(k)!.tid));
        expect(tids.size).toBe(5);
        expect(r.stdout).toContain(`main thread=main tid=${seen.get('on_main')!.tid}`);
        // the handler of every subscriber fired (the publish crossed to each thread)
        expect(lines(r.stdout, /^handler /).length).toBe(6);
        // the run log names the threads and says when affinity could not be applied
        expect(r.stderr).toContain("thread 3 'App.gateway' pinned cores=0");
        expect(r.stderr).toMatch(/affinity not applied for 'App.worker': core 99 does not exist/);
    });

    it('slices sleep so a co-resident handler keeps firing', async () => {
        const r = await loom(['run', prog('sliced-sleep.hl')]);
        expect(r.code, r.stderr).toBe(0);
        const out = r.stdout.split('\n');
        const sleeping = out.indexOf('sleeper: sleeping 1s');
        const woke = out.findIndex((l) => l.startsWith('sleeper: woke after'));
        const beats = out.map((l, i) => [l, i] as const).filter(([l]) => l.startsWith('listener: beat'));
        // the handler ran many times while the other main-pool locus was still asleep
        expect(beats.filter(([, i]) => i > sleeping && i < woke).length).toBeGreaterThanOrEqual(10);
        // promptly: each beat was handled within a sleep slice of being published
        for (const [l] of beats) expect(Number(/latency (\d+)ms/.exec(l)![1])).toBeLessThanOrEqual(100);
        // and the sleeper still slept its whole second
        expect(Number(/woke after (\d+)ms/.exec(out[woke])![1])).toBeGreaterThanOrEqual(1000);
    });

    it('delivers a million messages across threads, complete and in order', async () => {
        const r = await loom(['run', prog('million.hl')], { timeoutMs: 60_000 });
        expect(r.code, r.stderr).toBe(0);
        expect(r.stdout).toMatch(/^received 1000000 out_of_order=0 in \d+ms$/m);
    });

    it('restarts a panicking pinned locus while the others keep running', async () => {
        const r = await loom(['run', prog('restart-pinned.hl')]);
        expect(r.code, r.stderr).toBe(0);
        const out = r.stdout.split('\n');
        expect(out.filter((l) => l === 'crasher: start').length).toBe(3);
        expect(out.filter((l) => l.startsWith('app: crasher failed (division by zero)')).length).toBe(3);
        expect(r.stdout).toContain('app: restarts=3');
        // the ticker never stopped: all 30 ticks, in order, some of them after the last crash
        const ticks = lines(r.stdout, /^ticker: (\d+)$/).map((m) => Number(m[1]));
        expect(ticks).toEqual(Array.from({ length: 30 }, (_, i) => i));
        const lastCrash = out.map((l) => l.startsWith('app: crasher failed')).lastIndexOf(true);
        expect(out.findIndex((l) => l === 'ticker: 29')).toBeGreaterThan(lastCrash);
    });

    it('shares a sync form between the pool that holds it and the main thread', async () => {
        const r = await loom(['run', prog('shared-form.hl')]);
        expect(r.code, r.stderr).toBe(0);
        // both threads' writes landed (3000 each), a read saw the pool's value, a remove was seen, and a
        // missing key came back as a KeyError handled by `or`
        expect(r.stdout).toContain('len=6000 get(11).v=5\n');
        expect(r.stdout).toContain('after remove: len=5999 has(11)=false get(11).v=-7\n');
        expect(r.stdout).toContain('host thread=io\n');
        expect(r.stdout).toContain('main thread=main\n');
    });
});

describe('async_io pool', () => {
    it('serves many TCP connections on loopback on one thread', async () => {
        const N = 200;
        const child = spawn(process.execPath, [loomBin, 'run', prog('echo-async.hl')], { stdio: ['ignore', 'pipe', 'pipe'] });
        let out = '';
        let err = '';
        child.stderr.on('data', (d) => (err += d));
        const port = await new Promise<number>((resolve, reject) => {
            child.stdout.on('data', (d) => {
                out += d;
                const m = /READY (\d+)/.exec(out);
                if (m) resolve(Number(m[1]));
            });
            child.on('exit', (c) => reject(new Error(`exited ${c}: ${err}`)));
        });
        // all connections open at once: the pool must interleave them, not serve one at a time
        const replies = await Promise.all(
            Array.from(
                { length: N },
                (_, i) =>
                    new Promise<string>((resolve) => {
                        const s = net.connect(port, '127.0.0.1', () => s.write(`hi ${i}`));
                        let got = '';
                        s.on('data', (b) => {
                            got += b;
                            s.end();
                        });
                        s.on('close', () => resolve(got));
                        s.on('error', () => resolve(got));
                    }),
            ),
        );
        const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
        expect(code, err).toBe(0);
        replies.forEach((r, i) => expect(r).toMatch(new RegExp(`^echo\\[net:(\\d+)\\]:hi ${i}$`)));
        const tids = new Set(replies.map((r) => /:(\d+)\]/.exec(r)![1]));
        expect(tids.size).toBe(1);
    });
});
