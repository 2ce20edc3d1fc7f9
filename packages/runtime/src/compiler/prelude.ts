// Loom's standard library surface, declared in Hale. Body-less `fn`s (and body-less locus methods) are
// implemented natively by the runtime (src/runtime/std); declarations with bodies are ordinary Hale code
// compiled with the program when it uses them. The compiler takes std types and signatures from here.

export const PRELUDE = String.raw`
type IoError { kind: String = "io"; errno: Int = 0; path: String = ""; }
type ParseError { kind: String = "parse"; input: String = ""; }
type IndexError { kind: String = "index_out_of_bounds"; index: Int = 0; len: Int = 0; }
type KeyError { kind: String = "missing_key"; key: String = ""; }
type EmptyError { kind: String = "empty"; }
type CapacityError { kind: String = "capacity"; cap: Int = 0; count: Int = 0; }
type JsonError { kind: String = "json"; field: String = ""; }
type HttpError { kind: String = "http"; detail: String = ""; }
type CryptoError { kind: String = ""; detail: String = ""; }
type ClosureViolation {
    closure: String = ""; epoch: String = ""; locus: String = "";
    left: Float = 0.0; right: Float = 0.0; tolerance: Float = 0.0; diff: Float = 0.0;
    captures: String = ""; detail: String = "";
}
type StructuralFailure { kind: String = ""; detail: String = ""; }
type BusUnmatchedKey { subject: String = ""; key_lo: Int = 0; key_hi: Int = 0; }
type Result<T, E> = enum { Ok(T), Err(E) };
type Option<T> = enum { Some(T), None };

module std {
    module str {
        fn parse_int(s: String) -> Int fallible(ParseError);
        fn parse_float(s: String) -> Float fallible(ParseError);
        fn parse_decimal(s: String) -> Decimal fallible(ParseError);
        fn can_parse_int(s: String) -> Bool;
        fn can_parse_float(s: String) -> Bool;
        fn can_parse_decimal(s: String) -> Bool;
        fn range_eq(s: String, start: Int, end_exclusive: Int, expected: String) -> Bool;
        fn range_parse_int(s: String, start: Int, end_exclusive: Int) -> Int fallible(ParseError);
        fn range_parse_decimal(s: String, start: Int, end_exclusive: Int) -> Decimal fallible(ParseError);
        fn byte_at_unchecked(s: String, i: Int) -> Int;
        fn index_of(s: String, sub: String) -> Int;
        fn last_index_of(s: String, sub: String) -> Int;
        fn lower(s: String) -> String;
        fn upper(s: String) -> String;
        fn trim(s: String) -> String;
        fn trim_start(s: String) -> String;
        fn trim_end(s: String) -> String;
        fn substring(s: String, lo: Int, hi: Int) -> String;
        fn replace(s: String, needle: String, rep: String) -> String;
        fn repeat(s: String, n: Int) -> String;
        fn pad_left(s: String, width: Int, pad: String) -> String;
        fn pad_right(s: String, width: Int, pad: String) -> String;
        fn from_bytes(b: Bytes) -> String;
        fn clone(s: String) -> String;
        fn contains(s: String, sub: String) -> Bool;
        fn starts_with(s: String, prefix: String) -> Bool;
        fn ends_with(s: String, suffix: String) -> Bool;
        fn count(s: String, sub: String) -> Int;
        fn cp_count(s: String) -> Int;
        fn cp_at(s: String, i: Int) -> Int;
        fn cp_size(s: String, i: Int) -> Int;
        fn builder_new() -> Int;
        fn builder_append(b: Int, s: String);
        fn builder_len(b: Int) -> Int;
        fn builder_finish(b: Int) -> String;
        fn split_into(s: String, sep: String, target: Any);
        fn join(items: Any, sep: String) -> String;
        fn char_at(s: String, i: Int) -> String;
        fn eq_ignore_case(a: String, b: String) -> Bool;
        fn is_empty(s: String) -> Bool;
    }
    module bytes {
        fn at(b: Bytes, i: Int) -> Int fallible(IndexError);
        fn slice(b: Bytes, lo: Int, hi: Int) -> Bytes;
        fn from_string(s: String) -> Bytes;
        fn from_int(v: Int) -> Bytes;
        fn concat(a: Bytes, b: Bytes) -> Bytes;
        fn clone(v: Bytes) -> Bytes;
        fn find_byte(b: Bytes, off: Int, needle: Int) -> Int;
        fn len(b: Bytes) -> Int;
        fn empty() -> Bytes;
        fn eq(a: Bytes, b: Bytes) -> Bool;
        fn to_hex(b: Bytes) -> String;
        fn read_u8(b: Bytes, off: Int) -> Int fallible(IndexError);
        fn read_u16_le(b: Bytes, off: Int) -> Int fallible(IndexError);
        fn read_u16_be(b: Bytes, off: Int) -> Int fallible(IndexError);
        fn read_u32_le(b: Bytes, off: Int) -> Int fallible(IndexError);
        fn read_u32_be(b: Bytes, off: Int) -> Int fallible(IndexError);
        fn read_u64_le(b: Bytes, off: Int) -> Int fallible(IndexError);
        fn read_u64_be(b: Bytes, off: Int) -> Int fallible(IndexError);
        fn read_i8(b: Bytes, off: Int) -> Int fallible(IndexError);
        fn read_i16_le(b: Bytes, off: Int) -> Int fallible(IndexError);
        fn read_i32_le(b: Bytes, off: Int) -> Int fallible(IndexError);
        fn read_i64_le(b: Bytes, off: Int) -> Int fallible(IndexError);
        fn read_f64_le(b: Bytes, off: Int) -> Float fallible(IndexError);
        fn read_f32_le(b: Bytes, off: Int) -> Float fallible(IndexError);
        locus BytesBuilder {
            params { initial_cap: Int = 64; }
            closure alloc_failed { captures: initial_cap; epoch inline; }
            closure index_oob { epoch inline; }
            fn append(chunk: Bytes);
            fn append_str(s: String);
            fn append_slice(src: Bytes, lo: Int, hi: Int);
            fn append_u8(n: Int);
            fn append_u16_le(n: Int);
            fn append_u16_be(n: Int);
            fn append_u32_le(n: Int);
            fn append_u32_be(n: Int);
            fn append_u64_le(n: Int);
            fn append_u64_be(n: Int);
            fn append_i8(n: Int);
            fn append_i16_le(n: Int);
            fn append_i16_be(n: Int);
            fn append_i32_le(n: Int);
            fn append_i32_be(n: Int);
            fn append_i64_le(n: Int);
            fn append_i64_be(n: Int);
            fn append_f32_le(x: Float);
            fn append_f64_le(x: Float);
            fn append_f64_be(x: Float);
            fn append_pad(to_align: Int);
            fn xor_mask(src: Bytes, key: Int);
            fn len() -> Int;
            fn snapshot() -> Bytes;
            fn view() -> BytesView;
            fn text_view() -> StringView;
            fn shift_front(n: Int);
            fn clear();
            fn finish() -> Bytes;
        }
    }
    module math {
        fn sqrt(x: Float) -> Float;
        fn exp(x: Float) -> Float;
        fn log(x: Float) -> Float;
        fn log10(x: Float) -> Float;
        fn log2(x: Float) -> Float;
        fn floor(x: Float) -> Float;
        fn ceil(x: Float) -> Float;
        fn pow(x: Float, y: Float) -> Float;
        fn tanh(x: Float) -> Float;
        fn sin(x: Float) -> Float;
        fn cos(x: Float) -> Float;
        fn tan(x: Float) -> Float;
        fn asin(x: Float) -> Float;
        fn acos(x: Float) -> Float;
        fn atan(x: Float) -> Float;
        fn atan2(y: Float, x: Float) -> Float;
        fn abs(x: Float) -> Float;
        fn fabs(x: Float) -> Float;
        fn min(a: Float, b: Float) -> Float;
        fn max(a: Float, b: Float) -> Float;
        fn nan() -> Float;
        fn inf() -> Float;
        fn is_nan(x: Float) -> Bool;
        fn is_inf(x: Float) -> Bool;
        fn int_to_float(i: Int) -> Float;
        fn float_to_int(f: Float) -> Int;
        fn round(f: Float) -> Int;
        fn trunc(f: Float) -> Int;
        fn abs_int(i: Int) -> Int;
        fn min_int(a: Int, b: Int) -> Int;
        fn max_int(a: Int, b: Int) -> Int;
        fn pi() -> Float;
    }
    module decimal {
        fn to_float(d: Decimal) -> Float;
        fn format(d: Decimal, places: Int) -> String;
        fn from_int(i: Int) -> Decimal;
        fn from_float(f: Float) -> Decimal;
        fn to_int(d: Decimal) -> Int;
    }
    module time {
        fn monotonic() -> Duration;
        fn monotonic_ns() -> Int;
        fn sleep(d: Duration);
        fn now() -> Int;
        fn now_ms() -> Int;
        fn time_from_unix(n: Int) -> Time;
        fn parse_iso8601(s: String) -> Int fallible(ParseError);
        fn can_parse_iso8601(s: String) -> Bool;
    }
    module env {
        fn args_count() -> Int;
        fn arg(i: Int) -> String;
        fn arg_or(i: Int, dflt: String) -> String;
        fn var(name: String) -> String;
        fn var_exists(name: String) -> Bool;
        fn var_or(name: String, dflt: String) -> String;
    }
    module process {
        type ProcessOutput { code: Int = 0; stdout: String = ""; stderr: String = ""; }
        fn pid() -> Int;
        fn exit(code: Int);
        fn rss_bytes() -> Int;
        fn dump_arena_residency() -> Int;
        fn dump_pool_residency() -> Int;
        fn run(argv: String) -> ProcessOutput fallible(IoError);
        fn spawn(argv: String) -> Int fallible(IoError);
        fn wait(c: Int) -> Int fallible(IoError);
        fn try_wait(c: Int) -> Int fallible(IoError);
        fn kill(c: Int) -> () fallible(IoError);
        fn write_stdin(c: Int, s: String) -> Int fallible(IoError);
        fn read_stdout(c: Int) -> String fallible(IoError);
        fn read_stderr(c: Int) -> String fallible(IoError);
        fn close_stdin(c: Int) -> () fallible(IoError);
    }
    module diag {
        fn heap_alloc_count() -> Int;
        fn syscall_count(name: String) -> Int;
    }
    module os {
        fn getrandom(n: Int) -> Bytes fallible(IoError);
        fn hostname() -> String;
    }
    module rand {
        fn next_int(max: Int) -> Int;
        fn next_float() -> Float;
        fn seed_from_time();
        fn seed(n: Int);
    }
    module crypto {
        fn sha1(b: Bytes) -> Bytes;
        fn sha256(b: Bytes) -> Bytes;
        fn sha512(b: Bytes) -> Bytes;
        fn hmac_sha256(key: Bytes, msg: Bytes) -> Bytes;
        fn hmac_sha512(key: Bytes, msg: Bytes) -> Bytes;
        fn crc32(b: Bytes) -> Int;
        fn hex(b: Bytes) -> String;
    }
    module text {
        fn is_alpha(c: Int) -> Bool;
        fn is_digit(c: Int) -> Bool;
        fn is_alnum(c: Int) -> Bool;
        fn is_whitespace(c: Int) -> Bool;
        fn is_word_char(c: Int) -> Bool;
        fn md_to_html(md: String) -> String;
        module base64 {
            fn encode(b: Bytes) -> String;
            fn decode(s: String) -> Bytes;
            fn url_encode(b: Bytes) -> String;
        }
        interface Sink {
            fn write(s: String);
            fn line(s: String);
            fn newline();
        }
        locus StdoutSink {
            fn write(s: String) { print(s); }
            fn line(s: String) { println(s); }
            fn newline() { println(""); }
        }
        locus StringSink {
            params { buf: String = ""; }
            fn write(s: String) { self.buf = self.buf + s; }
            fn line(s: String) { self.buf = self.buf + s + "\n"; }
            fn newline() { self.buf = self.buf + "\n"; }
            fn result() -> String { return self.buf; }
            fn clear() { self.buf = ""; }
        }
    }
    module io {
        module fs {
            fn read_file(path: String) -> String fallible(IoError);
            fn write_file(path: String, s: String) -> () fallible(IoError);
            fn write_file_append(path: String, s: String) -> Int fallible(IoError);
            fn read_bytes(path: String) -> Bytes fallible(IoError);
            fn write_bytes(path: String, b: Bytes) -> () fallible(IoError);
            fn file_size(path: String) -> Int fallible(IoError);
            fn mkdir(path: String) -> () fallible(IoError);
            fn rename(src: String, dst: String) -> () fallible(IoError);
            fn unlink(path: String) -> () fallible(IoError);
            fn mktemp(dir: String, prefix: String) -> String fallible(IoError);
            fn list_dir_count(path: String) -> Int fallible(IoError);
            fn list_dir_at(path: String, i: Int) -> String fallible(IoError);
            fn file_exists(path: String) -> Bool;
            fn is_dir(path: String) -> Bool;
        }
        module file {
            fn open(path: String, mode: String) -> Int fallible(IoError);
            fn read_line(f: Int) -> String;
            fn at_eof(f: Int) -> Bool;
            fn write_line(f: Int, s: String) -> () fallible(IoError);
            fn close(f: Int);
        }
        module stdin {
            fn read_line() -> String;
            fn read_line_status() -> Int;
            fn read_all() -> String;
            fn read_byte(fd: Int) -> Int;
        }
        module stdout {
            fn write_bytes(s: String) -> Int;
            fn flush();
        }
        module sockopt {
            fn IPPROTO_TCP() -> Int;
            fn TCP_NODELAY() -> Int;
            fn SOL_SOCKET() -> Int;
            fn SO_REUSEADDR() -> Int;
            fn SO_RCVBUF() -> Int;
            fn SO_SNDBUF() -> Int;
        }
        module tcp {
            type LogEvent { phase: String = ""; detail: String = ""; bytes: Int = 0; fd: Int = 0; }
            fn listen_socket(host: String, port: Int) -> Int fallible(IoError);
            fn connect(host: String, port: Int) -> Int fallible(IoError);
            fn accept_one(lfd: Int) -> Int fallible(IoError);
            fn __listen_socket(host: String, port: Int) -> Int;
            fn __connect(host: String, port: Int) -> Int;
            fn __accept_one(lfd: Int) -> Int;
            fn local_port(fd: Int) -> Int;
            fn recv_into(fd: Int, buf: std::bytes::BytesBuilder, max_bytes: Int) -> Int;
            fn recv_bytes(fd: Int, max_bytes: Int) -> Bytes fallible(IoError);
            fn recv(fd: Int, max_bytes: Int) -> String fallible(IoError);
            fn send_fd(fd: Int, b: Bytes) -> () fallible(IoError);
            fn send_str(fd: Int, s: String) -> () fallible(IoError);
            fn close_fd(fd: Int) -> Int;
            fn __close_fd(fd: Int) -> Int;
            fn __send(fd: Int, s: String) -> () fallible(IoError);
            fn set_recv_timeout(fd: Int, d: Duration) -> () fallible(IoError);
            fn set_send_timeout(fd: Int, d: Duration) -> () fallible(IoError);
            fn set_nodelay(fd: Int, on: Bool) -> () fallible(IoError);
            locus Stream {
                params { conn_fd: Int = -1; owns_fd: Bool = true; log_subject: String = ""; }
                fn send(s: String) -> () fallible(IoError) { std::io::tcp::send_str(self.conn_fd, s) or raise; }
                fn send_bytes(b: Bytes) -> () fallible(IoError) { std::io::tcp::send_fd(self.conn_fd, b) or raise; }
                fn recv(max_bytes: Int) -> String fallible(IoError) { return std::io::tcp::recv(self.conn_fd, max_bytes) or raise; }
                fn recv_bytes(max_bytes: Int) -> Bytes fallible(IoError) { return std::io::tcp::recv_bytes(self.conn_fd, max_bytes) or raise; }
                fn release_fd() -> Int { self.owns_fd = false; return self.conn_fd; }
                fn close() { if self.owns_fd && self.conn_fd >= 0 { std::io::tcp::close_fd(self.conn_fd); self.conn_fd = -1; } }
                dissolve() { if self.owns_fd && self.conn_fd >= 0 { std::io::tcp::close_fd(self.conn_fd); } }
            }
        }
        module udp {
            fn bind(host: String, port: Int) -> Int fallible(IoError);
            fn close(fd: Int) -> Int;
            fn set_recv_timeout(fd: Int, d: Duration) -> () fallible(IoError);
            fn set_send_timeout(fd: Int, d: Duration) -> () fallible(IoError);
            fn recv_into(fd: Int, buf: std::bytes::BytesBuilder, max_bytes: Int) -> Int;
            fn recv(fd: Int, max_bytes: Int) -> Bytes fallible(IoError);
            fn send_to(fd: Int, host: String, port: Int, b: Bytes) -> () fallible(IoError);
            fn join_group(fd: Int, group: String, iface: String) -> () fallible(IoError);
            fn leave_group(fd: Int, group: String, iface: String) -> () fallible(IoError);
            fn last_source_host() -> String;
            fn last_source_port() -> Int;
            fn get_option_int(fd: Int, level: Int, opt: Int) -> Int fallible(IoError);
            fn set_option_int(fd: Int, level: Int, opt: Int, v: Int) -> () fallible(IoError);
        }
        module tls {
            fn connect(host: String, port: Int) -> Int fallible(IoError);
            fn upgrade(fd: Int, host: String, verify: Bool) -> Int fallible(IoError);
            fn send_bytes(h: Int, b: Bytes) -> Int;
            fn recv_bytes(h: Int, max: Int) -> Bytes;
            fn close(h: Int);
        }
    }
    module json {
        type ArrayIter { element: String = ""; done: Bool = true; rest: String = ""; }
        type ArrayIterSpan { start: Int = 0; end_pos: Int = 0; next: Int = 0; done: Bool = true; }
        type JsonFieldRange { ok: Bool = false; start: Int = 0; end_pos: Int = 0; }
        fn escape_string(s: String) -> String;
        fn unescape_string(s: String) -> String;
        fn find_string_field(json: String, name: String) -> String;
        fn find_int_field(json: String, name: String) -> Int;
        fn find_float_field(json: String, name: String) -> Float;
        fn find_bool_field(json: String, name: String) -> Bool;
        fn find_field_raw(json: String, name: String) -> String;
        fn has_field(json: String, name: String) -> Bool;
        fn array_first(json: String) -> ArrayIter;
        fn array_next(it: ArrayIter) -> ArrayIter;
        fn array_first_span(json: String) -> ArrayIterSpan;
        fn array_next_span(it: ArrayIterSpan, json: String) -> ArrayIterSpan;
        fn iter_substring(it: ArrayIterSpan, json: String) -> String;
        fn iter_find_string_field(it: ArrayIterSpan, json: String, name: String) -> String;
        fn iter_find_field_raw(it: ArrayIterSpan, json: String, name: String) -> String;
        fn iter_find_field_range(it: ArrayIterSpan, json: String, name: String) -> JsonFieldRange;
        fn iter_find_string_field_range(it: ArrayIterSpan, json: String, name: String) -> JsonFieldRange;
        locus Builder {
            fn append_entry(acc: String, entry: String) -> String {
                if len(acc) == 0 { return entry; }
                return acc + ", " + entry;
            }
            fn wrap_array(inner: String) -> String { return "[" + inner + "]"; }
            fn wrap_object(inner: String) -> String { return "{" + inner + "}"; }
            fn string_field(name: String, v: String) -> String { return "\"" + std::json::escape_string(name) + "\": \"" + std::json::escape_string(v) + "\""; }
            fn int_field(name: String, v: Int) -> String { return "\"" + std::json::escape_string(name) + "\": " + to_string(v); }
            fn bool_field(name: String, v: Bool) -> String { return "\"" + std::json::escape_string(name) + "\": " + to_string(v); }
            fn quote(s: String) -> String { return "\"" + std::json::escape_string(s) + "\""; }
        }
    }
    module log {
        type LogEvent { level: Int = 0; msg: String = ""; path: String = ""; }
        locus Logger {
            params { name: String = "root"; parent_path: String = ""; full_path: String = ""; }
            bus { publish "log.**" of type LogEvent; }
            birth() {
                if len(self.parent_path) == 0 { self.full_path = self.name; }
                else { self.full_path = self.parent_path + "." + self.name; }
            }
            fn emit(level: Int, msg: String) {
                let subject = "log." + self.full_path;
                subject <- LogEvent { level: level, msg: msg, path: self.full_path };
            }
            fn info(msg: String) { self.emit(1, msg); }
            fn warn(msg: String) { self.emit(2, msg); }
            fn error(msg: String) { self.emit(3, msg); }
            fn debug(msg: String) { self.emit(4, msg); }
            fn trace(msg: String) { self.emit(5, msg); }
        }
        fn level_name(level: Int) -> String {
            return match level { 1 -> "INFO", 2 -> "WARN", 3 -> "ERROR", 4 -> "DEBUG", 5 -> "TRACE", _ -> "?", };
        }
        locus StdoutSink {
            bus { subscribe "log.**" as on_event of type LogEvent; }
            fn on_event(e: LogEvent) {
                let line = "[" + std::log::level_name(e.level) + " " + e.path + "] " + e.msg;
                if e.level == 2 || e.level == 3 { eprintln(line); } else { println(line); }
            }
        }
        locus ConsoleSink {
            params { color: Bool = true; show_time: Bool = true; }
            bus { subscribe "log.**" as on_event of type LogEvent; }
            fn on_event(e: LogEvent) {
                let line = std::log::level_name(e.level) + " " + e.path + " " + e.msg;
                if e.level == 2 || e.level == 3 { eprintln(line); } else { println(line); }
            }
        }
        locus FileSink {
            params { path: String = ""; max_size_bytes: Int = 10000000; keep_files: Int = 5; last_kind: String = ""; last_errno: Int = 0; last_path: String = ""; }
            bus { subscribe "log.**" as on_event of type LogEvent; }
            fn on_event(e: LogEvent) {
                std::io::fs::write_file_append(self.path, "[" + std::log::level_name(e.level) + " " + e.path + "] " + e.msg + "\n") or self.note(err);
            }
            fn note(e: IoError) -> Int { self.last_kind = e.kind; self.last_errno = e.errno; self.last_path = e.path; return 0; }
            fn last_error_kind() -> String { return self.last_kind; }
            fn last_error_errno() -> Int { return self.last_errno; }
            fn last_error_path() -> String { return self.last_path; }
        }
    }
    module cli {
        locus Resolver {
            params { env_prefix: String = "HALE_"; argv_keys: String = ""; }
            fn argv_position(key: String) -> Int {
                let mut pos = 1;
                let mut rest = self.argv_keys;
                while len(rest) > 0 {
                    let nl = std::str::index_of(rest, "\n");
                    let mut line = rest;
                    if nl < 0 { rest = ""; } else { line = rest[0..nl]; rest = rest[nl + 1..len(rest)]; }
                    if line == key { return pos; }
                    if len(line) > 0 { pos = pos + 1; }
                }
                return -1;
            }
            fn get(key: String, fallback: String) -> String {
                let pos = self.argv_position(key);
                if pos > 0 && std::env::args_count() > pos {
                    let v = std::env::arg(pos);
                    if len(v) > 0 { return v; }
                }
                let name = self.env_prefix + std::str::upper(key);
                if std::env::var_exists(name) {
                    let v = std::env::var(name);
                    if len(v) > 0 { return v; }
                }
                return fallback;
            }
            fn get_int(key: String, fallback: Int) -> Int {
                let s = self.get(key, "");
                if len(s) == 0 { return fallback; }
                return std::str::parse_int(s) or fallback;
            }
        }
    }
    module iter {
        locus Lines {
            fn next_idx(s: String, from: Int) -> Int {
                let total = len(s);
                if from < 0 || from >= total { return -1; }
                let nl = std::str::index_of(s[from..total], "\n");
                if nl < 0 { return total; }
                return from + nl + 1;
            }
            fn line_at(s: String, from: Int) -> String {
                let total = len(s);
                if from < 0 || from >= total { return ""; }
                let rest = s[from..total];
                let nl = std::str::index_of(rest, "\n");
                if nl < 0 { return rest; }
                return rest[0..nl];
            }
            fn is_skippable(line: String) -> Bool {
                if len(line) == 0 { return true; }
                return line[0..1] == "#";
            }
        }
    }
    module tagged {
        locus Accumulator {
            fn matches(line: String, tag: String) -> Bool {
                let n = len(tag);
                if len(line) < n + 1 { return false; }
                return line[0..n] == tag && line[n..n + 1] == ":";
            }
            fn bodies(acc: String, tag: String, sep: String, quote: Bool) -> String {
                let it = std::iter::Lines { };
                let mut from = 0;
                let mut out = "";
                let mut first = true;
                while from >= 0 {
                    let line = it.line_at(acc, from);
                    from = it.next_idx(acc, from);
                    if self.matches(line, tag) {
                        let mut body = line[len(tag) + 1..len(line)];
                        if quote { body = "\"" + body + "\""; }
                        if first { out = body; first = false; } else { out = out + sep + body; }
                    }
                }
                return out;
            }
            fn count(acc: String, tag: String) -> Int {
                let it = std::iter::Lines { };
                let mut from = 0;
                let mut n = 0;
                while from >= 0 {
                    let line = it.line_at(acc, from);
                    from = it.next_idx(acc, from);
                    if self.matches(line, tag) { n = n + 1; }
                }
                return n;
            }
            fn first_body(acc: String, tag: String) -> String {
                let it = std::iter::Lines { };
                let mut from = 0;
                while from >= 0 {
                    let line = it.line_at(acc, from);
                    from = it.next_idx(acc, from);
                    if self.matches(line, tag) { return line[len(tag) + 1..len(line)]; }
                }
                return "";
            }
            fn each_body(acc: String, tag: String) -> String { return self.bodies(acc, tag, "\n", false); }
            fn collect_csv(acc: String, tag: String) -> String { return self.bodies(acc, tag, ", ", false); }
            fn collect_array(acc: String, tag: String) -> String { return "[" + self.bodies(acc, tag, ", ", true) + "]"; }
        }
    }
    module name {
        locus Convention {
            params { strip: String = ".go"; }
            fn snake_to_camel(s: String) -> String { return std::name::__snake_to_camel(s); }
            fn camel_to_snake(s: String) -> String { return std::name::__camel_to_snake(s); }
            fn strip_extension(file: String) -> String {
                let fl = len(file);
                let xl = len(self.strip);
                if fl < xl { return file; }
                if file[fl - xl..fl] != self.strip { return file; }
                return file[0..fl - xl];
            }
            fn propose_locus_name(file: String) -> String {
                let stem = self.strip_extension(file);
                if len(stem) == 0 { return "?L"; }
                return self.snake_to_camel(stem) + "L";
            }
        }
        fn __snake_to_camel(s: String) -> String;
        fn __camel_to_snake(s: String) -> String;
    }
    module test {
        fn __passes() -> Int;
        fn __note_pass();
        fn __fail_trailer() {
            println("  (", std::test::__passes(), " earlier assertion(s) passed)");
        }
        fn assert(cond: Bool, msg: String) {
            if !cond {
                println("ASSERTION FAILED: ", msg);
                std::test::__fail_trailer();
                std::process::exit(1);
            }
            std::test::__note_pass();
        }
        fn assert_eq_int(actual: Int, expected: Int, msg: String) {
            if actual != expected {
                println("ASSERTION FAILED: ", msg);
                println("  expected: ", expected);
                println("  actual:   ", actual);
                std::test::__fail_trailer();
                std::process::exit(1);
            }
            std::test::__note_pass();
        }
        fn assert_eq_str(actual: String, expected: String, msg: String) {
            if actual != expected {
                println("ASSERTION FAILED: ", msg);
                println("  expected: \"", expected, "\"");
                println("  actual:   \"", actual, "\"");
                std::test::__fail_trailer();
                std::process::exit(1);
            }
            std::test::__note_pass();
        }
    }
    module term {
        type TermSize { cols: Int = 0; rows: Int = 0; }
        fn is_tty(fd: Int) -> Bool;
        fn size() -> TermSize;
    }
    module http {
        type Request { method: String = ""; path: String = ""; version: String = ""; headers: String = ""; body: String = ""; conn_fd: Int = -1; }
        type Response { status: Int = 200; body: String = ""; headers: String = ""; content_type: String = "text/plain"; takeover: Bool = false; takeover_raw: Bool = false; }
        interface Handler { fn handle(req: Request) -> Response; }
        fn parse_request(raw: String) -> Request;
        fn header(r: Request, name: String) -> String;
        fn write_response(resp: Response) -> String;
        fn status_phrase(status: Int) -> String;
        locus Server {
            params { port: Int = 8080; host: String = "127.0.0.1"; handler: Handler; ready_signal: String = ""; log_subject: String = ""; max_requests: Int = 0; }
            fn shutdown();
        }
        type RouteParams { names: String = ""; values: String = ""; qs: String = ""; }
        type Context { req: Request = Request { }; params: RouteParams = RouteParams { }; }
        interface RouteHandler { fn handle(ctx: Context) -> Response; }
        interface Middleware { fn before(ctx: Context) -> Context; fn after(ctx: Context, resp: Response) -> Response; }
        locus Router {
            fn add(method: String, pattern: String, h: RouteHandler);
            fn add_fn(method: String, pattern: String, f: fn(Context) -> Response);
            fn use(m: Middleware);
            fn dispatch(req: Request) -> Response;
            fn handle(req: Request) -> Response;
        }
        fn path_param(p: RouteParams, name: String) -> String;
        fn query_param(p: RouteParams, name: String) -> String;
        fn build_context(req: Request) -> Context;
        fn is_route(ctx: Context, method: String, pattern: String) -> Bool;
    }
    module yaml {
        locus Builder {
            fn pad(level: Int) -> String { return std::str::repeat("  ", level); }
            fn dash(level: Int) -> String { if level <= 0 { return "- "; } return std::str::repeat("  ", level - 1) + "- "; }
            fn quote(v: String) -> String { return "\"" + std::json::escape_string(v) + "\""; }
            fn field(level: Int, key: String, value: String) -> String { return self.pad(level) + key + ": " + value + "\n"; }
            fn field_q(level: Int, key: String, value: String) -> String { return self.pad(level) + key + ": " + self.quote(value) + "\n"; }
            fn nested_open(level: Int, key: String) -> String { return self.pad(level) + key + ":\n"; }
            fn list_item_first(level: Int, key: String, value: String) -> String { return self.dash(level) + key + ": " + value + "\n"; }
            fn list_item_first_q(level: Int, key: String, value: String) -> String { return self.dash(level) + key + ": " + self.quote(value) + "\n"; }
            fn list_scalar(level: Int, value: String) -> String { return self.dash(level) + value + "\n"; }
            fn list_scalar_q(level: Int, value: String) -> String { return self.dash(level) + self.quote(value) + "\n"; }
        }
        locus Reader {
            params { text: String = ""; }
            fn scalar(key: String) -> String { return std::yaml::__scalar(self.text, key); }
            fn list_count(key: String) -> Int { return std::yaml::__list_count(self.text, key); }
            fn list_item(key: String, i: Int) -> String { return std::yaml::__list_item(self.text, key, i); }
            fn nested(key: String) -> String { return std::yaml::__nested(self.text, key); }
        }
        fn __scalar(text: String, key: String) -> String;
        fn __list_count(text: String, key: String) -> Int;
        fn __list_item(text: String, key: String, i: Int) -> String;
        fn __nested(text: String, key: String) -> String;
    }
    module ts {
        fn parse_go(src: String) -> Int;
        fn root_node(t: Int) -> Int;
        fn node_kind(n: Int) -> String;
        fn node_text(n: Int) -> String;
        fn node_child_count(n: Int) -> Int;
        fn node_named_child_count(n: Int) -> Int;
        fn node_child(n: Int, i: Int) -> Int;
        fn node_named_child(n: Int, i: Int) -> Int;
        fn node_start_byte(n: Int) -> Int;
        fn node_end_byte(n: Int) -> Int;
        fn node_is_named(n: Int) -> Int;
    }
    module loom {
        fn thread_id() -> Int;
        fn thread_name() -> String;
        fn os_thread_id() -> Int;
    }
    module regex {
        fn matches(pattern: String, text: String) -> Bool;
        fn find(pattern: String, text: String) -> Int;
        fn valid(pattern: String) -> Bool;
    }
}
`;
