import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const pkgRoot = join(dirname(fileURLToPath(import.meta.url)), '..');
export const loomBin = join(pkgRoot, 'bin', 'loom.js');
export const fixture = (name: string) => join(pkgRoot, 'test', 'fixtures', name);

export interface RunOutput {
    code: number | null;
    signal: NodeJS.Signals | null;
    stdout: string;
    stderr: string;
    ms: number;
}

/** Run the real CLI (`node bin/loom.js ...`) and collect its output. */
export function loom(
    args: string[],
    opts: { timeoutMs?: number; input?: string; env?: Record<string, string>; onStdout?: (s: string, child: any) => void } = {},
): Promise<RunOutput> {
    return new Promise((resolve, reject) => {
        const t0 = performance.now();
        const child = spawn(process.execPath, [loomBin, ...args], {
            env: { ...process.env, LOOM_NO_REBUILD: '1', ...(opts.env ?? {}) },
            stdio: ['pipe', 'pipe', 'pipe'],
        });
        let stdout = '';
        let stderr = '';
        child.stdout.setEncoding('utf8');
        child.stderr.setEncoding('utf8');
        child.stdout.on('data', (d: string) => {
            stdout += d;
            opts.onStdout?.(stdout, child);
        });
        child.stderr.on('data', (d: string) => (stderr += d));
        const timer = setTimeout(() => {
            child.kill('SIGKILL');
            reject(new Error(`loom ${args.join(' ')} timed out\nstdout:\n${stdout}\nstderr:\n${stderr}`));
        }, opts.timeoutMs ?? 30_000);
        child.on('error', reject);
        child.on('close', (code, signal) => {
            clearTimeout(timer);
            resolve({ code, signal, stdout, stderr, ms: performance.now() - t0 });
        });
        if (opts.input !== undefined) child.stdin.end(opts.input);
        else child.stdin.end();
    });
}
