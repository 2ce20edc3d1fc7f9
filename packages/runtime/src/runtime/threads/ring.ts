// A single-producer single-consumer byte ring in a SharedArrayBuffer.
//
// Every ordered pair of Hale threads gets one of these, so a thread's mailbox is the set of rings pointed at
// it (one per producer): MPSC without a CAS, and FIFO per publisher/subscriber pair for free. The producer
// owns `tail`, the consumer owns `head`; each sits on its own 64-byte cache line so the two sides never
// write the same line. Records are `[u32 length][bytes]`, 4-byte aligned; a record that would straddle the
// end of the buffer is preceded by a wrap marker and written from offset 0.
//
// A full ring pushes back: the producer parks on `head` (Atomics.wait) until the consumer frees space,
// exactly as upstream's bounded rings do for a cross-thread producer. A record larger than a quarter of
// the ring is split into fragments so nothing is ever refused.

const TAIL = 0; // Int32 index: producer cursor (byte offset, monotonic mod 2^32)
const HEAD = 16; // Int32 index 16 = byte 64: consumer cursor
const WAITING = 32; // Int32 index 32 = byte 128: producer parked for space
export const RING_HEADER_BYTES = 192;
const WRAP = 0xffffffff;

export interface RingShared {
    sab: SharedArrayBuffer;
    capacity: number;
}

export function createRing(capacity: number): RingShared {
    if (capacity & (capacity - 1)) throw new Error('ring capacity must be a power of two');
    return { sab: new SharedArrayBuffer(RING_HEADER_BYTES + capacity), capacity };
}

function align4(n: number): number {
    return (n + 3) & ~3;
}

/** The producer end. */
export class RingWriter {
    readonly ctl: Int32Array;
    readonly u8: Uint8Array;
    readonly dv: DataView;
    readonly mask: number;
    readonly capacity: number;
    readonly maxRecord: number;
    private tail: number;
    /** Times a write had to wait for the consumer (back-pressure events). */
    waits = 0;

    constructor(shared: RingShared) {
        this.ctl = new Int32Array(shared.sab, 0, RING_HEADER_BYTES / 4);
        this.u8 = new Uint8Array(shared.sab, RING_HEADER_BYTES, shared.capacity);
        this.dv = new DataView(shared.sab, RING_HEADER_BYTES, shared.capacity);
        this.capacity = shared.capacity;
        this.mask = shared.capacity - 1;
        this.maxRecord = (shared.capacity >>> 2) - 4;
        this.tail = Atomics.load(this.ctl, TAIL);
        this.headSeen = Atomics.load(this.ctl, HEAD);
    }

    /**
     * Reserve room for a record of `len` bytes and return the data offset to write at; the caller fills
     * `u8[off .. off+len)` and then calls `commit`. Blocks (with `onWait` called between waits) while the
     * ring is full.
     */
    reserve(len: number, onWait?: () => void): number {
        const need = 4 + align4(len);
        const cap = this.capacity;
        // The consumer's cursor as last read: while it shows room, the producer does not touch the line the
        // consumer writes (one shared read per ring-full of records instead of one per record).
        let head = this.headSeen;
        for (;;) {
            const used = (this.tail - head) >>> 0;
            const pos = this.tail & this.mask;
            const contiguous = cap - pos;
            const total = need > contiguous ? need + contiguous : need;
            if (cap - used >= total) {
                if (need > contiguous) {
                    if (contiguous >= 4) this.dv.setUint32(pos, WRAP, true);
                    this.tail = (this.tail + contiguous) | 0;
                }
                const p = this.tail & this.mask;
                this.dv.setUint32(p, len, true);
                this.pendingNeed = need;
                return p + 4;
            }
            const fresh = Atomics.load(this.ctl, HEAD);
            if (fresh !== head) {
                head = this.headSeen = fresh;
                continue;
            }
            this.waitForSpace(head, onWait);
            head = this.headSeen = Atomics.load(this.ctl, HEAD);
        }
    }

    private headSeen: number;

    private pendingNeed = 0;

    /**
     * Publish the record `reserve` made room for. `len`, when given, is the length actually written (a
     * payload encoded straight into the ring reserves its largest size and usually needs less).
     */
    commit(len = -1): void {
        let need = this.pendingNeed;
        if (len >= 0) {
            const short = 4 + align4(len);
            if (short > need) throw new Error(`ring record of ${len} bytes overran its reservation`);
            this.dv.setUint32(this.tail & this.mask, len, true);
            need = short;
        }
        this.tail = (this.tail + need) | 0;
        Atomics.store(this.ctl, TAIL, this.tail);
    }

