/**
 * The ide layer's output types. They are plain data shaped exactly like the
 * Language Server Protocol's (same field names, same numeric severities and
 * 0-based UTF-16 positions), so the server can hand them to the connection
 * unchanged, while this layer never imports LSP packages: tests, the CLI and
 * benchmarks call the service directly.
 */
import { Location, Range } from '../syntax/position';
import { Severity } from '../rules/types';

/** LSP's DiagnosticSeverity numbers: Error 1, Warning 2, Information 3, Hint 4. */
export type DiagnosticSeverityNumber = 1 | 2 | 3 | 4;

export const SEVERITY_NUMBER: Record<Severity, DiagnosticSeverityNumber> = {
  error: 1,
  warning: 2,
  info: 3,
  hint: 4,
};

/** The diagnostic `source` every finding of this product carries. */
export const DIAGNOSTIC_SOURCE = 'emqx-cluster-security';

export interface IdeDiagnosticRelated {
  readonly location: Location;
  readonly message: string;
}

export interface IdeDiagnostic {
  readonly range: Range;
  readonly severity: DiagnosticSeverityNumber;
  /** The rule id (or the engine's problem code, e.g. `hocon-syntax`). */
  readonly code: string;
  readonly source: string;
  readonly message: string;
  readonly codeDescription?: { readonly href: string };
  readonly relatedInformation?: readonly IdeDiagnosticRelated[];
}

/** The client's "Check Workspace" request (see lsp/handlers/checkWorkspace.ts). */
export const CHECK_WORKSPACE_REQUEST = 'emqxClusterSecurity/checkWorkspace';

/** What a workspace check did (counts only: no file content, no secret). */
export interface WorkspaceCheckSummary {
  /** False: the workspace is not trusted, nothing was read. */
  readonly trusted: boolean;
  /** EMQX files checked (open ones included: they keep their own diagnostics). */
  readonly files: number;
  /** Files given diagnostics by this check that have at least one problem. */
  readonly filesWithProblems: number;
  /** Problems published for files that are not open. */
  readonly problems: number;
  /** More files than the limit: the rest were not checked. */
  readonly truncated: boolean;
}

export interface IdeTextEdit {
  readonly range: Range;
  readonly newText: string;
}

/** LSP's WorkspaceEdit in its `changes` form: URI → edits. */
export interface IdeWorkspaceEdit {
  readonly changes: { readonly [uri: string]: readonly IdeTextEdit[] };
}

export interface IdeCommand {
  readonly title: string;
  readonly command: string;
  readonly arguments?: readonly unknown[];
}

export interface IdeCodeAction {
  readonly title: string;
  /** `quickfix`, `source.fixAll.emqx-cluster-security`, … */
  readonly kind: string;
  readonly diagnostics?: readonly IdeDiagnostic[];
  readonly isPreferred?: boolean;
  readonly edit?: IdeWorkspaceEdit;
  readonly command?: IdeCommand;
}

export interface IdeHover {
  /** Markdown. */
  readonly contents: { readonly kind: 'markdown'; readonly value: string };
  readonly range: Range;
}

/** A clickable file name in the document (an include directive's file). */
export interface IdeDocumentLink {
  readonly range: Range;
  /** A file URI. */
  readonly target: string;
  readonly tooltip: string;
}

export const CODE_ACTION_KIND_QUICKFIX = 'quickfix';
export const CODE_ACTION_KIND_FIX_ALL = 'source.fixAll';
export const CODE_ACTION_KIND_FIX_ALL_OURS = 'source.fixAll.emqx-cluster-security';

/** The server command that opens a rule's documentation (executed by the server, which asks the client to show it). */
export const SHOW_RULE_DOCS_COMMAND = 'emqxClusterSecurity.showRuleDocumentation';

/** A per-rule severity override, as users write it in `emqxClusterSecurity.rules`. */
export type RuleLevel = 'off' | Severity;

/**
 * The settings of one document (VS Code `emqxClusterSecurity.*`, resource
 * scope), already validated. See `server/src/settings.ts` for how raw client
 * values become these.
 */
export interface DocumentSettings {
  readonly enable: boolean;
  /** `auto` or `MAJOR[.MINOR[.PATCH]]`. */
  readonly emqxVersion: string;
  readonly docker: boolean;
  readonly rules: Readonly<Record<string, RuleLevel>>;
  readonly includeDirs: readonly string[];
  readonly pathMappings: Readonly<Record<string, string>>;
}

export const DEFAULT_SETTINGS: DocumentSettings = Object.freeze({
  enable: true,
  emqxVersion: 'auto',
  docker: false,
  rules: Object.freeze({}),
  includeDirs: Object.freeze([]) as readonly string[],
  pathMappings: Object.freeze({}),
});

/** VS Code shows at most this many problems per file; we cap before it does and say so. */
export const MAX_DIAGNOSTICS_PER_FILE = 1000;
