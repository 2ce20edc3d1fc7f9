// The baselines Loom's cross-thread figures are compared with: the same workloads on the same worker
// threads, without Loom.
//
//   postmessage  one MessagePort.postMessage per message, worker to worker (structured clone of the
//                same {seq, value} record), the consumer woken by Node's event loop
//   ring         Loom's SAB ring alone (src/runtime/threads/ring.ts): a fixed 16-byte record per message,
//                the same doorbell (wait/notify only when the consumer is parked), no codec, no bus
//
// Throughput: one source, K sinks (each message goes to every sink), monotonic ns from the source's start
// to the last sink's last message. Latency: ping-pong with one message in flight; each side parks between
// messages, so a round trip is two sends and two wake-ups.
//
// Run by bench/run.mjs (bundled with esbuild): node baseline.mjs <postmessage|ring> <tput|lat> <n> [sinks]

import { isMainThread, MessageChannel, parentPort, Worker, workerData, type MessagePort } from 'node:worker_threads';
import { fileURLToPath } from 'node:url';
import { createDoorbell, createRing, DB_PARKED, DB_SEQ, ring, RingReader, RingWriter, type RingShared } from '../src/runtime/threads/ring.js';

const RING_BYTES = 1 << 20; // what Loom gives each thread pair at these thread counts
const now = () => process.hrtime.bigint();

interface Job {
    role: 'source' | 'sink' | 'pinger' | 'ponger';
    transport: 'postmessage' | 'ring';
    n: number;
    ports?: MessagePort[];
    rings?: RingShared[];
    doorbells?: SharedArrayBuffer[];
    /** ring: the doorbell this thread parks on */
    own?: SharedArrayBuffer;
}

/** Park until the doorbell rings or a ring has data, as a Loom thread does. */
function park(db: Int32Array, readers: RingReader[], ms: number): void {
    const seq = Atomics.load(db, DB_SEQ);
    Atomics.store(db, DB_PARKED, 1);
    if (!readers.some((r) => r.nonEmpty())) Atomics.wait(db, DB_SEQ, seq, ms);
    Atomics.store(db, DB_PARKED, 0);
}

function sleep(ms: number): Promise<void> {
    return new Promise((r) => setTimeout(r, ms));
}

async function workerMain(job: Job): Promise<void> {
    const report = (m: unknown) => parentPort!.postMessage(m);
    if (job.role === 'source') {
        await sleep(200); // every sink up before the clock starts
        const start = now();
        if (job.transport === 'postmessage') {
            const ports = job.ports!;
            for (let i = 0; i < job.n; i++) for (let k = 0; k < ports.length; k++) ports[k].postMessage({ seq: i, value: i % 7 });
        } else {
            const ws = job.rings!.map((r) => new RingWriter(r));
            const dbs = job.doorbells!.map((d) => new Int32Array(d));
            for (let i = 0; i < job.n; i++) {
                for (let k = 0; k < ws.length; k++) {
                    const w = ws[k];
                    const off = w.reserve(16);
                    w.dv.setFloat64(off, i, true);
                    w.dv.setFloat64(off + 8, i % 7, true);
                    w.commit();
                    ring(dbs[k]);
                }
            }
        }
        report({ start: String(start) });
        return;
    }
    if (job.role === 'sink') {
        let n = 0;
        let bad = 0;
        let sum = 0;
        if (job.transport === 'postmessage') {
            await new Promise<void>((done) => {
                job.ports![0].on('message', (m: { seq: number; value: number }) => {
                    if (m.seq !== n) bad++;
                    n++;
                    sum += m.value;
                    if (n === job.n) {
                        report({ end: String(now()), n, bad, sum });
                        job.ports![0].close();
                        done();
                    }
                });
            });
        } else {
            const r = new RingReader(job.rings![0]);
            const db = new Int32Array(job.own!);
            const onRecord = (_u8: Uint8Array, dv: DataView, off: number) => {
                const seq = dv.getFloat64(off, true);
                if (seq !== n) bad++;
                n++;
                sum += dv.getFloat64(off + 8, true);
            };
            while (n < job.n) {
                if (r.drain(onRecord) === 0) park(db, [r], 100);
            }
            report({ end: String(now()), n, bad, sum });
        }
        return;
    }
    // latency
    const rounds = job.n;
    if (job.transport === 'postmessage') {
        const port = job.ports![0];
        if (job.role === 'ponger') {
            port.on('message', (m: { seq: number }) => {
                port.postMessage({ seq: m.seq });
                if (m.seq === rounds - 1) port.close();
            });
            return;
        }
        await sleep(300);
        const rtts: number[] = [];
        await new Promise<void>((done) => {
            let t0 = now();
            port.on('message', (m: { seq: number }) => {
                rtts.push(Number(now() - t0));
                if (m.seq + 1 < rounds) {
                    t0 = now();
                    port.postMessage({ seq: m.seq + 1 });
                } else {
                    port.close();
                    done();
                }
            });
            port.postMessage({ seq: 0 });
        });
        report({ rtts });
        return;
    }
    const w = new RingWriter(job.rings![0]);
    const r = new RingReader(job.rings![1]);
    const peer = new Int32Array(job.doorbells![0]);
    const db = new Int32Array(job.own!);
    let got = -1;
    const onRecord = (_u8: Uint8Array, dv: DataView, off: number) => {
        got = dv.getFloat64(off, true);
    };
    const send = (seq: number) => {
        const off = w.reserve(16);
        w.dv.setFloat64(off, seq, true);
        w.dv.setFloat64(off + 8, 0, true);
        w.commit();
        ring(peer);
    };
    const recv = () => {
        got = -1;
        while (r.drain(onRecord) === 0) park(db, [r], 100);
        return got;
    };
    if (job.role === 'ponger') {
        for (let i = 0; i < rounds; i++) send(recv());
        return;
    }
    await sleep(300);
    const rtts: number[] = [];
    for (let i = 0; i < rounds; i++) {
        const t0 = now();
        send(i);
        recv();
        rtts.push(Number(now() - t0));
    }
    report({ rtts });
}

