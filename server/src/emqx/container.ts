/**
 * A node that runs in a container: what the deployment file shows of the
 * files the node reads there. EMQX's official images keep the release in
 * `/opt/emqx`, so the node reads `$EMQX_ETC_DIR/ssl_dist.conf` as
 * `/opt/emqx/etc/ssl_dist.conf` inside the container, never a file beside the
 * host's copy of its emqx.conf. That path holds the image's own file (the
 * release ships one: E58 `rebar.config.erl` copies `apps/emqx/etc/ssl_dist.conf`
 * to `etc/`, E44 lists `etc/ssl_dist.conf`) unless a host file or folder is
 * mounted over it.
 *
 * Pure path arithmetic over POSIX container paths; host paths are as the
 * deployment reader resolved them. No I/O.
 *
 * `mountsComplete` is true only where the deployment file shows every mount:
 * a compose service (unless it `extends:` another), a Kubernetes workload's pod
 * template, an Operator `EMQX` resource (emqx-operator's controller adds its
 * own mounts, none of them in etc but emqx.conf, and the template's
 * `extraVolumeMounts`). A Helm values file is not one: the chart's templates
 * decide the mounts.
 */
import * as path from 'path';

/** `$EMQX_ETC_DIR` in EMQX's official images (4.x, 5.x and 6.x alike). */
export const IMAGE_ETC_DIR = '/opt/emqx/etc';

/** The options file bin/emqx passes for TLS distribution when `EMQX_SSL_DIST_OPTFILE` is unset. */
export const IMAGE_SSL_DIST_CONF = `${IMAGE_ETC_DIR}/ssl_dist.conf`;

/**
 * A file's content that the deployment file itself holds (a key of a Kubernetes ConfigMap in
 * the same manifest), written as a block whose lines are the file's lines from `lineOffset` on,
 * at the deployment file's columns.
 */
export interface EmbeddedFile {
  /** The deployment file that holds the content. */
  readonly uri: string;
  readonly text: string;
  /** The deployment file's line of the content's first line. */
  readonly lineOffset: number;
  /** What holds it, for messages and ids (`ConfigMap/emqx-tls/ssl_dist.conf`). */
  readonly name: string;
}

/** One volume of the container: a host file or folder (`source`), content the deployment file holds (`content`), or content this machine cannot see (neither). */
export interface ContainerMount {
  /** The path inside the container, absolute, without a trailing slash. */
  readonly target: string;
  /** The host path (absolute) bound there; undefined for a named volume, a path under `~`, or any other source whose content is not known here. */
  readonly source?: string;
  /** The file's content, written in the deployment file itself (a ConfigMap key mounted as a file). */
  readonly content?: EmbeddedFile;
}

/** The container a node runs in, as far as its deployment file shows it. */
export interface NodeContainer {
  /** The image is one of EMQX's official images, whose etc folder holds the shipped ssl_dist.conf. */
  readonly officialImage: boolean;
  readonly mounts: readonly ContainerMount[];
  /**
   * Every mount is listed: a path under none of them is the image's. False when the
   * deployment may mount more than it shows (a compose service that `extends:` another,
   * a chart template's pod, a Helm values file, an Operator 4.x resource).
   */
  readonly mountsComplete: boolean;
}

/** What a path inside the container is. */
export type ContainerFile =
  /** A host file (`path`) mounted there, itself or inside a mounted folder (it may not exist). */
  | { readonly kind: 'host'; readonly path: string }
  /** A file whose content the deployment file holds (a ConfigMap key mounted there). */
  | { readonly kind: 'embedded'; readonly content: EmbeddedFile }
  /** The image's own file (or its absence): nothing is mounted over the path. */
  | { readonly kind: 'image' }
  /** Not known here (a named volume, mounts not all shown). */
  | { readonly kind: 'unknown' };

function normalizeTarget(target: string): string | undefined {
  if (!target.startsWith('/')) return undefined;
  const t = path.posix.normalize(target).replace(/\/+$/, '');
  return t === '' ? '/' : t;
}

/** The config file EMQX reads in its official images: `$EMQX_ETC_DIR/emqx.conf`. */
export const IMAGE_EMQX_CONF = `${IMAGE_ETC_DIR}/emqx.conf`;

