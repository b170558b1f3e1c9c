/**
 * The result of code generation: a plan of files, never written by the core. The CLI and the
 * extension hand a plan to the writer, which compares it with the disk and applies it.
 */

/** Which code generation target a model uses. */
export type CodegenTarget = 'emmett' | 'plain';

/**
 * Who owns a file. `generated` files are ours: rewritten whenever the model changes, removed when
 * their element is. `user` files are created once when absent and never touched again.
 */
export type FileOwner = 'generated' | 'user';

/** One file of the plan. */
export interface PlannedFile {
  /** Relative to the output folder, with `/` separators (for example `account.decider.ts`). */
  path: string;
  content: string;
  owner: FileOwner;
  /** The model element the file belongs to, for navigation from the model (absent for shared files). */
  element?: { kind: 'aggregate' | 'projection' | 'policy' | 'model'; name: string };
}

/** Where generated code goes and what it targets, as read from the model's `codegen` key. */
export interface CodegenSettings {
  /** The output folder, relative to the model file's folder. */
  out: string;
  target: CodegenTarget;
  /** Whether the model itself said where its code goes (then the editor generates on save). */
  declared: boolean;
}

/** A planned generation for one model. */
export interface GenerationPlan {
  settings: CodegenSettings;
  files: PlannedFile[];
}
