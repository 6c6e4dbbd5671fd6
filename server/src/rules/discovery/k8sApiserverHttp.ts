/** The `k8s-apiserver-http` rule: Kubernetes discovery talks to the API server over plain HTTP. */
import { t } from '../../l10n';
import { Finding, Rule, RuleContext, RuleMessages } from '../types';
import { finding, getEntry, isReportable, scalarText } from '../util';

/** What this rule says, one function per kind of message (see RuleMessages). */
const messages = {
  default: () => t('The Kubernetes API server is reached over plain HTTP: the service-account token sent with every discovery request can be read on the network. Use the https:// address.'),
} satisfies RuleMessages;

export const k8sApiserverHttp: Rule = {
  id: 'k8s-apiserver-http',
  defaultSeverity: 'warning',
  title: 'Kubernetes discovery talks to the API server over plain HTTP',
  messages,
  why:
    'Reports `cluster.k8s.apiserver` starting with `http://`. ' +
    "Every discovery request carries the pod's service-account bearer token, which then crosses the network in clear text. " +
    'The default is `https://kubernetes.default.svc:443`.',
  fix: 'Use the `https://` address of the API server.',
  fixKind: 'none',
  versions: { spans: [] },
  references: [
    { repo: 'emqx/emqx', file: 'apps/emqx_conf/src/emqx_conf_schema.erl', release: 'v5.8.9' },
    { repo: 'emqx/ekka', file: 'src/ekka_cluster_k8s.erl', release: '0.23.2' },
  ],
  check(ctx: RuleContext): Finding[] {
    if (ctx.document.dialect === 'ssl-dist') return [];
    const e = getEntry(ctx, 'cluster.k8s.apiserver');
    if (!e || !isReportable(e.setBy)) return [];
    if (!(scalarText(e.value) ?? '').trim().toLowerCase().startsWith('http://')) return [];
    return [finding(k8sApiserverHttp, ctx, e.setBy.valueLocation, messages.default(), { keyPath: 'cluster.k8s.apiserver' })];
  },
};
