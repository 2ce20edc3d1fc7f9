/**
 * The `std::` paths Hale programs use most (counted over the conformance corpus), with a signature and a
 * line of doc each, after the standard library's reference (spec/stdlib.md). Hover shows them; completion
 * offers them after `std::`. Paths not listed fall back to their module's line.
 */

export interface StdEntry {
    /** `sleep(d: Duration)`, `Listener` (locus) ... */
    readonly signature: string;
    readonly doc: string;
    readonly kind: 'fn' | 'locus' | 'type' | 'interface';
}

export const STD_MODULES: Readonly<Record<string, string>> = {
    'std::process': 'The current process and subprocesses: pid, exit, RSS, `run`/`spawn`/`wait` over `Child`.',
    'std::env': 'Command-line arguments and environment variables.',
    'std::cli': 'Layered configuration: CLI argv > environment variable > fallback (`Resolver`).',
    'std::time': 'Clocks and sleeping; on a `where async_io` pool `sleep` parks the coroutine instead of holding the thread.',
    'std::decimal': 'Conversions and fixed-places formatting of `Decimal`.',
    'std::str': 'String parsing, searching, slicing, builders and UTF-8 accessors (strings are byte-oriented).',
    'std::bytes': 'Byte buffers: indexing, slicing, scanning, binary-pack readers/writers, `BytesBuilder`.',
    'std::regex': 'Linear-time regular expressions (Thompson NFA): no backreferences, no lookaround.',
    'std::text': 'Text utilities: Markdown to HTML, base64, sinks, byte-class predicates, tokenizing.',
    'std::io': 'Input and output: files, sockets (tcp, udp, tls), stdin/stdout.',
    'std::io::fs': 'One-shot file-system calls (open, act, close), all `fallible(IoError)`.',
    'std::io::file': 'A held-open file (`File` locus) closed when it dissolves.',
    'std::io::stdin': 'Reading standard input by line or by byte.',
    'std::io::stdout': 'Unbuffered writes to standard output.',
    'std::io::tcp': 'TCP: `Listener` and `Stream` loci and fd-level calls; `recv_into` blocks the calling thread.',
    'std::io::udp': 'UDP sockets: bind, send, receive, multicast, socket options.',
    'std::io::tls': 'Client-side TLS over system OpenSSL; `recv_into`/`recv_bytes` block the calling thread.',
    'std::compress': 'One-shot gzip/zstd compression over `Bytes`.',
    'std::tar': 'One-shot ustar archives over `Bytes`.',
    'std::term': 'Terminal: raw mode, size, tty probe.',
    'std::diag': 'Test-time counters (heap allocations, syscalls) for steady-state assertions.',
    'std::http': 'HTTP/1.1: `Request`/`Response`, `Server`, `Router`, client requests.',
    'std::json': 'JSON: streaming `Builder`, escaping, allocation-free field and array cursors.',
    'std::test': 'Assertions for `hale test`.',
    'std::log': 'Structured logging: `Logger` publishes `LogEvent`s on `log.**`; sinks subscribe.',
    'std::metrics': 'Prometheus-shaped metrics: `Registry`, counters, gauges, histograms, an HTTP endpoint.',
    'std::secret': 'Key material the application never holds: `Signer` (HMAC), `Credential`.',
    'std::math': 'Floating-point math over libm.',
    'std::crypto': 'Hashes and HMACs (SHA-1, SHA-256, SHA-512, CRC-32).',
    'std::os': 'Operating-system randomness (`getrandom`).',
    'std::rand': 'A fast, non-cryptographic shared PRNG.',
    'std::ts': 'Tree-sitter parsing substrate (handles are `Int`).',
    'std::bus': 'Bus transports: the adapter interface and local dispatch.',
    'std::iter': 'Iteration helpers over text.',
    'std::yaml': 'YAML reading and building.',
    'std::shm': 'Shared-memory ring record headers.',
    'std::lang': 'Language-processing loci over tree-sitter.',
};

