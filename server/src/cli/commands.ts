/**
 * The table of CLI commands. Each command is a module of its own exporting
 * `run(args): Promise<number>`; adding a command is one row here.
 *
 * A command's module is required when the command runs, not when the CLI
 * starts: `check` in a CI job then never loads what only `certs` needs (the
 * X.509 stack, a bundle of its own: see scripts/build.mjs), and the bundler
 * defers each module's top-level code until this require.
 */
import { t } from '../l10n';

type CommandModule = { run(args: string[]): Promise<number> };

export interface CommandEntry {
  readonly name: string;
  /** One line for the top-level help, translated at call time. */
  summary(): string;
  run(args: string[]): Promise<number>;
}

export function commandTable(): CommandEntry[] {
  return [
    { name: 'check', summary: () => t('Check EMQX configs (files, folders, globs) file by file and across the cluster'), run: (a) => (require('./check') as CommandModule).run(a) },
    { name: 'resolve', summary: () => t('Print the effective configuration of a file as JSON, as EMQX reads it'), run: (a) => (require('./resolve') as CommandModule).run(a) },
    { name: 'certs', summary: () => t('Generate a private cluster CA, node certificates and ssl_dist.conf files'), run: (a) => (require('./certs') as CommandModule).run(a) },
    { name: 'ports', summary: () => t('Print the ports of node names and the firewall rules between them'), run: (a) => (require('./ports') as CommandModule).run(a) },
  ];
}
