// Hand-written JS counterpart of fib.hl.
function fib(n) {
    if (n < 2) return n;
    return fib(n - 1) + fib(n - 2);
}
const t0 = process.hrtime.bigint();
const r = fib(32);
const t1 = process.hrtime.bigint();
console.log(`bench fib ${t1 - t0} ${r}`);
