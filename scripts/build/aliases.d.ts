/** Types of aliases.js (plain JavaScript: the build runs it before anything is compiled). */
export interface AliasEntry {
  prefix: string;
  target: string;
  exact: boolean;
}
export declare function aliasTable(paths: Record<string, string[]>): AliasEntry[];
export declare function resolveAlias(table: AliasEntry[], specifier: string): string | undefined;
export declare function rewriteAliases(code: string, fileRel: string, table: AliasEntry[]): { code: string; rewritten: string[] };
