/** What the model knows about `std::` without a standard-library catalogue: naming and blocking calls. */

export function isStdPath(path: string): boolean {
    return path === 'std' || path.startsWith('std::');
}

/**
 * The name upstream's bus graph gives a std type: its Hale-source stdlib declares `std::log::LogEvent` as
 * `__StdLogEvent` and `std::io::tcp::LogEvent` as `__StdIoTcpLogEvent` — `__Std`, the module path in
 * PascalCase, then the type name less a repeat of the last module's name.
 */
export function mangleStdType(path: string): string {
    const segments = path.split('::');
    const modules = segments.slice(1, -1).map(m => m.charAt(0).toUpperCase() + m.slice(1));
    let name = segments[segments.length - 1];
    const last = modules[modules.length - 1];
    if (last && name.startsWith(last) && /^[A-Z]/.test(name.slice(last.length))) name = name.slice(last.length);
    return `__Std${modules.join('')}${name}`;
}

/**
 * The std calls upstream's placement checks treat as blocking a cooperative pool's thread in `run()`
 * (spec/semantics.md rules 7 and 8): tcp/tls receives and subprocess runs.
 */
export const BLOCKING_STD_CALLS: ReadonlySet<string> = new Set([
    'std::io::tcp::recv_into', 'std::io::tcp::recv_stamped_into',
    'std::io::tls::recv_into', 'std::io::tls::recv_stamped_into', 'std::io::tls::recv_bytes',
    'std::process::run', 'std::process::wait',
]);

/**
 * Calls that hold an `async_io` pool's single worker (the `block` effect class that does not park): a
 * sleep is sliced on a classic pool but holds the event loop's turn, as do subprocess runs.
 */
export const ASYNC_IO_BLOCKING_CALLS: ReadonlySet<string> = new Set([
    'std::time::sleep', 'std::process::run', 'std::process::wait',
]);

/** Last segments of calls that pace a `while true` publish loop: a sleep or tick, or an input-pacing receive. */
export function isPacingCall(lastSegment: string): boolean {
    return /^(sleep|sleep_until|tick|recv\w*|read\w*|next|accept\w*|wait\w*|poll\w*)$/.test(lastSegment);
}
