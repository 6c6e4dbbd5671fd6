/**
 * `emqxClusterSecurity/status` (a request of our own, for the client's status
 * bar): the EMQX version a document is checked against and where it comes from
 * (the setting, the file itself, or the default), its dialect, and whether the
 * workspace is trusted. No document content and no secret is in the answer.
 */
import { formatVersion } from '../../emqx/version';
import { errorSummary } from '../../ide/service';
import { DocumentStatus, STATUS_REQUEST } from '../../ide/types';
import { Feature, ServerContext } from '../context';
import { documentUri } from '../params';

export async function onStatus(ctx: ServerContext, params: unknown): Promise<DocumentStatus | null> {
  try {
    const uri = documentUri(params);
    if (!uri) return null;
    const analysis = await ctx.checks.analysisFor(uri);
    if (!analysis) return null;
    const v = analysis.emqxVersion;
    return {
      version: v ? formatVersion(v) : undefined,
      versionSource: v?.source,
      dialect: analysis.dialect,
      trusted: ctx.state.trusted,
      enabled: analysis.settings.enable,
    };
  } catch (e) {
    ctx.logError(`status failed: ${errorSummary(e)}`);
    return null;
  }
}

export const status: Feature = {
  register: (ctx) => ctx.connection.onRequest(STATUS_REQUEST, (params: unknown) => onStatus(ctx, params)),
};