function spawn(job: Job, transfer: MessagePort[] = []): { worker: Worker; messages: Promise<any[]> } {
    const worker = new Worker(fileURLToPath(import.meta.url), { workerData: job, transferList: transfer });
    const got: any[] = [];
    const messages = new Promise<any[]>((resolve, reject) => {
        worker.on('message', (m) => got.push(m));
        worker.on('error', reject);
        worker.on('exit', () => resolve(got));
    });
    return { worker, messages };
}

export async function throughput(transport: 'postmessage' | 'ring', n: number, sinks: number): Promise<{ ns: number; ok: boolean }> {
    const sinkJobs: Job[] = [];
    const ports: MessagePort[] = [];
    const rings: RingShared[] = [];
    const doorbells: SharedArrayBuffer[] = [];
    const sinkTransfers: MessagePort[][] = [];
    for (let k = 0; k < sinks; k++) {
        if (transport === 'postmessage') {
            const ch = new MessageChannel();
            ports.push(ch.port1);
            sinkJobs.push({ role: 'sink', transport, n, ports: [ch.port2] });
            sinkTransfers.push([ch.port2]);
        } else {
            const r = createRing(RING_BYTES);
            const db = createDoorbell();
            rings.push(r);
            doorbells.push(db);
            sinkJobs.push({ role: 'sink', transport, n, rings: [r], own: db });
            sinkTransfers.push([]);
        }
    }
    const sinksRun = sinkJobs.map((j, k) => spawn(j, sinkTransfers[k]));
    const source = spawn({ role: 'source', transport, n, ports, rings, doorbells }, ports);
    const [src, ...ends] = await Promise.all([source.messages, ...sinksRun.map((s) => s.messages)]);
    const start = BigInt(src[0].start);
    const end = ends.map((e) => BigInt(e[0].end)).reduce((a, b) => (a > b ? a : b));
    const ok = ends.every((e) => e[0].n === n && e[0].bad === 0);
    return { ns: Number(end - start), ok };
}

export async function latency(transport: 'postmessage' | 'ring', rounds: number): Promise<number[]> {
    if (transport === 'postmessage') {
        const ch = new MessageChannel();
        const pinger = spawn({ role: 'pinger', transport, n: rounds, ports: [ch.port1] }, [ch.port1]);
        const ponger = spawn({ role: 'ponger', transport, n: rounds, ports: [ch.port2] }, [ch.port2]);
        const [p] = await Promise.all([pinger.messages, ponger.messages]);
        return p[0].rtts;
    }
    const ab = createRing(RING_BYTES);
    const ba = createRing(RING_BYTES);
    const dbA = createDoorbell();
    const dbB = createDoorbell();
    const pinger = spawn({ role: 'pinger', transport, n: rounds, rings: [ab, ba], doorbells: [dbB], own: dbA });
    const ponger = spawn({ role: 'ponger', transport, n: rounds, rings: [ba, ab], doorbells: [dbA], own: dbB });
    const [p] = await Promise.all([pinger.messages, ponger.messages]);
    return p[0].rtts;
}

if (!isMainThread) {
    await workerMain(workerData as Job);
} else if (process.argv[2]) {
    const [transport, kind, n, sinks] = process.argv.slice(2);
    if (kind === 'tput') console.log(JSON.stringify(await throughput(transport as any, Number(n), Number(sinks ?? 1))));
    else console.log(JSON.stringify({ rtts: await latency(transport as any, Number(n)) }));
}
