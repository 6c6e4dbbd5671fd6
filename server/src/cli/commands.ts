/**
 * The table of CLI commands. Each command is a module of its own exporting
 * `run(args): Promise<number>`; adding a command is one row here.
 *
 * `check`, the command CI runs, is part of the CLI's bundle. Each other command's
 * module is required when the command runs, not when the CLI starts: it is a bundle
 * of its own (dist/cli-certs.js, cli-ports.js, cli-resolve.js; see scripts/build.mjs),
 * so a `check` never compiles what only `certs` or `ports` needs. `check` itself is
 * imported, not required: the bundler then runs its modules' top-level code as the
 * bundle's own, which V8 compiles once with the bundle, where a module required
 * later is wrapped in a function that V8 parses a second time when it first runs.
 */
import { t } from '../l10n';
import * as check from './check';

type CommandModule = { run(args: string[]): Promise<number> };

export interface CommandEntry {
  readonly name: string;
  /** One line for the top-level help, translated at call time. */
  summary(): string;
  run(args: string[]): Promise<number>;
}

export function commandTable(): CommandEntry[] {
  return [
    { name: 'check', summary: () => t('Check EMQX configs (files, folders, globs) file by file and across the cluster'), run: (a) => check.run(a) },
    { name: 'resolve', summary: () => t('Print the effective configuration of a file as JSON, as EMQX reads it'), run: (a) => (require('./resolve') as CommandModule).run(a) },
    { name: 'certs', summary: () => t('Generate a private cluster CA, node certificates and ssl_dist.conf files'), run: (a) => (require('./certs') as CommandModule).run(a) },
    { name: 'ports', summary: () => t('Print the ports of node names and the firewall rules between them'), run: (a) => (require('./ports') as CommandModule).run(a) },
  ];
}