/** A compose `volumes:` entry: the source as written ('' for an anonymous volume or a tmpfs), the container path. */
export interface ComposeVolume {
  /** The host side as written (`./node1/emqx.conf`, `C:\x`), a named volume, or '' when there is none. */
  readonly source: string;
  /** The path inside the container (`/opt/emqx/etc/emqx.conf`). */
  readonly target: string;
  /** Mounted read-only (`:ro`, `read_only: true`). */
  readonly readOnly?: boolean;
}

/**
 * A compose short-syntax volume, `[SOURCE:]TARGET[:MODE]`, split as docker compose splits it
 * (compose-go `loader/volume.go` ParseVolume): a colon right after a single letter belongs to
 * a Windows drive (`C:\x\emqx.conf:/opt/emqx/etc/emqx.conf:ro`); one field is an anonymous
 * volume's target. Undefined where compose refuses the entry (an empty field, a fourth one).
 */
export function parseComposeVolume(spec: string): ComposeVolume | undefined {
  const fields: string[] = [];
  let buffer = '';
  for (let i = 0; i <= spec.length; i++) {
    const ch = i < spec.length ? spec[i] : undefined;
    if (ch === ':' && buffer.length === 1 && /^[A-Za-z]$/.test(buffer)) {
      buffer += ch;
    } else if (ch === ':' || ch === undefined) {
      if (buffer === '' || fields.length === 3) return undefined;
      fields.push(buffer);
      buffer = '';
    } else {
      buffer += ch;
    }
  }
  if (fields.length === 1) return { source: '', target: fields[0] };
  const [source, target, mode] = fields;
  return mode !== undefined && mode.split(',').includes('ro') ? { source, target, readOnly: true } : { source, target };
}

/**
 * The host path a compose volume source names, as compose resolves it: relative to the compose
 * file's folder when it starts with `.` (with `/` or `\` separators alike), absolute when it
 * starts with `/` or is a Windows path (a drive letter or `\\server`, only on a Windows machine: on
 * any other it is not a path here). Undefined for a named volume, no source, or a path under `~`
 * (the home of whoever runs compose).
 */
export function composeHostPath(source: string, composeDir: string): string | undefined {
  if (source === '' || source.startsWith('~')) return undefined;
  if (/^[A-Za-z]:([\\/]|$)/.test(source) || source.startsWith('\\\\')) return path.sep === '\\' ? path.resolve(source) : undefined;
  if (source.startsWith('/')) return path.resolve(source);
  if (source.startsWith('.')) return path.resolve(composeDir, ...source.split(/[\\/]+/));
  return undefined;
}

/**
 * The mounts of a compose service from its `volumes:` entries (source as written and
 * interpolated, target), host paths resolved against the compose file's folder
 * (`composeHostPath`); any other source is content not known here.
 */
export function composeMounts(volumes: readonly ComposeVolume[], composeDir: string): ContainerMount[] {
  const out: ContainerMount[] = [];
  for (const v of volumes) {
    const target = normalizeTarget(v.target);
    if (!target) continue;
    const hostPath = composeHostPath(v.source, composeDir);
    out.push(hostPath ? { target, source: hostPath } : { target });
  }
  return out;
}

/**
 * Where the host file `hostPath` appears inside the container: the path under the mount that
 * shows it (the file itself, or inside a mounted folder), when no deeper mount hides it there.
 */
export function containerPathOf(mounts: readonly ContainerMount[], hostPath: string): string | undefined {
  const container: NodeContainer = { officialImage: false, mounts, mountsComplete: true };
  for (const m of mounts) {
    if (m.source === undefined) continue;
    const rel = path.relative(m.source, hostPath);
    if (rel.startsWith('..') || path.isAbsolute(rel)) continue;
    const at = rel === '' ? m.target : path.posix.join(m.target, ...rel.split(path.sep));
    const seen = containerFile(container, at);
    if (seen.kind === 'host' && path.resolve(seen.path) === path.resolve(hostPath)) return at;
  }
  return undefined;
}

