// Hand-written JS counterpart of decimal.hl: exact fixed-point with BigInt (scale 1e9), as one would write
// exact money arithmetic in plain JS.
const S = 1_000_000_000n;
const t0 = process.hrtime.bigint();
const rate = 82_500_000n; // 0.0825
let total = 0n;
for (let i = 0; i < 1000000; i++) {
    const price = (BigInt(i % 1000) * S) / 100n;
    total = total + price + (price * rate) / S;
}
const t1 = process.hrtime.bigint();
const whole = total / S;
const frac = (total % S).toString().padStart(9, '0').replace(/0+$/, '');
console.log(`bench decimal ${t1 - t0} ${whole}${frac ? '.' + frac : ''}`);
