// Hand-written JS counterpart of shapes.hl (tagged objects, a switch on the tag).
function area(s) {
    switch (s.tag) {
        case 0:
            return 3.141592653589793 * s.r * s.r;
        case 1:
            return (s.b.x - s.a.x) * (s.b.y - s.a.y);
        default:
            return 0.5 * s.base * s.h;
    }
}
function make(i) {
    const f = i % 100;
    if (i % 3 === 0) return { tag: 0, r: f };
    if (i % 3 === 1) return { tag: 1, a: { x: 0, y: 0 }, b: { x: f, y: f + 1 } };
    return { tag: 2, base: f, h: 2 };
}
const t0 = process.hrtime.bigint();
let total = 0;
for (let i = 0; i < 3000000; i++) total += area(make(i));
const t1 = process.hrtime.bigint();
console.log(`bench shapes ${t1 - t0} ${total}`);
