/** Types of ensure-built.js (plain JavaScript: it runs before anything is compiled). */
export declare function ensureBuilt(log?: (line: string) => void): boolean;
export declare function staleReason(root?: string): string | undefined;
export declare function newestSource(root?: string): { path: string; mtimeMs: number } | undefined;
export declare const DIST: string;
export declare const STAMP: string;
