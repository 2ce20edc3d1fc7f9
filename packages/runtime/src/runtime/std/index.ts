// The Hale standard library as Loom provides it (std::str, std::math, std::json, ...). Each module is a
// plain object of functions and native locus classes; the compiler maps `std::a::b` to `std.a.b` and takes
// the types from `signatures.ts`.

export const std: Record<string, any> = {};
