// `@form(...)` collections: a locus annotated with a form gets its storage and synthesized methods from
// one of these base classes (vec, hashmap, ring_buffer, lru_cache, set), and capacity slots (`pool X of T`,
// `heap Y of T`) on plain loci get a Slot. Elements keep value semantics: aggregates are copied when they
// are read out, so mutating a read value never changes the stored one.

import { HaleFail } from './errors.js';
import { Locus } from './locus.js';
import { makeError } from './helpers.js';
import { copier, type TypeDesc } from './values/types.js';
import type { Int } from './values/int.js';

export interface FormSpec {
    kind: string;
    slot: string;
    elem: TypeDesc;
    key?: string;
    cap?: number;
    sync?: string;
}

function isAggregate(d: TypeDesc): boolean {
    return d.k === 'record' || d.k === 'array' || d.k === 'tuple';
}

/** The IndexError a fallible element-chain terminal (first/find/min/max) fails with on an empty result. */
export function indexFailure(index: Int, len: number): HaleFail {
    return indexError(index, len);
}

function indexError(index: Int, len: number): HaleFail {
    return new HaleFail(makeError('IndexError', { kind: 'index_out_of_bounds', index, len }), 'IndexError');
}

function keyError(key: unknown): HaleFail {
    return new HaleFail(makeError('KeyError', { kind: 'missing_key', key: String(key) }), 'KeyError');
}

function emptyError(): HaleFail {
    return new HaleFail(makeError('EmptyError', { kind: 'empty' }), 'EmptyError');
}

abstract class FormBase extends Locus {
    $spec!: FormSpec;
    $copy: ((v: any) => any) | null = null;
    $formInit(spec: FormSpec): void {
        this.$spec = spec;
        this.$copy = isAggregate(spec.elem) ? copier(spec.elem) : null;
    }
    protected out(v: any): any {
        return this.$copy !== null ? this.$copy(v) : v;
    }
    abstract $items(): any[];
}

export class Vec extends FormBase {
    $a: any[] = [];
    $items(): any[] {
        return this.$a;
    }
    push(x: any): void {
        this.$a.push(x);
    }
    get(i: Int): any {
        const n = typeof i === 'number' ? i : -1;
        if (n < 0 || n >= this.$a.length) throw indexError(i, this.$a.length);
        return this.out(this.$a[n]);
    }
    set(i: Int, x: any): void {
        const n = typeof i === 'number' ? i : -1;
        if (n < 0 || n >= this.$a.length) throw indexError(i, this.$a.length);
        this.$a[n] = x;
    }
    pop(): any {
        if (this.$a.length === 0) throw indexError(0, 0);
        return this.$a.pop();
    }
    insert(i: Int, x: any): void {
        const n = Number(i);
        if (n < 0 || n > this.$a.length) throw indexError(i, this.$a.length);
        this.$a.splice(n, 0, x);
    }
    remove(i: Int): any {
        const n = Number(i);
        if (n < 0 || n >= this.$a.length) throw indexError(i, this.$a.length);
        return this.$a.splice(n, 1)[0];
    }
    len(): number {
        return this.$a.length;
    }
    is_empty(): boolean {
        return this.$a.length === 0;
    }
    clear(): void {
        this.$a.length = 0;
    }
    contains(x: any): boolean {
        return this.$a.includes(x);
    }
    sort(cmp?: (a: any, b: any) => boolean | number): void {
        if (cmp) {
            this.$a.sort((a, b) => {
                const r = cmp(a, b);
                return typeof r === 'boolean' ? (r ? -1 : cmp(b, a) ? 1 : 0) : Number(r);
            });
        } else this.$a.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    }
    sort_by(cmp: (a: any, b: any) => boolean | number): void {
        this.sort(cmp);
    }
    /** Descending by a "less than" comparator: b before a when cmp(a, b). */
    sort_desc_by(cmp: (a: any, b: any) => boolean | number): void {
        this.sort((a, b) => cmp(b, a));
    }
}

