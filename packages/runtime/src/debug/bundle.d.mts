export declare function buildDebugAdapter(outfile: string, opts?: { minify?: boolean; sourcemap?: boolean }): Promise<string>;
