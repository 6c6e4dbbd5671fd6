/**
 * What the ide layer needs from the rules layer, as one function type. The
 * language service takes an Engine, so the wiring to the real rules
 * (`defaultEngine.ts`, over `rules/analyze.ts`) lives in one place and the
 * service itself depends only on the contracts in `rules/types.ts` and
 * `model/types.ts`.
 */
import { NodeContainer } from '../emqx/container';
import { FileReader } from '../io';
import { EffectiveConfig } from '../model/types';
import { LineIndex } from '../syntax/lineIndex';
import { Location } from '../syntax/position';
import { EmqxVersion, Finding } from '../rules/types';
import { DocumentSettings } from './types';

export interface EngineInput {
  /** The document's URI as the editor names it. */
  readonly uri: string;
  /** The document's file-system path when it has one (includes and siblings resolve against it). */
  readonly path?: string;
  readonly text: string;
  /** The service's line index of `text`: the rules and the model share it instead of building their own. */
  readonly lines?: LineIndex;
  /** The editor's language id (`emqx-conf`, `emqx-ssl-dist`, or whatever a generic client sends). */
  readonly languageId?: string;
  readonly settings: DocumentSettings;
  readonly reader: FileReader;
  readonly trusted: boolean;
  /**
   * `EMQX_*` environment variables known to apply to this node (from a
   * docker-compose file, a `.env`, a manifest), with where they were written.
   * EMQX reads them over the file.
   */
  readonly env?: ReadonlyArray<EnvOverride>;
  /**
   * The container a deployment runs the node in (a docker-compose service that mounts the
   * document): the node's ssl_dist.conf is the one there, not the file beside the document.
   */
  readonly container?: NodeContainer;
}

export interface EnvOverride {
  readonly name: string;
  /** Ignored when `unresolved`. */
  readonly value: string;
  readonly location?: Location;
  /**
   * The variable is set but its value cannot be seen (a Kubernetes Secret, an unset
   * `${VAR}` in docker-compose): the key counts as set, and its value is not judged.
   */
  readonly unresolved?: boolean;
}

export interface EngineOutput {
  /** Findings with severity overrides and suppression comments already applied. */
  readonly findings: readonly Finding[];
  /** The effective config, when the document is an EMQX config (not for ssl_dist.conf). */
  readonly config?: EffectiveConfig;
  /** `hocon` (5.x/6.x), `cuttlefish` (4.x), `ssl-dist` (ssl_dist.conf), as the rules layer named it. */
  readonly dialect: string;
  readonly version?: EmqxVersion;
  /** What failed inside the checker (names only): the findings are incomplete. */
  readonly internalErrors?: readonly string[];
}

export type Engine = (input: EngineInput) => EngineOutput;
