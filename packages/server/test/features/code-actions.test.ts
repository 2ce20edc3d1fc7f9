/**
 * Quick fixes for the seven concurrency diagnostics, through the bundled server: for each diagnostic, every
 * fix offered is applied to the program and the result re-validated by the server; the diagnostic must be
 * gone and no new error may appear.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CodeAction, Diagnostic } from 'vscode-languageserver-protocol';
import { LspClient, applyEdits } from '../lsp-client.js';
import { programFolder } from './programs.js';

const CASES: Array<{ name: string; code: string; text: string; fixes: string[] }> = [
    {
        name: 'a dead receiver on a non-main pool',
        code: 'hale.placement.dead-receiver',
        text: `type Beat { n: Int; }
locus Listener {
    bus { subscribe "beat" as on_beat of type Beat; }
    fn on_beat(b: Beat) { println("beat ", b.n); }
    run() { let n = std::io::tcp::recv_into(0, 0, 128); }
}
locus Drummer {
    bus { publish "beat" of type Beat; }
    run() { "beat" <- Beat { n: 7 }; }
}
main locus Band {
    params {
        listener: Listener = Listener { };
        drummer: Drummer = Drummer { };
    }
    placement { listener: cooperative(pool = ws); }
}
fn main() { Band { }; }
`,
        fixes: ['Place `listener` on `pinned` (its own thread)', 'Make pool `ws` `where async_io` (its worker parks on I/O instead of blocking)'],
    },
    {
        name: 'a blocking call on the main pool, placed by default (no placement block)',
        code: 'hale.placement.blocking-call',
        text: `locus Fetcher {
    fn pull() -> Int { return std::io::tcp::recv_into(0, 0, 64); }
    run() { let n = self.pull(); }
}
main locus App {
    params {
        fetcher: Fetcher = Fetcher { };
    }
}
fn main() { App { }; }
`,
        fixes: ['Place `fetcher` on `pinned` (its own thread)', 'Move `fetcher` to `cooperative(pool = io) where async_io`'],
    },
    {
        name: 'a blocking call on a named pool shared by two loci',
        code: 'hale.placement.blocking-call',
        text: `locus Runner {
    run() { let out = std::process::run("ls"); }
}
locus Quiet {
    run() { }
}
main locus App {
    params {
        runner: Runner = Runner { };
        quiet: Quiet = Quiet { };
    }
    placement {
        runner: cooperative(pool = work);
        quiet: cooperative(pool = work);
    }
}
fn main() { App { }; }
`,
        fixes: ['Place `runner` on `pinned` (its own thread)', 'Make pool `work` `where async_io` (its worker parks on I/O instead of blocking)'],
    },
    {
        name: 'a blocking handler on an async_io pool',
        code: 'hale.placement.blocking-call',
        text: `type Job { id: Int; }
locus Worker {
    bus { subscribe "jobs" as on_job of type Job; }
    fn on_job(j: Job) { std::time::sleep(1s); }
}
locus Boss {
    bus { publish "jobs" of type Job; }
    run() { "jobs" <- Job { id: 1 }; }
}
main locus App {
    params {
        worker: Worker = Worker { };
        boss: Boss = Boss { };
    }
    placement { worker: cooperative(pool = io) where async_io; }
}
fn main() { App { }; }
`,
        fixes: ['Place `worker` on `pinned` (its own thread)'],
    },
    {
        name: 'a cross-pool method call from main into a pinned field',
        code: 'hale.placement.cross-pool-call',
        text: `locus Gateway {
    params { hits: Int = 0; }
    fn serve() { self.hits = self.hits + 1; }
}
main locus App {
    params {
        gw: Gateway = Gateway { };
    }
    placement {
        gw: pinned(core = 1);
    }
    run() { self.gw.serve(); }
}
fn main() { App { }; }
`,
        fixes: ['Run `gw` on its caller\'s pool `main` (remove its placement entry)'],
    },
    {
        name: 'a declared topic nobody uses',
        code: 'hale.bus.orphan-topic',
        text: `type T { n: Int; }
topic Unused { payload: T; }
locus A { run() { } }
main locus App { params { a: A = A { }; } }
fn main() { App { }; }
`,
        fixes: ['Remove the unused topic `Unused`'],
    },
    {
        name: 'a topic published with no subscriber',
        code: 'hale.bus.orphan-topic',
        text: `type T { n: Int; }
topic Alerts { payload: T; }
locus Sensor {
    bus { publish Alerts; }
    run() { Alerts <- T { n: 1 }; }
}
locus Panel {
    params { seen: Int = 0; }
}
main locus App {
    params {
        sensor: Sensor = Sensor { };
        panel: Panel = Panel { };
    }
}
fn main() { App { }; }
`,
        fixes: ['Add a subscriber: `Panel.on_alerts`'],
    },
    {
        name: 'a literal subject subscribed but never published',
        code: 'hale.bus.orphan-topic',
        text: `type T { n: Int; }
locus Panel {
    bus {
        subscribe "alerts" as on_alert of type T;
    }
    fn on_alert(t: T) { }
}
locus Sensor {
    run() { }
}
main locus App {
    params {
        panel: Panel = Panel { };
        sensor: Sensor = Sensor { };
    }
}
fn main() { App { }; }
`,
        fixes: ['Add `publish "alerts"` to `Sensor`', 'Remove the dead `subscribe "alerts"`'],
    },
    {
        name: 'an unconditional self-republish',
        code: 'hale.bus.cycle',
        text: `type Step { n: Int; }
topic Next { payload: Step; }
locus Counter {
    bus {
        publish Next;
        subscribe Next as on_next;
    }
    fn on_next(s: Step) {
        Next <- Step { n: s.n + 1 };
    }
    run() { Next <- Step { n: 0 }; }
}
main locus App {
    params { c: Counter = Counter { }; }
}
fn main() { App { }; }
`,
        fixes: ['Guard the self-republish: `if s.n < 1000 { … }`', 'Guard the self-republish with a budget (`republish_budget`)'],
    },
    {
        name: 'a publish cycle across two loci',
        code: 'hale.bus.cycle',
        text: `type Ball { hits: Int; }
topic Ping { payload: Ball; }
topic Pong { payload: Ball; }
locus Left {
    bus {
        subscribe Pong as on_pong;
        publish Ping;
    }
    fn on_pong(b: Ball) { Ping <- Ball { hits: b.hits + 1 }; }
    run() { Ping <- Ball { hits: 0 }; }
}
locus Right {
    bus {
        subscribe Ping as on_ping;
        publish Pong;
    }
    fn on_ping(b: Ball) { Pong <- Ball { hits: b.hits + 1 }; }
}
main locus Table {
    params {
        right: Right = Right { };
        left: Left = Left { };
    }
}
fn main() { Table { }; }
`,
        fixes: ['Break the cycle: delete `Pong <- …` in `Right.on_ping`'],
    },
    {
        name: 'an unthrottled publish loop',
        code: 'hale.bus.unthrottled-publish',
        text: `type Tick { n: Int; }
topic Ticks { payload: Tick; }
locus Clock {
    bus { publish Ticks; }
    run() {
        while true {
            Ticks <- Tick { n: 1 };
        }
    }
}
locus Display {
    bus { subscribe Ticks as on_tick; }
    fn on_tick(t: Tick) { }
}
main locus App {
    params {
        clock: Clock = Clock { };
        display: Display = Display { };
    }
}
fn main() { App { }; }
`,
        fixes: ['Pace the loop: `std::time::sleep(1ms);` each turn', 'Yield each turn: `yield;` lets a co-scheduled subscriber drain'],
    },
    {
        name: 'a one-line unthrottled loop',
        code: 'hale.bus.unthrottled-publish',
        text: `type Tick { n: Int; }
locus Clock {
    bus { publish "ticks" of type Tick; }
    run() { while true { "ticks" <- Tick { n: 1 }; } }
}
locus Display {
    bus { subscribe "ticks" as on_tick of type Tick; }
    fn on_tick(t: Tick) { }
}
main locus App { params { clock: Clock = Clock { }; display: Display = Display { }; } }
fn main() { App { }; }
`,
        fixes: ['Pace the loop: `std::time::sleep(1ms);` each turn', 'Yield each turn: `yield;` lets a co-scheduled subscriber drain'],
    },
    {
        name: 'a literal subject used with two payload types',
        code: 'hale.bus.payload-mismatch',
        text: `type A { n: Int; }
type B { s: String; }
locus P {
    bus { publish "mixed" of type A; }
    run() { "mixed" <- A { n: 1 }; }
}
locus S {
    bus { subscribe "mixed" as on_mixed of type B; }
    fn on_mixed(a: A) { }
}
main locus App { params { p: P = P { }; s: S = S { }; } }
fn main() { App { }; }
`,
        fixes: ['Use the subject\'s payload type: `of type A`'],
    },
];

describe('quick fixes for the concurrency diagnostics', () => {
    let client: LspClient;
    beforeAll(async () => { client = await LspClient.start(); });
    afterAll(async () => { await client?.stop(); });

    for (const c of CASES) {
        it(`${c.code}: ${c.name}`, async () => {
            const uri = programFolder({ 'app.hl': c.text })['app.hl'];
            const before = (await client.open(uri, c.text)).diagnostics;
            const target = before.filter(d => d.code === c.code);
            expect(target, `the program should raise ${c.code}`).toHaveLength(1);
            const errorsBefore = before.filter(d => d.severity === 1 && d.code !== c.code).map(d => d.message);
            const actions = (await client.codeActions(uri, target[0].range, target)) as CodeAction[];
            expect(actions.map(a => a.title)).toEqual(c.fixes);
            expect(actions.every(a => a.kind === 'quickfix' && a.diagnostics?.[0].code === c.code)).toBe(true);
            expect(actions[0].isPreferred).toBe(true);
            for (const action of actions) {
                const edits = action.edit!.changes![uri];
                const fixed = applyEdits(c.text, edits);
                const after = (await client.change(uri, fixed)).diagnostics;
                const remaining = after.filter((d: Diagnostic) => d.code === c.code);
                expect(remaining, `after "${action.title}":\n${fixed}`).toEqual([]);
                const newErrors = after.filter(d => d.severity === 1).map(d => d.message).filter(m => !errorsBefore.includes(m));
                expect(newErrors, `after "${action.title}":\n${fixed}`).toEqual([]);
                expect(after.filter(d => d.code === 'hale.syntax')).toEqual([]);
                await client.change(uri, c.text);
            }
        });
    }
});
