// What Validate Workspace Models found, in words: pure, for the notification and the log.

/** The outcome of a workspace check, for callers and tests. */
export interface WorkspaceSummary {
  /** Files checked (all that were found, unless cancelled). */
  files: number;
  /** Files found: more than `files` when the check was cancelled. */
  found: number;
  errors: number;
  warnings: number;
  infos: number;
  /** Checked files with at least one finding. */
  filesWithProblems: number;
  cancelled: boolean;
  /** The notification's text. */
  message: string;
}

export type Counts = Omit<WorkspaceSummary, 'message'>;

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/**
 * "Checked 12 files: 2 errors, 1 warning in 2 files", "Checked 12 files: no problems",
 * "Stopped after 5 of 12 files: ...", "No model or sample files in the workspace".
 */
export function summaryMessage(c: Counts): string {
  if (c.found === 0) return 'No model or sample files in the workspace.';
  const checked = c.cancelled ? `Stopped after ${c.files} of ${plural(c.found, 'file')}` : `Checked ${plural(c.files, 'file')}`;
  const parts = [
    c.errors > 0 ? plural(c.errors, 'error') : '',
    c.warnings > 0 ? plural(c.warnings, 'warning') : '',
    c.infos > 0 ? plural(c.infos, 'info', 'infos') : '',
  ].filter(Boolean);
  if (parts.length === 0) return `${checked}: no problems.`;
  return `${checked}: ${parts.join(', ')} in ${plural(c.filesWithProblems, 'file')}.`;
}

/** The summary of the findings of the checked files, by severity (`error`, `warning`, anything else an info). */
export function summarize(findings: ReadonlyArray<ReadonlyArray<'error' | 'warning' | 'info'>>, found: number, cancelled: boolean): WorkspaceSummary {
  const count = (s: string) => findings.reduce((n, list) => n + list.filter((x) => x === s).length, 0);
  const counts: Counts = {
    files: findings.length,
    found,
    errors: count('error'),
    warnings: count('warning'),
    infos: count('info'),
    filesWithProblems: findings.filter((list) => list.length > 0).length,
    cancelled,
  };
  return { ...counts, message: summaryMessage(counts) };
}
