/**
 * The table of CLI commands. Each command is a module of its own (owned by
 * whoever builds it) exporting `run(args): Promise<number>`; adding a command
 * is one import and one row here.
 */
import { t } from '../l10n';
import * as certs from './certs';
import * as check from './check';
import * as ports from './ports';
import * as resolve from './resolve';

export interface CommandEntry {
  readonly name: string;
  /** One line for the top-level help, translated at call time. */
  summary(): string;
  run(args: string[]): Promise<number>;
}

export function commandTable(): CommandEntry[] {
  return [
    { name: 'check', summary: () => t('Check EMQX configs (files, folders, globs) file by file and across the cluster'), run: check.run },
    { name: 'resolve', summary: () => t('Print the effective configuration of a file as JSON, as EMQX reads it'), run: resolve.run },
    { name: 'certs', summary: () => t('Generate a private cluster CA, node certificates and ssl_dist.conf files'), run: certs.run },
    { name: 'ports', summary: () => t('Print the ports of node names and the firewall rules between them'), run: ports.run },
  ];
}