const fn = (signature: string, doc: string): StdEntry => ({ signature, doc, kind: 'fn' });
const locus = (signature: string, doc: string): StdEntry => ({ signature, doc, kind: 'locus' });
const type = (signature: string, doc: string): StdEntry => ({ signature, doc, kind: 'type' });
const iface = (signature: string, doc: string): StdEntry => ({ signature, doc, kind: 'interface' });

export const STD_CATALOG: Readonly<Record<string, StdEntry>> = {
    // time
    'std::time::sleep': fn('sleep(d: Duration)', 'Sleeps; off async pools it is sliced into ≤100 ms steps with a bus drain after each, on a `where async_io` pool it parks.'),
    'std::time::monotonic': fn('monotonic() -> Duration', 'The monotonic clock.'),
    'std::time::monotonic_ns': fn('monotonic_ns() -> Int', 'The monotonic clock in nanoseconds.'),
    'std::time::now': fn('now() -> Int', 'Wall-clock time (CLOCK_REALTIME), unix seconds.'),
    'std::time::time_from_unix': fn('time_from_unix(n: Int) -> Time', 'Formats unix seconds as an ISO 8601 UTC `Time`.'),
    'std::time::parse_iso8601': fn('parse_iso8601(s: String) -> Int fallible(ParseError)', 'Parses an ISO 8601 UTC timestamp to unix seconds.'),
    'std::time::tick': fn('tick(d: Duration)', 'Waits for the next period boundary: paces a loop.'),
    // process
    'std::process::exit': fn('exit(code: Int)', 'Exits the process with `code`.'),
    'std::process::pid': fn('pid() -> Int', 'The process id.'),
    'std::process::rss_bytes': fn('rss_bytes() -> Int', 'Resident set size of the process, in bytes.'),
    'std::process::run': fn('run(argv: String) -> ProcessOutput fallible(IoError)', 'Runs a subprocess to completion (argv newline-separated); blocks the calling thread.'),
    'std::process::spawn': fn('spawn(argv: String) -> Child fallible(IoError)', 'Starts a subprocess and returns its `Child` handle.'),
    'std::process::wait': fn('wait(c: Child) -> Int fallible(IoError)', 'Waits for a child to exit; blocks the calling thread.'),
    'std::process::try_wait': fn('try_wait(c: Child) -> Int fallible(IoError)', 'Non-blocking reap: `-2` still running, `0..255` exited, `-1` killed by a signal.'),
    'std::process::kill': fn('kill(c: Child) -> () fallible(IoError)', 'Terminates a child (TERM, then KILL).'),
    'std::process::signal': fn('signal(c: Child, sig: Int) -> () fallible(IoError)', 'Sends a POSIX signal to a child.'),
    'std::process::write_stdin': fn('write_stdin(c: Child, s: String) -> () fallible(IoError)', "Writes to a child's stdin."),
    'std::process::read_stdout': fn('read_stdout(c: Child) -> String fallible(IoError)', "Reads a child's stdout."),
    'std::process::Child': type('Child', 'A spawned subprocess.'),
    'std::process::dump_arena_residency': fn('dump_arena_residency() -> Int', 'Writes a per-arena residency snapshot to stderr (with `LOTUS_ARENA_RESIDENCY=1`).'),
    'std::process::dump_pool_residency': fn('dump_pool_residency() -> Int', 'Writes one stderr line per cooperative pool: mode, parked coroutines, queue depth.'),
    // env, cli
    'std::env::args_count': fn('args_count() -> Int', 'The number of command-line arguments.'),
    'std::env::arg': fn('arg(i: Int) -> String', 'The `i`-th command-line argument.'),
    'std::env::arg_or': fn('arg_or(i: Int, default: String) -> String', 'The `i`-th argument, or `default` when absent.'),
    'std::env::var': fn('var(name: String) -> String', 'An environment variable ("" when unset).'),
    'std::env::var_exists': fn('var_exists(name: String) -> Bool', 'Whether an environment variable is set.'),
    'std::cli::Resolver': locus('Resolver { env_prefix: String, argv_keys: String }', 'Layered config: `get(key, fallback)` reads argv, then `<prefix><KEY>`, then the fallback.'),
    // str
    'std::str::parse_int': fn('parse_int(s: String) -> Int fallible(ParseError)', 'Parses a decimal integer.'),
    'std::str::parse_float': fn('parse_float(s: String) -> Float fallible(ParseError)', 'Parses a float.'),
    'std::str::parse_decimal': fn('parse_decimal(s: String) -> Decimal fallible(ParseError)', 'Parses a decimal.'),
    'std::str::can_parse_int': fn('can_parse_int(s: String) -> Bool', 'Whether `parse_int` would succeed.'),
    'std::str::can_parse_float': fn('can_parse_float(s: String) -> Bool', 'Whether `parse_float` would succeed.'),
    'std::str::index_of': fn('index_of(s: String, needle: String) -> Int', 'Byte offset of the first `needle`, or `-1`.'),
    'std::str::byte_at_unchecked': fn('byte_at_unchecked(s: String, i: Int) -> Int', 'The byte at `i` with no bounds check (the caller guarantees `0 ≤ i < len(s)`).'),
    'std::str::range_eq': fn('range_eq(json: String, start: Int, end_exclusive: Int, expected: String) -> Bool', 'Compares a byte range of `json` with `expected` without a substring.'),
    'std::str::range_parse_int': fn('range_parse_int(json: String, start: Int, end_exclusive: Int) -> Int fallible(ParseError)', 'Parses an integer from a byte range.'),
    'std::str::range_parse_decimal': fn('range_parse_decimal(json: String, start: Int, end_exclusive: Int) -> Decimal fallible(ParseError)', 'Parses a decimal from a byte range.'),
    'std::str::from_bytes': fn('from_bytes(b: Bytes) -> String', 'The bytes as a string.'),
    'std::str::trim': fn('trim(s: String) -> String', 'Strips leading and trailing whitespace.'),
    'std::str::lower': fn('lower(s: String) -> String', 'ASCII lower case.'),
    'std::str::upper': fn('upper(s: String) -> String', 'ASCII upper case.'),
    'std::str::substring': fn('substring(s: String, lo: Int, hi: Int) -> String', 'The bytes `[lo, hi)` of `s`.'),
    'std::str::replace': fn('replace(s: String, from: String, to: String) -> String', 'Replaces every `from` with `to`.'),
    'std::str::pad_left': fn('pad_left(s: String, width: Int, fill: String) -> String', 'Left-pads to `width`.'),
    'std::str::split_into': fn('split_into(s: String, sep: String, target: @form(vec))', 'Splits into caller-supplied storage; empty fields are kept.'),
    'std::str::builder_new': fn('builder_new() -> Int', 'Starts a string builder.'),
    'std::str::builder_append': fn('builder_append(b: Int, s: String)', 'Appends to a string builder.'),
    'std::str::builder_len': fn('builder_len(b: Int) -> Int', 'The length built so far.'),
    'std::str::builder_finish': fn('builder_finish(b: Int) -> String', 'Finishes a string builder.'),
    'std::str::contains': fn('contains(s: String, needle: String) -> Bool', 'Whether `needle` occurs in `s`.'),
    'std::str::starts_with': fn('starts_with(s: String, prefix: String) -> Bool', 'Whether `s` starts with `prefix`.'),
    'std::str::ends_with': fn('ends_with(s: String, suffix: String) -> Bool', 'Whether `s` ends with `suffix`.'),
    // bytes
    'std::bytes::from_string': fn('from_string(s: String) -> Bytes', 'The bytes of a string.'),
    'std::bytes::from_int': fn('from_int(v: Int) -> Bytes', 'One byte with value `v`.'),
    'std::bytes::at': fn('at(b: Bytes, i: Int) -> Int fallible(IndexError)', 'The byte at `i`, bounds-checked.'),
    'std::bytes::slice': fn('slice(b: Bytes, lo: Int, hi: Int) -> Bytes', 'The bytes `[lo, hi)`.'),
    'std::bytes::concat': fn('concat(a: Bytes, b: Bytes) -> Bytes', 'The two buffers joined.'),
    'std::bytes::find_byte': fn('find_byte(b: Bytes, off: Int, needle: Int) -> Int', 'First index `>= off` holding `needle`, or `-1` (word-at-a-time scan).'),
    'std::bytes::read_u8': fn('read_u8(b: Bytes, off: Int) -> Int fallible(IndexError)', 'Reads an unsigned byte at `off`.'),
    'std::bytes::read_u16_le': fn('read_u16_le(b: Bytes, off: Int) -> Int fallible(IndexError)', 'Reads a little-endian u16 at `off`.'),
    'std::bytes::read_u32_le': fn('read_u32_le(b: Bytes, off: Int) -> Int fallible(IndexError)', 'Reads a little-endian u32 at `off`.'),
    'std::bytes::read_u32_be': fn('read_u32_be(b: Bytes, off: Int) -> Int fallible(IndexError)', 'Reads a big-endian u32 at `off`.'),
    'std::bytes::read_f32_le': fn('read_f32_le(b: Bytes, off: Int) -> Float fallible(IndexError)', 'Reads a little-endian f32 at `off`.'),
    'std::bytes::read_f64_le': fn('read_f64_le(b: Bytes, off: Int) -> Float fallible(IndexError)', 'Reads a little-endian f64 at `off`.'),
    'std::bytes::write_u32_le': fn('write_u32_le(buf: BytesMut, off: Int, val: Int) -> Int fallible(IndexError)', 'Writes a little-endian u32 into a raw window; returns the offset past it.'),
    'std::bytes::BytesBuilder': locus('BytesBuilder', 'A growing byte buffer: append, `recv_into` destination, `xor_mask`.'),
    // io::fs, file, stdin, stdout
    'std::io::fs::read_file': fn('read_file(path: String) -> String fallible(IoError)', 'Reads a whole file.'),
    'std::io::fs::write_file': fn('write_file(path: String, s: String) -> () fallible(IoError)', 'Writes a whole file.'),
    'std::io::fs::write_file_append': fn('write_file_append(path: String, s: String) -> Int fallible(IoError)', 'Appends to a file; returns the bytes appended.'),
    'std::io::fs::read_bytes': fn('read_bytes(path: String) -> Bytes fallible(IoError)', 'Reads a whole file as bytes.'),
    'std::io::fs::file_size': fn('file_size(path: String) -> Int fallible(IoError)', 'The size of a file in bytes.'),
    'std::io::fs::file_exists': fn('file_exists(path: String) -> Bool', 'Whether a file exists.'),
    'std::io::fs::mkdir': fn('mkdir(path: String) -> () fallible(IoError)', 'Creates a directory.'),
    'std::io::fs::rename': fn('rename(from: String, to: String) -> () fallible(IoError)', 'Renames a file.'),
    'std::io::fs::list_dir_count': fn('list_dir_count(path: String) -> Int fallible(IoError)', 'The number of entries of a directory.'),
    'std::io::fs::list_dir_at': fn('list_dir_at(path: String, i: Int) -> String fallible(IoError)', 'The `i`-th entry of a directory.'),
    'std::io::file::File': locus('File', 'A held-open file descriptor, closed when the locus dissolves.'),
    'std::io::file::open': fn('open(path: String, mode: String) -> File fallible(IoError)', 'Opens a file (`"r"`, `"w"`, `"a"`, `"r+"`, `"w+"`).'),
    'std::io::stdin::read_line': fn('read_line() -> String', 'Reads a line of standard input.'),
    'std::io::stdout::write_bytes': fn('write_bytes(s: String) -> Int', 'Flushes stdout, then writes unbuffered; returns the bytes written or `-1`.'),
    // tcp, udp, tls
    'std::io::tcp::Listener': locus('Listener { host: String, port: Int }', 'A listening TCP socket.'),
    'std::io::tcp::Stream': locus('Stream', 'A TCP connection: `send`/`send_bytes`/`recv`/`recv_bytes`, all `fallible(IoError)`.'),
    'std::io::tcp::recv_into': fn('recv_into(fd: Int, buf: Bytes, max_bytes: Int) -> Int', 'Receives into a caller-provided builder; blocks the calling thread.'),
    'std::io::tcp::recv_stamped_into': fn('recv_stamped_into(fd: Int, buf: Bytes, max_bytes: Int) -> Int', 'Receives with kernel timestamps; blocks the calling thread.'),
    'std::io::tcp::connect': fn('connect(host: String, port: Int) -> Int fallible(IoError)', 'Connects and returns the socket fd.'),
    'std::io::tcp::listen_socket': fn('listen_socket(host: String, port: Int) -> Int fallible(IoError)', 'Opens a listening socket fd.'),
    'std::io::tcp::accept_one': fn('accept_one(fd: Int) -> Int fallible(IoError)', 'Accepts one connection; blocks the calling thread.'),
    'std::io::tcp::close_fd': fn('close_fd(fd: Int)', 'Closes a socket fd.'),
    'std::io::tcp::set_recv_timeout': fn('set_recv_timeout(fd: Int, d: Duration) -> () fallible(IoError)', 'Sets SO_RCVTIMEO on a socket.'),
    'std::io::tcp::set_nodelay': fn('set_nodelay(fd: Int, on: Bool) -> () fallible(IoError)', 'Sets TCP_NODELAY.'),
    'std::io::tcp::send_fd': fn('send_fd(fd: Int, b: Bytes) -> () fallible(IoError)', 'Sends bytes on a socket fd.'),
    'std::io::udp::bind': fn('bind(host: String, port: Int) -> Int fallible(IoError)', 'Binds a UDP socket (`host = ""` is INADDR_ANY).'),
    'std::io::udp::recv': fn('recv(fd: Int, max_bytes: Int) -> Bytes', 'Receives a datagram.'),
    'std::io::udp::recv_into': fn('recv_into(fd: Int, buf: Bytes, max_bytes: Int) -> Int', '`>0` bytes, `0` empty datagram, `-1` fatal, `-2` retryable.'),
    'std::io::udp::close': fn('close(fd: Int)', 'Closes a UDP socket.'),
    'std::io::udp::set_recv_timeout': fn('set_recv_timeout(fd: Int, d: Duration) -> () fallible(IoError)', 'Sets SO_RCVTIMEO.'),
    'std::io::udp::join_group': fn('join_group(fd: Int, group: String, iface: String) -> () fallible(IoError)', 'Joins a multicast group.'),
    'std::io::udp::Reader': locus('Reader', 'A UDP reader handle.'),
    'std::io::tls::connect': fn('connect(host: String, port: Int) -> Int fallible(IoError)', 'TCP connect plus a TLS 1.2+ handshake with SNI and certificate verification.'),
    'std::io::tls::upgrade': fn('upgrade(fd: Int, host: String, verify: Bool) -> Int fallible(IoError)', 'Wraps a connected TCP fd in a client TLS session.'),
    'std::io::tls::recv_into': fn('recv_into(handle: Int, buf: Bytes, max: Int) -> Int', 'Receives decrypted bytes into a builder; blocks the calling thread.'),
    'std::io::tls::recv_stamped_into': fn('recv_stamped_into(handle: Int, buf: Bytes, max: Int) -> Int', 'Receives with timestamps; blocks the calling thread.'),
    'std::io::tls::recv_bytes': fn('recv_bytes(handle: Int, max: Int) -> Bytes fallible(IoError)', 'Receives decrypted bytes; blocks the calling thread.'),
    'std::io::tls::send_bytes': fn('send_bytes(handle: Int, b: Bytes) -> () fallible(IoError)', 'Sends bytes over TLS.'),
    'std::io::tls::close': fn('close(handle: Int)', 'Closes a TLS session.'),
    'std::io::tls::set_nodelay': fn('set_nodelay(handle: Int, on: Bool) -> () fallible(IoError)', 'TCP_NODELAY on the underlying fd.'),
    // http
    'std::http::Request': type('Request', 'A parsed HTTP request.'),
    'std::http::Response': type('Response', 'An HTTP response (`headers` carries CRLF-joined extra headers).'),
    'std::http::Context': type('Context', 'A parsed `Request` with its route parameters.'),
    'std::http::Server': locus('Server', 'An HTTP server locus; `shutdown()` is safe from another thread.'),
    'std::http::Router': locus('Router', 'Routes `(method, pattern)` to handlers.'),
    'std::http::Handler': iface('Handler', 'A request handler: `fn handle(req: Request) -> Response`.'),
    'std::http::RouteHandler': iface('RouteHandler', 'A routed handler: `fn handle(ctx: Context) -> Response`.'),
    'std::http::RouteParams': type('RouteParams', 'Path and query parameters of a routed request.'),
    'std::http::HttpError': type('HttpError', 'Client errors: bad_url, connect_failed, send_failed, recv_failed, bad_response, too_large, ...'),
    'std::http::ClientRequest': type('ClientRequest', 'An outgoing request: method, url, headers, body.'),
    'std::http::ClientResponse': type('ClientResponse', 'A response to a client request: status, headers, `body: Bytes`.'),
    'std::http::Url': type('Url', 'A parsed URL.'),
    'std::http::parse_request': fn('parse_request(raw: String) -> Request', 'Parses an HTTP/1.1 request.'),
    'std::http::write_response': fn('write_response(resp: Response) -> String', 'Serializes a response.'),
    'std::http::header': fn('header(receiver, name: String) -> String', 'A header by name, case-insensitively.'),
    'std::http::path_param': fn('path_param(params: RouteParams, name: String) -> String', 'A path parameter of a routed request.'),
    'std::http::query_param': fn('query_param(params: RouteParams, name: String) -> String', 'A query parameter of a routed request.'),
    'std::http::is_route': fn('is_route(ctx: Context, method: String, pattern: String) -> Bool', 'Whether a request matches a route.'),
    'std::http::build_context': fn('build_context(req: Request) -> Context', 'The routing context of a request.'),
    'std::http::parse_url': fn('parse_url(s: String) -> Url fallible(HttpError)', 'Parses a URL.'),
    'std::http::get': fn('get(url: String) -> ClientResponse fallible(HttpError)', 'A GET request.'),
    // json
    'std::json::Builder': locus('Builder', 'Streaming JSON output.'),
    'std::json::escape_string': fn('escape_string(s: String) -> String', 'Escapes a string for JSON (RFC 8259).'),
    'std::json::unescape_string': fn('unescape_string(s: String) -> String', 'Unescapes a JSON string.'),
    'std::json::find_string_field': fn('find_string_field(json: String, name: String) -> String', 'A top-level string member of a flat object.'),
    'std::json::find_bool_field': fn('find_bool_field(json: String, name: String) -> Bool', 'A top-level boolean member of a flat object.'),
    'std::json::find_field_raw': fn('find_field_raw(json: String, name: String) -> String', 'The raw value of a top-level member.'),
    'std::json::ArrayIter': type('ArrayIter', 'An array cursor (`array_first` / `array_next`).'),
    'std::json::ArrayIterSpan': type('ArrayIterSpan', "An array cursor carrying each element's byte range."),
    'std::json::ObjectIterSpan': type('ObjectIterSpan', "An object cursor carrying each member's byte ranges."),
    'std::json::JsonFieldRange': type('JsonFieldRange', 'The byte range of a member value.'),
    'std::json::array_first': fn('array_first(json: String, start: Int) -> ArrayIter', 'The first element of an array.'),
    'std::json::array_next': fn('array_next(it: ArrayIter) -> ArrayIter', 'The next element.'),
    'std::json::array_first_span': fn('array_first_span(json: String, start: Int) -> ArrayIterSpan', 'The first element, as a byte range.'),
    'std::json::array_next_span': fn('array_next_span(it: ArrayIterSpan) -> ArrayIterSpan', 'The next element, as a byte range.'),
    'std::json::iter_find_string_field_range': fn('iter_find_string_field_range(it, json: String, name: String) -> JsonFieldRange', 'Finds a member of the current object as a byte range.'),
    // test, log, metrics, secret
    'std::test::assert': fn('assert(cond: Bool, msg: String)', 'Fails the test when `cond` is false.'),
    'std::test::assert_eq_int': fn('assert_eq_int(actual: Int, expected: Int, msg: String)', 'Fails the test when the integers differ.'),
    'std::test::assert_eq_str': fn('assert_eq_str(actual: String, expected: String, msg: String)', 'Fails the test when the strings differ.'),
    'std::log::Logger': locus('Logger', 'Publishes structured `LogEvent`s on `log.<name>`.'),
    'std::log::LogEvent': type('LogEvent', 'A structured log event.'),
    'std::log::StdoutSink': locus('StdoutSink', 'Subscribes `log.**` and prints each event.'),
    'std::log::FileSink': locus('FileSink', 'Appends every event to a file, rotating by size.'),
    'std::metrics::Registry': locus('Registry { namespace: String }', 'Owns metric series; nest it in the locus that updates it.'),
    'std::metrics::Counter': type('Counter', 'A monotonic counter (`inc`, `add`).'),
    'std::metrics::Gauge': type('Gauge', 'A gauge (`set`, `add`, `sub`, `inc`, `dec`).'),
    'std::metrics::Histogram': type('Histogram', 'A histogram (`observe`).'),
    'std::metrics::Labels': type('Labels', 'Metric labels.'),
    'std::metrics::Endpoint': locus('Endpoint', 'Serves a registry in the Prometheus text format.'),
    'std::metrics::counter': fn('counter(reg: Registry, name: String, labels: Labels) -> Counter', 'Registers a counter.'),
    'std::metrics::labels_one': fn('labels_one(k: String, v: String) -> Labels', 'One label.'),
    'std::metrics::labels_empty': fn('labels_empty() -> Labels', 'No labels.'),
    'std::secret::Signer': locus('Signer', 'HMAC over a key the caller never sees: `sign`, `verify`.'),
    'std::secret::Credential': locus('Credential', 'An opaque token or password: `matches`, `fingerprint`.'),
    // math, crypto, os, rand
    'std::math::sqrt': fn('sqrt(x: Float) -> Float', 'Square root.'),
    'std::math::trunc': fn('trunc(x: Float) -> Float', 'Rounds toward zero.'),
    'std::math::is_nan': fn('is_nan(x: Float) -> Bool', 'Whether `x` is NaN.'),
    'std::math::int_to_float': fn('int_to_float(n: Int) -> Float', 'Converts an integer to a float.'),
    'std::crypto::sha256': fn('sha256(b: Bytes) -> Bytes', 'SHA-256 (32 bytes).'),
    'std::crypto::hmac_sha256': fn('hmac_sha256(key: Bytes, msg: Bytes) -> Bytes', 'HMAC-SHA256 (32 bytes).'),
    'std::crypto::crc32': fn('crc32(b: Bytes) -> Int', 'IEEE 802.3 CRC-32.'),
    'std::os::getrandom': fn('getrandom(n: Int) -> Bytes fallible(IoError)', 'Cryptographically secure random bytes.'),
    'std::rand::next_int': fn('next_int(max: Int) -> Int', 'A pseudo-random integer in `[0, max)` (not cryptographic).'),
    // diag, term, text, ts
    'std::diag::heap_alloc_count': fn('heap_alloc_count() -> Int', 'Cumulative heap allocations of the runtime.'),
    'std::diag::syscall_count': fn('syscall_count(name: String) -> Int', 'Cumulative count of a wrapped I/O syscall.'),
    'std::term::RawMode': locus('RawMode', 'Puts stdin in raw mode while alive; restores it when dissolved.'),
    'std::term::size': fn('size() -> TermSize', 'Terminal columns and rows (`{ 0, 0 }` when not a tty).'),
    'std::term::is_tty': fn('is_tty(fd: Int) -> Bool', 'Whether `fd` is a terminal.'),
    'std::text::md_to_html': fn('md_to_html(md: String) -> String', 'Renders Markdown as HTML.'),
    'std::text::Sink': iface('Sink', 'A text sink (`StdoutSink`, `StringSink`, `FileSink`).'),
    'std::text::base64::encode': fn('encode(b: Bytes) -> String', 'Base64 (RFC 4648).'),
    'std::text::base64::decode': fn('decode(s: String) -> Bytes', 'Decodes base64.'),
    'std::ts::parse_go': fn('parse_go(src: String) -> Int', 'Parses Go source; returns a tree handle.'),
    'std::ts::root_node': fn('root_node(tree: Int) -> Int', 'The root node handle of a tree.'),
    'std::ts::node_kind': fn('node_kind(node: Int) -> String', 'The kind of a node.'),
    'std::ts::node_text': fn('node_text(node: Int) -> String', 'The source text of a node.'),
    'std::ts::node_named_child': fn('node_named_child(parent: Int, i: Int) -> Int', 'The `i`-th named child.'),
    'std::ts::node_named_child_count': fn('node_named_child_count(node: Int) -> Int', 'The number of named children.'),
    'std::iter::Lines': type('Lines', 'An iterator over the lines of a string.'),
    'std::yaml::Reader': locus('Reader', 'Reads YAML documents.'),
};

