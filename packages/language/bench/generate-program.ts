/**
 * Generates a large Hale program for benchmarks: `loci` worker loci over a ring of topics, spread across
 * cooperative pools and pinned threads by a main locus, with helpers, handlers, paced loops, literal
 * subjects and a few deliberate findings (a blocking call, an orphan) so diagnostics are never empty.
 * Returns one text per file of the program folder; about 52 lines per locus.
 */
export interface GeneratedProgram {
    files: Array<{ name: string; text: string }>;
    lines: number;
}

export function generateProgram(options: { loci: number; files: number }): GeneratedProgram {
    const { loci, files } = options;
    const topics = Math.max(4, Math.floor(loci / 2));
    const pools = ['io', 'render', 'db', 'net', 'compute'];
    const decls: string[] = [];
    decls.push('type Reading { sensor: Int = 0; value: Int = 0; }');
    decls.push('type Command { op: Int = 0; target: Int = 0; }');
    decls.push('');
    for (let t = 0; t < topics; t++) decls.push(`topic Topic${t} { payload: Reading; subject: "bench.t${t}"; }`);
    decls.push('topic Unused { payload: Command; }');
    decls.push('');
    decls.push('fn scale(v: Int, k: Int) -> Int { return v * k + 1; }');
    decls.push('fn read_socket(fd: Int) -> Int { return std::io::tcp::recv_into(fd, 0, 64); }');
    decls.push('');
    const bodies: string[][] = Array.from({ length: files }, () => []);
    for (let i = 0; i < loci; i++) {
        const sub = i % topics, pub = (i + 1) % topics;
        const blocking = i % 17 === 3;
        const lines = [
            `/// Worker ${i}: subscribes Topic${sub}, publishes Topic${pub}.`,
            `locus Worker${i} {`,
            '    params {',
            '        seen: Int = 0;',
            '        total: Int = 0;',
            `        factor: Int = ${(i % 7) + 1};`,
            '        fd: Int = -1;',
            '        running: Bool = true;',
            '    }',
            '    bus {',
            `        subscribe Topic${sub} as on_reading;`,
            `        publish Topic${pub};`,
            `        publish "bench.cmd.${i}" of type Command;`,
            `        subscribe "bench.cmd.${(i + 1) % loci}" as on_command of type Command;`,
            '    }',
            '    fn on_reading(r: Reading) {',
            '        self.seen = self.seen + 1;',
            '        self.total = self.total + scale(r.value, self.factor);',
            '        if r.value > 1000 {',
            `            Topic${pub} <- Reading { sensor: ${i}, value: r.value / 2 };`,
            '        }',
            '    }',
            '    fn on_command(c: Command) {',
            '        match c.op {',
            '            0 -> self.reset(),',
            '            1 -> self.report(),',
            '            _ -> self.seen = self.seen + 0,',
            '        };',
            '    }',
            '    fn reset() {',
            '        self.seen = 0;',
            '        self.total = 0;',
            '    }',
            '    fn report() {',
            `        println("worker ${i}: ", self.seen, " readings, total ", self.total);`,
            '    }',
            '    fn step(k: Int) -> Int {',
            '        let mut acc = 0;',
            '        for j in 0..k {',
            '            acc = acc + scale(j, self.factor);',
            '        }',
            '        return acc;',
            '    }',
            '    run() {',
            '        let mut tick = 0;',
            '        while self.running {',
            `            "bench.cmd.${i}" <- Command { op: tick % 3, target: ${(i + 1) % loci} };`,
            '            tick = tick + self.step(3);',
            blocking ? '            let n = read_socket(self.fd);' : '            std::time::sleep(10ms);',
            '        }',
            '    }',
            '}',
            '',
        ];
        bodies[i % files].push(...lines);
    }
    const main: string[] = ['main locus App {', '    params {'];
    for (let i = 0; i < loci; i++) main.push(`        w${i}: Worker${i} = Worker${i} { };`);
    main.push('    }', '    placement {');
    for (let i = 0; i < loci; i++) {
        if (i % 5 === 0) continue; // unplaced: cooperative(pool = main)
        if (i % 11 === 0) main.push(`        w${i}: pinned(core = ${i % 8});`);
        else main.push(`        w${i}: cooperative(pool = ${pools[i % pools.length]});`);
    }
    main.push('    }', '    run() {', '        std::time::sleep(1s);', '    }', '}', '', 'fn main() { App { }; }', '');
    const out: GeneratedProgram['files'] = [{ name: 'app.hl', text: [...decls, ...main].join('\n') }];
    bodies.forEach((b, k) => out.push({ name: `workers_${String(k).padStart(2, '0')}.hl`, text: b.join('\n') }));
    return { files: out, lines: out.reduce((n, f) => n + f.text.split('\n').length, 0) };
}
