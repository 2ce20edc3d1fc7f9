// Hand-written JS counterpart of sieve.hl (a plain array of booleans, as the Hale array is).
const t0 = process.hrtime.bigint();
const n = 2000000;
const composite = new Array(n).fill(false);
for (let i = 2; i * i < n; i++) {
    if (!composite[i]) for (let j = i * i; j < n; j += i) composite[j] = true;
}
let count = 0;
let sum = 0;
for (let k = 2; k < n; k++) {
    if (!composite[k]) {
        count++;
        sum += k;
    }
}
const t1 = process.hrtime.bigint();
console.log(`bench sieve ${t1 - t0} ${count}:${sum}`);
