/**
 * The contract of the rules layer. A rule is a pure function of a RuleContext
 * to findings; fixes are plain text edits. No LSP or VS Code types here: the
 * ide layer converts findings for the editor, the CLI prints them.
 */
import { FileReader } from '../io';
import { EffectiveConfig } from '../model/types';
import { ErlangTermsDocument } from '../syntax/erlangTerms';
import { LineIndex } from '../syntax/lineIndex';
import { Location, Range } from '../syntax/position';

export type Severity = 'error' | 'warning' | 'info' | 'hint';

export interface TextEdit {
  readonly uri: string;
  readonly range: Range;
  readonly newText: string;
}

export interface Fix {
  readonly title: string;
  readonly edits: readonly TextEdit[];
  /** The main fix of a finding (shown first, applied by Ctrl+. Enter). */
  readonly isPreferred?: boolean;
  /** Safe to apply without looking (offered by `source.fixAll`). */
  readonly safe?: boolean;
  /** An editor command to run instead of / after the edits (e.g. certificate generation). */
  readonly command?: { readonly id: string; readonly arguments?: readonly unknown[] };
}

export interface RelatedInfo {
  readonly location: Location;
  readonly message: string;
}

export interface Finding {
  readonly ruleId: string;
  readonly severity: Severity;
  /** What is wrong, why it matters, what to do. Never a secret's value. */
  readonly message: string;
  readonly location: Location;
  /** The key path the finding is about, dotted (`rpc.protocol`), when there is one. */
  readonly keyPath?: string;
  readonly related?: readonly RelatedInfo[];
  readonly fixes?: readonly Fix[];
}

/** The EMQX release line a config is checked against (defined with the other EMQX facts). */
export type { EmqxVersion } from '../emqx/version';
import type { EmqxVersion } from '../emqx/version';
import type { NodeContainer } from '../emqx/container';

export interface RuleContext {
  /** The effective config (all layers) of the document being checked. */
  readonly config: EffectiveConfig;
  readonly document: {
    readonly uri: string;
    readonly text: string;
    /** The line index of `text` shared with the model and the ide layer (rules build one when absent). */
    readonly lines?: LineIndex;
    /** 5.x/6.x HOCON, a 4.x cuttlefish file, or an Erlang-terms `ssl_dist.conf`. */
    readonly dialect: 'hocon' | 'cuttlefish' | 'ssl-dist';
    /**
     * The parsed terms when the document is an `ssl_dist.conf`. Its options are also in
     * `config` as `server.<option>` / `client.<option>` entries (strings and atoms as
     * strings), so path checks can treat it like any config.
     */
    readonly sslDist?: ErlangTermsDocument;
  };
  readonly version: EmqxVersion;
  /** The config runs under the official Docker image (forces rpc.port_discovery = manual). */
  readonly docker: boolean;
  /** Files next to the config (ssl_dist.conf, certificates); a refusing reader when untrusted. */
  readonly reader: FileReader;
  readonly trusted: boolean;
  /**
   * The `emqxClusterSecurity.pathMappings` setting: server path prefix →
   * local folder (variables such as `${workspaceFolder}` already expanded by
   * the caller). Lets the certificate checks find, in the workspace, files a
   * config names by their server path. Absent = no mappings.
   */
  readonly pathMappings?: Readonly<Record<string, string>>;
  /**
   * Dotted key paths (`node.cookie`) that an environment variable sets to a value that
   * cannot be seen here (a Kubernetes Secret, an unset `${VAR}` in docker-compose). The key
   * is set, and it wins over the files, so a rule must neither call it missing nor judge the
   * value a file gives it. Absent = none.
   */
  readonly unknownValues?: ReadonlySet<string>;
  /**
   * The `EMQX_*` variables that bin/emqx reads itself rather than as config keys
   * (`EMQX_SSL_DIST_OPTFILE`), and the cookie variables, which bin/emqx also reads
   * raw besides setting `node.cookie` (`COOKIE_ENV`), by upper-case name: the value (undefined when set
   * to a value that cannot be seen here) and where it was defined, when known.
   * Absent = none known.
   */
  readonly runtimeEnv?: ReadonlyMap<string, { readonly value?: string; readonly location?: Location }>;
  /**
   * The container the node runs in (AnalyzeInput.container): the files it reads from its etc
   * folder (ssl_dist.conf) are the container's, not those beside the document. Absent = the
   * node reads the files beside the document.
   */
  readonly container?: NodeContainer;
}

/**
 * EMQX releases, as `major.minor` or `major.minor.patch` (`4.4`, `5.3.1`);
 * `from` and `to` are inclusive, an absent end is open. `{ from: '4.4', to: '4.4' }`
 * is the 4.4 line only.
 */
export interface VersionSpan {
  readonly from?: string;
  readonly to?: string;
}

export interface RuleVersions {
  /** The releases the rule checks; empty = every release. */
  readonly spans: readonly VersionSpan[];
  /** How releases differ for this rule (a sentence or two of Markdown), when they do. */
  readonly note?: string;
}

/**
 * What the rule's quick fixes are: `safe` (at least one is offered by fix-all, it
 * cannot change what the node does beyond the fix), `unsafe` (edits to review
 * before applying), `none` (the user has to decide).
 */
export type FixKind = 'safe' | 'unsafe' | 'none';

/** Where in EMQX's source (or a dependency of it) the behaviour a rule relies on is written. */
export interface RuleReference {
  /** GitHub `owner/name`, e.g. `emqx/emqx`, `emqx/gen_rpc`. */
  readonly repo: string;
  /** The path in that repository. */
  readonly file: string;
  /** The tag or branch read (`v5.8.9`, `3.5.1`, `master`). */
  readonly release: string;
}

/**
 * A rule's messages: one function per kind of finding, each returning the
 * translated text (`t('…', args)`). Declaring them here, apart from `check`,
 * makes every message enumerable (l10n coverage, the "no secret in a message"
 * tests) and keeps detection and phrasing apart.
 */
export type RuleMessages = Readonly<Record<string, (...args: MessageArg[]) => string>>;

/** What a message may be given to fill its `{0}`, `{1}` placeholders: the arguments of `t()`. */
export type MessageArg = string | number | boolean;

/** Everything about a rule except how it checks: what the docs, settings, SARIF and the CLI read. */
export interface RuleMeta {
  /** Stable kebab-case id: the diagnostic code, the suppression and settings key. */
  readonly id: string;
  readonly defaultSeverity: Severity;
  /** One line. */
  readonly title: string;
  /** What the rule reports and why it matters. Markdown, one paragraph. */
  readonly why: string;
  /** What to do about a finding. Markdown, one paragraph. */
  readonly fix: string;
  readonly fixKind: FixKind;
  readonly versions: RuleVersions;
  readonly references?: readonly RuleReference[];
  readonly messages?: RuleMessages;
}

export interface Rule extends RuleMeta {
  check(ctx: RuleContext): Finding[];
}
