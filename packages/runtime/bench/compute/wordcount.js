// Hand-written JS counterpart of wordcount.hl (a Map of records).
const t0 = process.hrtime.bigint();
const counts = new Map();
for (let i = 0; i < 500000; i++) {
    const w = 'w' + String((i * 7919) % 5000);
    const c = counts.get(w) ?? { word: w, n: 0 };
    counts.set(w, { word: w, n: c.n + 1 });
}
let total = 0;
for (let k = 0; k < 5000; k++) {
    const c = counts.get('w' + String(k)) ?? { word: '', n: 0 };
    total += c.n * k;
}
const t1 = process.hrtime.bigint();
console.log(`bench wordcount ${t1 - t0} ${counts.size}:${total}`);
