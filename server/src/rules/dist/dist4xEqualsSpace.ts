/** The `dist-4x-equals-space` rule: EMQX 4.x: cluster.proto_dist needs a space after "=". */
import { t } from '../../l10n';
import { Finding, MessageArg as Arg, Rule, RuleContext, RuleMessages } from '../types';
import { finding, getEntry, isInDocument, linesOf, scalarText } from '../util';

/** What this rule says, one function per kind of message (see RuleMessages). */
const messages = {
  emqx4X: (arg0: Arg) => t('EMQX 4.x bin/emqx reads cluster.proto_dist by splitting the line on "= ", so without a space after "=" the node cannot start distribution. Write cluster.proto_dist = {0}.', arg0),
  writeClusterProtoDist: () => t('Write "cluster.proto_dist = …" with spaces'),
} satisfies RuleMessages;

export const dist4xEqualsSpace: Rule = {
  id: 'dist-4x-equals-space',
  defaultSeverity: 'error',
  title: 'EMQX 4.x: cluster.proto_dist needs a space after "="',
  messages,
  why:
    'Reports `cluster.proto_dist=inet_tls` written without a blank after `=` in a 4.x file. ' +
    'The 4.x `bin/emqx` does not ask cuttlefish for this key: it greps `etc/emqx.conf` and splits the line on "= " (equals and a space), so without the space it gets a garbage module name and distribution cannot start.',
  fix: 'Write `cluster.proto_dist = inet_tls` (a safe quick fix).',
  fixKind: 'safe',
  versions: {
    spans: [{ from: '4.0', to: '4.4' }],
    note: 'Found by reading `bin/emqx`, not by running it.',
  },
  references: [
    { repo: 'emqx/emqx', file: 'bin/emqx', release: 'v4.4.19' },
  ],
  check(ctx: RuleContext): Finding[] {
    if (ctx.document.dialect !== 'cuttlefish') return [];
    const entry = getEntry(ctx, 'cluster.proto_dist');
    if (!entry || !isInDocument(ctx, entry.setBy)) return [];
    const v = entry.setBy.valueLocation.range.start;
    const line = linesOf(ctx).lineText(v.line) ?? '';
    const eq = line.lastIndexOf('=', v.character - 1);
    if (eq < 0 || line[eq + 1] === ' ') return [];
    return [
      finding(dist4xEqualsSpace, ctx, entry.setBy.location, messages.emqx4X(scalarText(entry.value) ?? ''), {
        keyPath: 'cluster.proto_dist',
        fixes: [
          {
            title: messages.writeClusterProtoDist(),
            edits: [{ uri: ctx.document.uri, range: { start: { line: v.line, character: eq }, end: v }, newText: '= ' }],
            isPreferred: true,
            safe: true,
          },
        ],
      }),
    ];
  },
};
