/**
 * The table of CLI commands. Each command is a module of its own (owned by
 * whoever builds it) exporting `run(args): Promise<number>`; adding a command
 * is one import and one row here.
 */
import { t } from '../l10n';
import * as ports from './ports';
import * as resolve from './resolve';

export interface CommandEntry {
  readonly name: string;
  /** One line for the top-level help, translated at call time. */
  summary(): string;
  run(args: string[]): Promise<number>;
}

export function commandTable(): CommandEntry[] {
  // check and certs are added here as their modules land.
  return [
    { name: 'resolve', summary: () => t('Print the effective configuration of a file as JSON, as EMQX reads it'), run: resolve.run },
    { name: 'ports', summary: () => t('Print the ports of node names and the firewall rules between them'), run: ports.run },
  ];
}
