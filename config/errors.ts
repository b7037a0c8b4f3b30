/** One problem found in a config file, located by position and key path. */
export interface ConfigIssue {
  readonly file: string;
  /** 1-based line; 0 when the problem has no position (e.g. a file that cannot be read). */
  readonly line: number;
  /** 1-based column. */
  readonly col: number;
  /** Dotted key path, e.g. `ark.bootVolumeSizeGiB` or `ark.adminCidrs[1]`; empty for the whole file. */
  readonly keyPath: string;
  readonly message: string;
}

/** The one error format of the project: `file:line:col key.path: message`. */
export function formatIssue(issue: ConfigIssue): string {
  const where = `${issue.file}:${issue.line}:${issue.col}`;
  return issue.keyPath ? `${where} ${issue.keyPath}: ${issue.message}` : `${where}: ${issue.message}`;
}

/** Thrown by the loader with every issue found, not only the first. */
export class ConfigError extends Error {
  constructor(public readonly issues: readonly ConfigIssue[]) {
    super(issues.map(formatIssue).join('\n'));
    this.name = 'ConfigError';
  }
}
