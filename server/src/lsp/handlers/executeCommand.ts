/** workspace/executeCommand: the server's one command, opening a rule's documentation page. */
import { t } from '../../l10n';
import { SHOW_RULE_DOCS_COMMAND } from '../../ide/types';
import { Feature, ServerContext } from '../context';
import { isRecord } from '../params';

export async function onExecuteCommand(ctx: ServerContext, params: unknown): Promise<null> {
  if (!isRecord(params) || params.command !== SHOW_RULE_DOCS_COMMAND) return null;
  const first = Array.isArray(params.arguments) ? params.arguments[0] : undefined;
  const ruleId = typeof first === 'string' ? first : '';
  const href = ctx.docsHref(ruleId);
  const { window } = ctx.connection;
  if (!href) {
    void window.showWarningMessage(t('No documentation page was found for {0}.', ruleId));
    return null;
  }
  if (ctx.state.hasShowDocument) {
    await window.showDocument({ uri: href, takeFocus: true }).catch(() => undefined);
  } else {
    void window.showInformationMessage(t('Documentation for {0}: {1}', ruleId, href));
  }
  return null;
}

export const executeCommand: Feature = {
  capabilities: { executeCommandProvider: { commands: [SHOW_RULE_DOCS_COMMAND] } },
  register: (ctx) => ctx.connection.onExecuteCommand((params) => onExecuteCommand(ctx, params)),
};
