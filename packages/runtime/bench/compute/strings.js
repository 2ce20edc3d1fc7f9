// Hand-written JS counterpart of strings.hl.
const t0 = process.hrtime.bigint();
let s = '';
for (let i = 0; i < 200000; i++) s = s + 'item' + String(i) + ',';
let hits = 0;
const n = s.length;
for (let at = 0; at < n; ) {
    const next = s.substring(at, n).indexOf(',');
    if (s.substring(at, at + next).startsWith('item1')) hits++;
    at = at + next + 1;
}
const t1 = process.hrtime.bigint();
console.log(`bench strings ${t1 - t0} ${n}:${hits}`);
