/**
 * A Dockerfile built on EMQX's image as one node: the last stage's `FROM`
 * names the image (and so the version), its `ENV` instructions set the
 * variables (`ENV KEY=value KEY2="v 2"` and the old `ENV KEY value`), each
 * located on its line, and a `COPY`/`ADD` to /opt/emqx/etc/emqx.conf of a
 * file beside the Dockerfile is the node's config. `$VAR`/`${VAR}` take the
 * values of earlier `ARG` defaults and `ENV`s; anything else is set at build
 * time, so "set, value unknown". Line continuations (`\`) are followed.
 */
import * as path from 'path';
import { FileReader } from '../io';
import { EnvVar, isEmqxVar } from '../cluster/env';
import { Location } from '../syntax/position';
import { IMAGE_ETC_DIR } from '../emqx/container';
import { imageVersion, parseImage } from './image';
import { DeployNode } from './model';
import { nodeEnv } from './node';

export { isDockerfileName } from './fileNames';

interface Instruction {
  readonly keyword: string;
  /** The arguments with continuations joined; `offsets[i]` is the file offset of `args[i]`. */
  readonly args: string;
  readonly offsets: number[];
  readonly start: number;
}

function instructions(text: string): Instruction[] {
  const out: Instruction[] = [];
  let i = 0;
  while (i < text.length) {
    let end = text.indexOf('\n', i);
    if (end < 0) end = text.length;
    const line = text.slice(i, end).replace(/\r$/, '');
    const m = /^\s*([A-Za-z]+)\s+/.exec(line);
    if (!m || line.trimStart().startsWith('#')) {
      i = end + 1;
      continue;
    }
    let args = '';
    const offsets: number[] = [];
    let from = i + m[0].length;
    let lineEnd = end;
    for (;;) {
      let piece = text.slice(from, lineEnd).replace(/\r$/, '');
      const more = /\\\s*$/.test(piece);
      if (more) piece = piece.replace(/\\\s*$/, '');
      for (let k = 0; k < piece.length; k++) offsets.push(from + k);
      args += piece;
      if (!more || lineEnd >= text.length) break;
      from = lineEnd + 1;
      lineEnd = text.indexOf('\n', from);
      if (lineEnd < 0) lineEnd = text.length;
    }
    out.push({ keyword: m[1].toUpperCase(), args, offsets, start: i + line.length - line.trimStart().length });
    i = lineEnd + 1;
  }
  return out;
}

/** The `KEY=value` pairs of an ENV/ARG, with the offsets of key and value in `args`. */
function pairs(args: string): Array<{ key: string; value: string; from: number; valueFrom: number; to: number }> {
  const out: Array<{ key: string; value: string; from: number; valueFrom: number; to: number }> = [];
  const legacy = /^\s*([A-Za-z_][A-Za-z0-9_]*)\s+(?!\S*=)(.*)$/.exec(args);
  if (legacy && !/^\s*[A-Za-z_][A-Za-z0-9_]*=/.test(args)) {
    const from = args.indexOf(legacy[1]);
    const valueFrom = args.indexOf(legacy[2], from + legacy[1].length);
    out.push({ key: legacy[1], value: legacy[2].trim(), from, valueFrom, to: valueFrom + legacy[2].trimEnd().length });
    return out;
  }
  const re = /([A-Za-z_][A-Za-z0-9_.-]*)=("((?:[^"\\]|\\.)*)"|'([^']*)'|(\S*))/g;
  for (let m = re.exec(args); m; m = re.exec(args)) {
    const value = m[3] !== undefined ? m[3].replace(/\\(.)/g, '$1') : m[4] !== undefined ? m[4] : m[5];
    out.push({ key: m[1], value, from: m.index, valueFrom: m.index + m[1].length + 1, to: m.index + m[0].length });
  }
  return out;
}

