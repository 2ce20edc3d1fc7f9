// The failure shapes compiled code can raise.
//
// - `HaleFail` carries a value error (`fail E`, a fallible std call) up the JS stack to the nearest `or`
//   disposition. It is a plain object, not an Error: a value error is control flow, so capturing a stack
//   trace for it would only cost time.
// - `HaleViolation` is the structural channel: a locus's closure fired (`violate`, an epoch check, a std
//   locus's own invariant). It unwinds to the boundary of the violating locus and is routed to its owner's
//   `on_failure`.
// - `HalePanic` is a hard failure (division by zero, index out of bounds, an unhandled value error reaching
//   the root). It ends the process with upstream's exit code, after a Hale-level report.
// - `HaleExit` unwinds for `std::process::exit(code)`.

export class HaleFail {
    constructor(
        public readonly payload: unknown,
        public readonly typeName: string,
    ) {}
}

export interface ViolationRecord {
    closure: string;
    epoch: string;
    locus: string;
    left: unknown;
    right: unknown;
    tolerance: unknown;
    diff: unknown;
    captures: string;
    detail: string;
}

export class HaleViolation {
    constructor(
        public readonly locus: object,
        public readonly record: ViolationRecord,
    ) {}
}

export class HalePanic extends Error {
    constructor(
        message: string,
        public readonly kind: string = 'panic',
        public readonly exitCode = 101,
    ) {
        super(message);
        this.name = 'HalePanic';
    }
}

export class HaleExit {
    constructor(public readonly code: number) {}
}

/** Raised when compiled code reaches a std function Loom does not provide (named, with its position). */
export class HaleUnsupported extends Error {
    constructor(what: string) {
        super(`unsupported: ${what} is not available in Loom`);
        this.name = 'HaleUnsupported';
    }
}
