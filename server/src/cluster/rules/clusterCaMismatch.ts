/** The `cluster-ca-mismatch` rule: Node certificates do not chain to the same CA. */
import type { X509Certificate } from 'crypto';
import { chainsTo, inspectPem } from '../../certs/inspect';
import { t } from '../../l10n';
import { Finding, MessageArg as Arg, RuleMessages } from '../../rules/types';
import { ClusterNode, Located } from '../nodes';
import { ClusterRule, ClusterRuleContext, clusterFinding, disagreements, nodeLabel, nodeLabels, relatedAt } from './clusterCommon';

/** What this rule says, one function per kind of message (see RuleMessages). */
const messages = {
  caDiffers: (node: Arg, file: Arg, others: Arg) =>
    t(
      'The CA file of node {0} ({1}) holds different certificates from the CA file of {2}. gen_rpc accepts a peer only when its certificate chains to the local rpc.cacertfile, so nodes that trust different CAs refuse each other. Give every node the same private cluster CA.',
      node,
      file,
      others,
    ),
  certNotTrusted: (node: Arg, file: Arg, rejecting: Arg) =>
    t(
      'The RPC certificate of node {0} ({1}) does not chain to the CA that node(s) {2} trust (rpc.cacertfile). Those nodes will refuse its cluster RPC connections. Issue every node certificate from the same private cluster CA.',
      node,
      file,
      rejecting,
    ),
  caFileOfNode: (node: Arg) => t('The CA file of node {0}', node),
} satisfies RuleMessages;

interface NodeCerts {
  readonly node: ClusterNode;
  /** The CA bundle's certificates, when readable. */
  readonly cas?: X509Certificate[];
  /** The node's own certificate file (leaf first, then any chain), when readable. */
  readonly chain?: X509Certificate[];
}

function readCerts(node: ClusterNode): NodeCerts {
  const reader = node.input.reader;
  const read = (l: Located<string> | undefined): X509Certificate[] | undefined => {
    if (!reader || !l) return undefined;
    const text = reader.readText(l.value);
    if (text === undefined) return undefined;
    const certs = inspectPem(text).certificates;
    return certs.length > 0 ? [...certs] : undefined;
  };
  return { node, cas: read(node.cacertfile), chain: read(node.certfile) };
}

export const clusterCaMismatch: ClusterRule = {
  id: 'cluster-ca-mismatch',
  defaultSeverity: 'error',
  title: 'Node certificates do not chain to the same CA',
  messages,
  why:
    'With `rpc.protocol = ssl`, gen_rpc verifies every peer (mutual TLS, `verify_peer`) against the local `rpc.cacertfile` ' +
    'and does not check host names, so all nodes must trust the same private CA and every node certificate must be issued by it. ' +
    "The check compares the CA files by content (certificate fingerprints) and verifies each node's `rpc.certfile` against the " +
    "other nodes' CA files; it needs to read the files (trusted workspace, or the CLI).",
  fix: 'Issue all node certificates from one cluster CA (`emqx-cluster-security certs`) and give every node that CA.',
  fixKind: 'none',
  versions: { spans: [{ from: '4.4', to: '4.4' }, { from: '5.0' }] },
  references: [{ repo: 'emqx/gen_rpc', file: 'include/ssl.hrl', release: '3.5.1' }],
  check(ctx: ClusterRuleContext): Finding[] {
    const tls = ctx.nodes.filter((n) => n.rpcProtocol.value === 'ssl' && n.cacertfile);
    if (tls.length < 2) return [];
    const certs = tls.map(readCerts);
    const out: Finding[] = [];
    // 1. The CA bundles themselves: compared by content when every bundle could
    //    be read (the same path on two machines may hold different files, and
    //    different paths may hold the same CA).
    const withCas = certs.filter((c) => c.cas);
    const reported = new Set<ClusterNode>();
    if (withCas.length >= 2) {
      const fp = (c: NodeCerts): string =>
        (c.cas ?? [])
          .map((x) => x.fingerprint256)
          .sort()
          .join(',');
      const byNode = new Map(withCas.map((c) => [c.node, fp(c)]));
      for (const { node, others } of disagreements(
        withCas.map((c) => c.node),
        (n) => ({ ...n.cacertfile!, value: byNode.get(n) ?? '' }),
      )) {
        out.push(
          clusterFinding(
            clusterCaMismatch,
            node.cacertfile!,
            messages.caDiffers(nodeLabel(node), node.cacertfile!.value, nodeLabels(others)),
            others.slice(0, 3).map((o) => relatedAt(o, (n) => n.cacertfile!, messages.caFileOfNode(nodeLabel(o)))),
          ),
        );
        reported.add(node);
      }
    }
    // 2. Each node's own certificate must chain to every other node's CA,
    //    because every peer verifies it (mutual TLS is hard-wired in gen_rpc).
    for (const a of certs) {
      if (!a.chain || !a.node.certfile || reported.has(a.node)) continue;
      const [leaf, ...intermediates] = a.chain;
      // A node already reported for holding the odd CA file refuses everybody;
      // that is the same mistake, so it does not count against the others.
      const rejecting = certs.filter((b) => b !== a && b.cas && !reported.has(b.node) && !chainsTo(leaf, intermediates, b.cas));
      if (rejecting.length === 0) continue;
      out.push(
        clusterFinding(
          clusterCaMismatch,
          a.node.certfile,
          messages.certNotTrusted(nodeLabel(a.node), a.node.certfile.value, nodeLabels(rejecting.map((r) => r.node))),
          rejecting.slice(0, 3).map((r) => relatedAt(r.node, (n) => n.cacertfile!, messages.caFileOfNode(nodeLabel(r.node)))),
        ),
      );
    }
    return out;
  },
};
