export declare function buildLoom(): Promise<void>;
