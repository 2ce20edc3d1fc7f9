// println / print / eprintln (kept apart from api.ts so std modules can use them without a cycle).
import { writeErr, writeOut } from './stdout.js';

export function println(s: string): void {
    writeOut(s + '\n');
}

export function print(s: string): void {
    writeOut(s);
}

export function eprintln(s: string): void {
    writeErr(s + '\n');
}
