/**
 * The project files (`.emqx-cluster-security.yaml`) the open documents use,
 * read once and kept until one changes on disk. A project file applies to the
 * documents below its folder within the same workspace folder: the search
 * walks up from the document and never above its workspace folder, and a
 * document outside every workspace folder has none. Problems in a project
 * file are published as diagnostics on it (and logged), so a typo there shows
 * in the Problems panel instead of being silently ignored.
 */
import * as path from 'node:path';
import { IdeDiagnostic, DIAGNOSTIC_SOURCE } from '../ide/types';
import { toUri } from '../ide/uri';
import { PROJECT_FILE_NAME, ProjectFile, findProjectFile, loadProjectFile } from '../projectFile';

export const PROJECT_FILE_PROBLEM_CODE = 'project-file';

export interface ProjectFilesOptions {
  readonly exists: (p: string) => boolean;
  readonly readText: (p: string) => string | undefined;
  readonly publish: (uri: string, diagnostics: IdeDiagnostic[]) => void;
  readonly log: (message: string) => void;
}

export class ProjectFiles {
  /** By project file path; null: looked for and not readable. */
  private readonly files = new Map<string, ProjectFile | null>();
  /** Project files whose problems are on screen, so they can be cleared when fixed. */
  private readonly withProblems = new Set<string>();

  constructor(private readonly options: ProjectFilesOptions) {}

  /** The project file for the document at `documentPath`, looked for up to `workspaceFolder` (none without one). */
  forDocument(documentPath: string | undefined, workspaceFolder: string | undefined): ProjectFile | undefined {
    if (!documentPath || !workspaceFolder) return undefined;
    const file = findProjectFile(path.dirname(documentPath), this.options.exists, workspaceFolder);
    if (!file) return undefined;
    if (!this.files.has(file)) this.files.set(file, this.load(file));
    return this.files.get(file) ?? undefined;
  }

  /** Whether a changed file is a project file (its change must reload settings). */
  static isProjectFile(uriOrPath: string): boolean {
    return /[\\/]\.emqx-cluster-security\.yaml$/.test(uriOrPath) || uriOrPath === PROJECT_FILE_NAME;
  }

  /** Forgets every project file read; the next settings request reads them again. */
  clear(): void {
    this.files.clear();
  }

  private load(file: string): ProjectFile | null {
    const project = loadProjectFile(file, this.options.readText) ?? null;
    const problems = project?.problems ?? [];
    const uri = toUri(file);
    if (problems.length > 0) {
      for (const p of problems) this.options.log(`${file}:${p.range.start.line + 1}: ${p.message}`);
      this.withProblems.add(file);
      this.options.publish(
        uri,
        problems.map((p) => ({ range: p.range, severity: 1, code: PROJECT_FILE_PROBLEM_CODE, source: DIAGNOSTIC_SOURCE, message: p.message })),
      );
    } else if (this.withProblems.delete(file)) {
      this.options.publish(uri, []);
    }
    return project;
  }
}
