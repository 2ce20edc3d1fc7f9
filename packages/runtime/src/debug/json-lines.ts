// The debug agent and the adapter talk in newline-delimited JSON over the agent's pipe: one protocol
// message per line, each way.

import type { Readable } from 'node:stream';

/** Calls `onMessage` with each JSON message read from `stream`; a line that is not JSON is skipped. */
export function onJsonLines(stream: Readable, onMessage: (message: any) => void): void {
    let buffer = '';
    stream.setEncoding('utf8');
    stream.on('data', (chunk: string) => {
        buffer += chunk;
        for (let i = buffer.indexOf('\n'); i >= 0; i = buffer.indexOf('\n')) {
            const line = buffer.slice(0, i);
            buffer = buffer.slice(i + 1);
            let message: unknown;
            try {
                message = JSON.parse(line);
            } catch {
                continue;
            }
            onMessage(message);
        }
    });
}