function substitute(value: string, known: ReadonlyMap<string, string>): { value: string; exact: boolean } {
  let exact = true;
  const v = value.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}|\$([A-Za-z_][A-Za-z0-9_]*)/g, (_m, braced: string | undefined, def: string | undefined, bare: string | undefined) => {
    const name = braced ?? bare ?? '';
    const got = known.get(name);
    if (got !== undefined && got !== '') return got;
    if (def !== undefined) return def;
    exact = false;
    return '';
  });
  return { value: v, exact };
}

/** The node a Dockerfile builds, when it builds on EMQX (an EMQX image, EMQX_* variables or a copied emqx.conf). */
export function dockerfileNodes(uri: string, text: string, reader: FileReader, positionOf: (offset: number) => { line: number; character: number }, related: string[]): DeployNode[] {
  const list = instructions(text);
  const loc = (from: number, to: number): Location => ({ uri, range: { start: positionOf(from), end: positionOf(to) } });
  // Only the last stage runs.
  let stage = 0;
  list.forEach((ins, i) => {
    if (ins.keyword === 'FROM') stage = i;
  });
  const from = list[stage];
  if (!from || from.keyword !== 'FROM') return [];
  // ARGs before the first FROM may name the image (`FROM emqx/emqx:${VERSION}`).
  const known = new Map<string, string>();
  for (const ins of list.slice(0, stage)) {
    if (ins.keyword !== 'ARG') continue;
    for (const p of pairs(ins.args)) known.set(p.key, p.value);
  }
  const rawImage = from.args
    .trim()
    .split(/\s+/)
    .find((w) => !w.startsWith('--'));
  const imageText = rawImage ? substitute(rawImage, known) : undefined;
  const image = imageText?.exact ? parseImage(imageText.value) : undefined;
  const vars: EnvVar[] = [];
  let configPath: string | undefined;
  for (const ins of list.slice(stage + 1)) {
    if (ins.keyword === 'ARG') for (const p of pairs(ins.args)) known.set(p.key, p.value);
    if (ins.keyword === 'ENV') {
      for (const p of pairs(ins.args)) {
        const at = (k: number): number => ins.offsets[Math.min(k, ins.offsets.length - 1)] ?? ins.start;
        const s = substitute(p.value, known);
        known.set(p.key, s.value);
        if (!isEmqxVar(p.key)) continue;
        vars.push({
          name: p.key,
          value: s.value,
          source: 'image',
          location: loc(at(p.from), at(p.to - 1) + 1),
          valueLocation: loc(at(p.valueFrom), at(p.to - 1) + 1),
          unresolved: s.exact ? undefined : true,
        });
      }
    }
    if (ins.keyword === 'COPY' || ins.keyword === 'ADD') {
      const words = ins.args
        .trim()
        .split(/\s+/)
        .filter((w) => !w.startsWith('--'));
      const target = words[words.length - 1]?.replace(/\/+$/, '');
      const sources = words.slice(0, -1);
      if (sources.length === 1 && (target === `${IMAGE_ETC_DIR}/emqx.conf` || target === IMAGE_ETC_DIR)) {
        const host = path.resolve(path.dirname(uri), sources[0]);
        const candidate = target === IMAGE_ETC_DIR ? path.join(host, 'emqx.conf') : host;
        if (reader.readText(candidate) !== undefined) configPath = candidate;
      }
    }
  }
  const docker = image?.official ?? false;
  if (!docker && !configPath && vars.length === 0) return [];
  const version = imageVersion(image);
  const imageLocation = loc(from.start, from.offsets[from.offsets.length - 1] + 1);
  const env = nodeEnv({ vars, version, docker, addressStandIn: 'emqx', imageLocation });
  if (configPath) related.push(configPath);
  return [
    {
      format: 'dockerfile',
      file: uri,
      unit: 'image',
      label: path.basename(uri),
      cluster: uri,
      image,
      version,
      docker,
      env: env.env,
      unresolved: env.unresolved,
      config: configPath ? { kind: 'file', path: configPath } : { kind: 'image' },
      anchor: imageLocation,
      imageLocation,
    },
  ];
}