    private waitForSpace(head: number, onWait?: () => void): void {
        this.waits++;
        Atomics.store(this.ctl, WAITING, 1);
        if (Atomics.load(this.ctl, HEAD) === head) Atomics.wait(this.ctl, HEAD, head, 20);
        Atomics.store(this.ctl, WAITING, 0);
        if (onWait) onWait();
    }

    /** Bytes currently queued (for tests and stats). */
    pending(): number {
        return (this.tail - Atomics.load(this.ctl, HEAD)) >>> 0;
    }
}

/** The consumer end. */
export class RingReader {
    readonly ctl: Int32Array;
    readonly u8: Uint8Array;
    readonly dv: DataView;
    readonly mask: number;
    readonly capacity: number;
    /** Read cursor: the records before it have been handed out. */
    private head: number;
    /** What the producer has been told is free (the shared HEAD); trails `head` within a batch. */
    private released: number;

    constructor(shared: RingShared) {
        this.ctl = new Int32Array(shared.sab, 0, RING_HEADER_BYTES / 4);
        this.u8 = new Uint8Array(shared.sab, RING_HEADER_BYTES, shared.capacity);
        this.dv = new DataView(shared.sab, RING_HEADER_BYTES, shared.capacity);
        this.capacity = shared.capacity;
        this.mask = shared.capacity - 1;
        this.head = this.released = Atomics.load(this.ctl, HEAD);
    }

    nonEmpty(): boolean {
        return Atomics.load(this.ctl, TAIL) !== this.head;
    }

    /**
     * Hand every committed record to `fn(u8, dv, offset, length)`, then release the space in one store.
     * Returns the number of records consumed. `limit` bounds one batch so a flood cannot starve the
     * caller's other work; `fn` returning true ends the batch after that record (a control record whose
     * effect later records depend on, such as a SPAWN).
     *
     * A record is consumed (the read cursor moved past it) before `fn` sees it, so `fn` may, once it has
     * read the record's bytes, run code that drains this reader again (a handler run as its record is
     * read, sleeping in slices): the inner drain goes on from the next record and nothing is read twice.
     * The space is released once per batch, or as soon as the batch has caught up with the producer.
     */
    drain(fn: (u8: Uint8Array, dv: DataView, off: number, len: number) => boolean | void, limit = 1 << 30): number {
        let tail = Atomics.load(this.ctl, TAIL);
        let n = 0;
        const dv = this.dv;
        const mask = this.mask;
        while (n < limit) {
            const head = this.head;
            // `<=`, not `===`: a nested drain may have read past the tail this one last saw
            if (((tail - head) | 0) <= 0) {
                this.release(head);
                tail = Atomics.load(this.ctl, TAIL);
                if (head === tail) break;
            }
            const pos = head & mask;
            const contiguous = this.capacity - pos;
            if (contiguous < 4) {
                this.head = (head + contiguous) | 0;
                continue;
            }
            const len = dv.getUint32(pos, true);
            if (len === WRAP) {
                this.head = (head + contiguous) | 0;
                continue;
            }
            this.head = (head + 4 + align4(len)) | 0;
            n++;
            if (fn(this.u8, dv, pos + 4, len) === true) break;
        }
        this.release(this.head);
        return n;
    }

    /** Give the space up to `head` back to the producer (and wake it if it waits for space). */
    private release(head: number): void {
        if (head === this.released) return;
        this.released = head;
        Atomics.store(this.ctl, HEAD, head);
        if (Atomics.load(this.ctl, WAITING) !== 0) Atomics.notify(this.ctl, HEAD);
    }
}

// ------------------------------------------------------------------------------------------- doorbell

// One per consumer thread. A producer rings it only when the consumer has said it is parked, so the
// common case (consumer busy) costs the producer one atomic load and no syscall.
export const DB_SEQ = 0;
export const DB_PARKED = 1;
export const DB_CTL = 2; // host control messages pending on the thread's port
export const DB_WORDS = 16;

export function createDoorbell(): SharedArrayBuffer {
    return new SharedArrayBuffer(DB_WORDS * 4);
}

export function ring(db: Int32Array): void {
    // The producer that turns PARKED off is the one that wakes the consumer: the records that follow
    // (from it or from other producers) see the flag off and make no syscall while the consumer is
    // waking up. The consumer sets the flag again before it next parks, and checks its rings after that,
    // so a record committed meanwhile is either seen or rings again.
    if (Atomics.load(db, DB_PARKED) !== 0 && Atomics.compareExchange(db, DB_PARKED, 1, 0) === 1) {
        Atomics.add(db, DB_SEQ, 1);
        Atomics.notify(db, DB_SEQ, 1);
    }
}

export function ringAlways(db: Int32Array): void {
    Atomics.add(db, DB_SEQ, 1);
    Atomics.notify(db, DB_SEQ, 1);
}