export class HashMap extends FormBase {
    $m = new Map<unknown, any>();
    $items(): any[] {
        return [...this.$m.values()];
    }
    protected keyOf(v: any): unknown {
        return this.$spec.key ? v[this.$spec.key] : v;
    }
    set(v: any): void {
        this.$m.set(this.keyOf(v), v);
    }
    put(v: any): void {
        this.set(v);
    }
    insert(v: any): boolean {
        const k = this.keyOf(v);
        const had = this.$m.has(k);
        this.$m.set(k, v);
        return !had;
    }
    get(k: unknown): any {
        const v = this.$m.get(k);
        if (v === undefined) throw keyError(k);
        return this.out(v);
    }
    remove(k: unknown): void {
        if (!this.$m.delete(k)) throw keyError(k);
    }
    has(k: unknown): boolean {
        return this.$m.has(k);
    }
    contains(k: unknown): boolean {
        return this.$m.has(k);
    }
    len(): number {
        return this.$m.size;
    }
    is_empty(): boolean {
        return this.$m.size === 0;
    }
    clear(): void {
        this.$m.clear();
    }
    key_at(i: Int): unknown {
        const n = Number(i);
        if (n < 0 || n >= this.$m.size) throw indexError(i, this.$m.size);
        let j = 0;
        for (const k of this.$m.keys()) if (j++ === n) return k;
        throw indexError(i, this.$m.size);
    }
    entry_at(i: Int): any {
        const n = Number(i);
        if (n < 0 || n >= this.$m.size) throw indexError(i, this.$m.size);
        let j = 0;
        for (const v of this.$m.values()) if (j++ === n) return this.out(v);
        throw indexError(i, this.$m.size);
    }
    /** `m.bump(k)`: the per-key counter idiom (the cell is the key plus one Int field). */
    bump(k: unknown): void {
        const cur = this.$m.get(k);
        const d = this.$spec.elem;
        if (d.k !== 'record') return;
        const counter = d.fields.find(([n, fd]) => n !== this.$spec.key && fd.k === 'int');
        if (!counter) return;
        if (cur) cur[counter[0]] = (cur[counter[0]] ?? 0) + 1;
        else {
            const o = Object.create(d.ctor.prototype);
            for (const [n, fd] of d.fields) o[n] = n === this.$spec.key ? k : fd.k === 'string' ? '' : fd.k === 'bool' ? false : 0;
            o[counter[0]] = 1;
            this.$m.set(k, o);
        }
    }
}

export class HashSet extends HashMap {}

export class LruCache extends HashMap {
    override set(v: any): void {
        const k = this.keyOf(v);
        if (this.$m.has(k)) this.$m.delete(k);
        this.$m.set(k, v);
        const cap = this.$spec.cap ?? 16;
        while (this.$m.size > cap) this.$m.delete(this.$m.keys().next().value);
    }
    override put(v: any): void {
        this.set(v);
    }
    override get(k: unknown): any {
        const v = this.$m.get(k);
        if (v === undefined) throw keyError(k);
        this.$m.delete(k);
        this.$m.set(k, v);
        return this.out(v);
    }
}

export class RingBuffer extends FormBase {
    $a: any[] = [];
    $items(): any[] {
        return this.$a;
    }
    push(x: any): boolean {
        if (this.$a.length >= (this.$spec.cap ?? 16)) return false;
        this.$a.push(x);
        return true;
    }
    pop(): any {
        if (this.$a.length === 0) throw emptyError();
        return this.$a.shift();
    }
    peek(): any {
        if (this.$a.length === 0) throw emptyError();
        return this.out(this.$a[0]);
    }
    get(i: Int): any {
        const n = Number(i);
        if (n < 0 || n >= this.$a.length) throw indexError(i, this.$a.length);
        return this.out(this.$a[n]);
    }
    len(): number {
        return this.$a.length;
    }
    is_empty(): boolean {
        return this.$a.length === 0;
    }
    is_full(): boolean {
        return this.$a.length >= (this.$spec.cap ?? 16);
    }
    clear(): void {
        this.$a.length = 0;
    }
}

/** A capacity slot on a plain locus: `pool X of T` (acquire/release) or `heap Y of T` (alloc/free). */
export class Slot {
    live = 0;
    constructor(
        private readonly make: () => any,
        public readonly kind: 'pool' | 'heap',
    ) {}
    acquire(): any {
        this.live++;
        return this.make();
    }
    release(_c: any): void {
        this.live--;
    }
    alloc(): any {
        this.live++;
        return this.make();
    }
    free(_c: any): void {
        this.live--;
    }
}

export const forms = { Vec, HashMap, HashSet, LruCache, RingBuffer, Slot };