/**
 * The host file a compose service's node reads as its emqx.conf: the one its mounts put at
 * `/opt/emqx/etc/emqx.conf` (the file itself, or in a folder mounted over etc or above).
 * bin/emqx reads `$EMQX_ETC_DIR/emqx.conf`, and `releases/emqx_vars` sets `EMQX_ETC_DIR` to
 * the release's etc folder whatever the environment says, so a config mounted anywhere else
 * (`/tmp/emqx.conf`) is not read.
 */
export function mountedConfigOf(mounts: readonly ContainerMount[]): string | undefined {
  const at = containerFile({ officialImage: false, mounts, mountsComplete: true }, IMAGE_EMQX_CONF);
  return at.kind === 'host' ? at.path : undefined;
}

/**
 * What the node finds at `containerPath` (absolute): the deepest mount over it decides, as
 * in the container's mount table; without one, the image's file when every mount is known.
 */
export function containerFile(container: NodeContainer, containerPath: string): ContainerFile {
  const p = normalizeTarget(containerPath);
  if (!p) return { kind: 'unknown' };
  let best: ContainerMount | undefined;
  for (const m of container.mounts) {
    const covers = m.target === p || m.target === '/' || p.startsWith(`${m.target}/`);
    if (covers && (!best || m.target.length >= best.target.length)) best = m;
  }
  if (best) {
    if (best.content) return best.target === p ? { kind: 'embedded', content: best.content } : { kind: 'unknown' };
    if (best.source === undefined) return { kind: 'unknown' };
    const rest = best.target === '/' ? p.slice(1) : p.slice(best.target.length + 1);
    return { kind: 'host', path: rest === '' ? best.source : path.join(best.source, ...rest.split('/')) };
  }
  return container.mountsComplete ? { kind: 'image' } : { kind: 'unknown' };
}

/**
 * The file names `docker compose` reads with no `-f`, in its order of preference: the first that
 * exists in the project folder is the base file.
 */
export const COMPOSE_BASE_NAMES = ['compose.yaml', 'compose.yml', 'docker-compose.yaml', 'docker-compose.yml'];

/** The override file names compose reads beside the base, in its order of preference (the first that exists). */
export const COMPOSE_OVERRIDE_NAMES = ['compose.override.yaml', 'compose.override.yml', 'docker-compose.override.yaml', 'docker-compose.override.yml'];

function firstExisting(dir: string, names: readonly string[], exists: (p: string) => boolean): string | undefined {
  for (const n of names) {
    const p = path.join(dir, n);
    if (exists(p)) return p;
  }
  return undefined;
}

/**
 * The override compose merges over a compose file when run without `-f`: the first override name
 * existing beside it, when the file is the base compose picks in its folder; otherwise none.
 */
export function composeOverrideOf(file: string, exists: (p: string) => boolean): string | undefined {
  const dir = path.dirname(file);
  if (!COMPOSE_BASE_NAMES.includes(path.basename(file)) || firstExisting(dir, COMPOSE_BASE_NAMES, exists) !== file) return undefined;
  return firstExisting(dir, COMPOSE_OVERRIDE_NAMES, exists);
}

/** The base compose file an override file is merged over, when it is one and a base exists beside it. */
export function composeBaseOf(file: string, exists: (p: string) => boolean): string | undefined {
  if (!COMPOSE_OVERRIDE_NAMES.includes(path.basename(file))) return undefined;
  const base = firstExisting(path.dirname(file), COMPOSE_BASE_NAMES, exists);
  return base !== undefined && composeOverrideOf(base, exists) === file ? base : undefined;
}

/**
 * Compose's merge of a sequence that it keys (`environment:` by variable name, `volumes:` by
 * container target, in list and map forms alike): the base's entries the override does not
 * redefine, in their order, then the override's. Entries without a key are kept from both.
 */
export function mergeComposeEntries<T>(base: readonly T[], override: readonly T[], key: (t: T) => string | undefined): T[] {
  const redefined = new Set(override.map(key).filter((k): k is string => k !== undefined));
  return [
    ...base.filter((t) => {
      const k = key(t);
      return k === undefined || !redefined.has(k);
    }),
    ...override,
  ];
}

/** The key compose merges `volumes:` entries by: the container path, without a trailing `/`. */
export function composeVolumeKey(v: ComposeVolume): string {
  return v.target.replace(/\/+$/, '') || '/';
}
