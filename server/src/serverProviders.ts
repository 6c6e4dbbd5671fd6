/**
 * The cross-file checks the language server registers with its workspace
 * index (see `ide/workspace.ts`): each is a WorkspaceFindingsProvider that
 * adds findings needing more than one file (cluster-wide checks) and may
 * supply the `EMQX_*` environment variables of a node. This list is the one
 * place the server learns about them; the cluster module adds its provider here.
 */
import { WorkspaceFindingsProvider } from './ide/workspace';
import { createClusterProvider } from './ide/cluster';
import { listConfigs } from './clusterFiles';

export function defaultProviders(): WorkspaceFindingsProvider[] {
  return [createClusterProvider({ listConfigs })];
}