/** The catalog entry of `path`, or the line of its closest module. */
export function stdDoc(path: string): { entry?: StdEntry; module?: string; moduleDoc?: string } {
    const entry = STD_CATALOG[path];
    const segs = path.split('::');
    for (let n = segs.length - (entry ? 1 : 0); n >= 2; n--) {
        const m = segs.slice(0, n).join('::');
        if (STD_MODULES[m]) return { entry, module: m, moduleDoc: STD_MODULES[m] };
    }
    return { entry };
}

/** The direct children (modules and members) under a `std::` prefix such as `std::io`. */
export function stdChildren(prefix: string): Array<{ name: string; path: string; entry?: StdEntry; isModule: boolean }> {
    const out = new Map<string, { name: string; path: string; entry?: StdEntry; isModule: boolean }>();
    const depth = prefix.split('::').length;
    for (const path of [...Object.keys(STD_MODULES), ...Object.keys(STD_CATALOG)]) {
        if (!path.startsWith(prefix + '::')) continue;
        const segs = path.split('::');
        const name = segs[depth];
        const child = segs.slice(0, depth + 1).join('::');
        const isModule = segs.length > depth + 1 || (STD_MODULES[child] !== undefined && !STD_CATALOG[child]);
        if (!out.has(name) || isModule) out.set(name, { name, path: child, entry: STD_CATALOG[child], isModule });
    }
    return [...out.values()].sort((a, b) => a.name.localeCompare(b.name));
}
