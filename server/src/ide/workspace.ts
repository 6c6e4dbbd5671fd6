/**
 * The workspace index: what the language service knows about every document
 * it has analysed, and the seam through which checks that need more than one
 * file (cluster-wide checks: cookie mismatches between nodes, port collisions,
 * mixed CAs) contribute findings to a document.
 *
 * A provider is registered once (`index.addProvider(p)`); after every
 * analysis the index tells the providers (`update`), and when the server
 * publishes a document's diagnostics it asks them for extra findings about it
 * (`findingsFor`). Providers are synchronous and pure over the snapshots they
 * were given; one that throws is skipped for that document and logged, never
 * fatal.
 *
 * A document analysed again is first `replace`d: its snapshot leaves the index
 * and every provider before the next analysis is made, so the previous one
 * (config, findings, text: for a big file with a syntax error on every line,
 * hundreds of MB) is garbage by then and the two are never in memory at once.
 * Replaced is not closed (`remove`): the document stays open and providers keep
 * what they cache across edits.
 */
import { NodeContainer } from '../emqx/container';
import { FileReader } from '../io';
import { EffectiveConfig } from '../model/types';
import { EnvOverride } from './engine';
import { EmqxVersion, Finding } from '../rules/types';
import { DocumentSettings } from './types';

/** What the index keeps per analysed document. */
export interface DocumentSnapshot {
  readonly uri: string;
  /** The file-system path when the document has one. */
  readonly path?: string;
  readonly version: number;
  readonly text: string;
  readonly dialect: string;
  readonly config?: EffectiveConfig;
  readonly emqxVersion?: EmqxVersion;
  readonly settings: DocumentSettings;
  /** The document's own findings (after overrides and suppressions). */
  readonly findings: readonly Finding[];
  /** The reader the analysis used (refuses everything in an untrusted workspace). */
  readonly reader: FileReader;
  readonly trusted: boolean;
}

export interface WorkspaceFindingsProvider {
  /** Shown in logs when the provider fails. */
  readonly name: string;
  /** A document was (re)analysed. */
  update?(snapshot: DocumentSnapshot, index: WorkspaceIndex): void;
  /** A document was closed or deleted. */
  remove?(uri: string, index: WorkspaceIndex): void;
  /**
   * A document is about to be analysed again (an edit, a settings change); the
   * next `update` brings its new snapshot. Until then the provider must keep
   * nothing that holds the previous snapshot: its config, findings, text or
   * reader. Unlike `remove`, the document stays open: caches that do not hold
   * them (analyses of other files) stay.
   */
  replaced?(uri: string, index: WorkspaceIndex): void;
  /**
   * Findings about `uri` that need other documents. Locations must be in
   * `uri`; related information may point anywhere. Severity overrides of the
   * document's settings are applied by the service afterwards.
   */
  findingsFor(uri: string, index: WorkspaceIndex): readonly Finding[];
  /**
   * How the node configured by `uri` is deployed: the `EMQX_*` environment
   * variables that apply to it (read from docker-compose files, `.env` files,
   * manifests) and whether it runs the official Docker image, or undefined
   * when the provider knows nothing. They are handed to the analysis, so
   * effective values, findings and the port hover follow them. `reader` is
   * the workspace's reader (it refuses everything in an untrusted workspace).
   */
  deploymentFor?(uri: string, reader: FileReader, index: WorkspaceIndex): NodeDeploymentInfo | undefined;
  /**
   * Every node that runs the config `uri` (a config mounted into three compose
   * services is three nodes), each with its effective config, for the port
   * hover; none when the provider knows of no deployment.
   */
  nodesFor?(uri: string, index: WorkspaceIndex): readonly DeployedNode[];
}

/** One node that runs a document's config, as a deployment sets it up. */
export interface DeployedNode {
  /** The deployment file and the unit in it (a compose service, a StatefulSet). */
  readonly deployment: { readonly file: string; readonly name: string };
  /** The node's effective config: the document under that deployment's variables. */
  readonly config: EffectiveConfig;
  readonly docker: boolean;
}

/** The environment a node runs with, as a provider found it. */
export interface NodeDeploymentInfo {
  readonly env: readonly EnvOverride[];
  /** Runs the official EMQX Docker image (which forces manual RPC port discovery). */
  readonly docker: boolean;
  /** The container it runs in, where the node reads its ssl_dist.conf (see AnalyzeInput.container). */
  readonly container?: NodeContainer;
}

export class WorkspaceIndex {
  private readonly docs = new Map<string, DocumentSnapshot>();
  private readonly providers: WorkspaceFindingsProvider[] = [];
  /**
   * The workspace folders (file-system paths) the editor opened: providers
   * look for files only inside them. None for a single file opened alone.
   */
  workspaceFolders: readonly string[] = [];

  constructor(private readonly log: (message: string) => void = () => undefined) {}

  addProvider(p: WorkspaceFindingsProvider): void {
    this.providers.push(p);
  }

  get hasProviders(): boolean {
    return this.providers.length > 0;
  }

  snapshot(uri: string): DocumentSnapshot | undefined {
    return this.docs.get(uri);
  }

  snapshots(): IterableIterator<DocumentSnapshot> {
    return this.docs.values();
  }

  update(s: DocumentSnapshot): void {
    this.docs.set(s.uri, s);
    for (const p of this.providers) this.guard(p, () => p.update?.(s, this));
  }

  remove(uri: string): void {
    this.docs.delete(uri);
    for (const p of this.providers) this.guard(p, () => p.remove?.(uri, this));
  }

  /** `uri` is about to be analysed again: its snapshot goes from the index and the providers (see the file header). */
  replace(uri: string): void {
    this.docs.delete(uri);
    for (const p of this.providers) this.guard(p, () => p.replaced?.(uri, this));
  }

  /**
   * The deployment the providers know for a document: their variables (later
   * providers win on the same name), and Docker when any says so.
   */
  deploymentFor(uri: string, reader: FileReader): NodeDeploymentInfo {
    const byName = new Map<string, EnvOverride>();
    let docker = false;
    let container: NodeContainer | undefined;
    for (const p of this.providers) {
      if (!p.deploymentFor) continue;
      this.guard(p, () => {
        const d = p.deploymentFor!(uri, reader, this);
        for (const e of d?.env ?? []) byName.set(e.name, e);
        docker = docker || d?.docker === true;
        container = d?.container ?? container;
      });
    }
    return container ? { env: [...byName.values()], docker, container } : { env: [...byName.values()], docker };
  }

  /** The nodes the providers know to run a document's config (see WorkspaceFindingsProvider.nodesFor). */
  nodesFor(uri: string): DeployedNode[] {
    const out: DeployedNode[] = [];
    for (const p of this.providers) {
      if (!p.nodesFor) continue;
      this.guard(p, () => {
        for (const n of p.nodesFor!(uri, this)) out.push(n);
      });
    }
    return out;
  }

  /** Every provider's findings about a document; a failing provider contributes none. */
  extraFindings(uri: string): Finding[] {
    const out: Finding[] = [];
    for (const p of this.providers) {
      this.guard(p, () => {
        for (const f of p.findingsFor(uri, this)) out.push(f);
      });
    }
    return out;
  }

  private guard(p: WorkspaceFindingsProvider, f: () => void): void {
    try {
      f();
    } catch (e) {
      this.log(`workspace provider ${p.name} failed: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
}
