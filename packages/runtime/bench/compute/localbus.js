// Hand-written JS counterpart of localbus.hl: a queue of (subscriber, message) cells drained in order, the
// message copied for each subscriber past the first (Hale's bus copies payloads between loci).
class Adder {
    sum = 0;
    count = 0;
    onTick(t) {
        this.sum += t.v;
        this.count++;
    }
}
class Maxer {
    best = 0;
    onTick(t) {
        if (t.v > this.best) this.best = t.v;
    }
}
const adder = new Adder();
const maxer = new Maxer();
const subs = new Map([['Ticks', [adder, maxer]]]);
const queue = [];
function publish(subject, msg) {
    const list = subs.get(subject);
    for (let i = 0; i < list.length; i++) queue.push(list[i], i === 0 ? msg : { n: msg.n, v: msg.v });
}
function drain() {
    for (let i = 0; i < queue.length; i += 2) queue[i].onTick(queue[i + 1]);
    queue.length = 0;
}
const t0 = process.hrtime.bigint();
for (let i = 0; i < 1000000; ) {
    publish('Ticks', { n: i, v: (i * 31) % 1000 });
    i++;
    if (i % 1000 === 0) drain();
}
drain();
const t1 = process.hrtime.bigint();
console.log(`bench localbus ${t1 - t0} ${adder.count}:${adder.sum}:${maxer.best}`);
