// Hand-written JS counterpart of collatz.hl.
function chain(start) {
    let n = start;
    let steps = 1;
    while (n !== 1) {
        if (n % 2 === 0) n = n / 2;
        else n = 3 * n + 1;
        steps++;
    }
    return steps;
}
const t0 = process.hrtime.bigint();
let best = 0;
let at = 0;
for (let i = 1; i < 300000; i++) {
    const c = chain(i);
    if (c > best) {
        best = c;
        at = i;
    }
}
const t1 = process.hrtime.bigint();
console.log(`bench collatz ${t1 - t0} ${at}:${best}`);
