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
 */
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
   * Findings about `uri` that need other documents. Locations must be in
   * `uri`; related information may point anywhere. Severity overrides of the
   * document's settings are applied by the service afterwards.
   */
  findingsFor(uri: string, index: WorkspaceIndex): readonly Finding[];
  /**
   * The `EMQX_*` environment variables that apply to the node configured by
   * `uri` (read from docker-compose files, `.env` files, manifests), or none.
   * They are handed to the analysis, so effective values, findings and the
   * port hover follow them. `reader` is the workspace's reader (it refuses
   * everything in an untrusted workspace).
   */
  envFor?(uri: string, reader: FileReader): readonly EnvOverride[];
}

export class WorkspaceIndex {
  private readonly docs = new Map<string, DocumentSnapshot>();
  private readonly providers: WorkspaceFindingsProvider[] = [];

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

  /** The environment variables the providers know for a document (later providers win on the same name). */
  envFor(uri: string, reader: FileReader): EnvOverride[] {
    const byName = new Map<string, EnvOverride>();
    for (const p of this.providers) {
      if (!p.envFor) continue;
      this.guard(p, () => {
        for (const e of p.envFor!(uri, reader)) byName.set(e.name, e);
      });
    }
    return [...byName.values()];
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
