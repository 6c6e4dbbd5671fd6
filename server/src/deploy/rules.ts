/**
 * Metadata of the findings about deployment files themselves (the YAML
 * could not be read; the image names no version), the same `RuleMeta` as the
 * other rules (id, default severity, title, why, fix, versions, messages)
 * minus `check`: the deployment reader (sources.ts) reports them. The SARIF
 * output, the severity settings and the generated rule docs list them from
 * `deployRules`.
 */
import { t } from '../l10n';
import { MessageArg as Arg, RuleMessages, RuleMeta } from '../rules/types';
import { nodeNameRules } from './namingRules';

export type DeployRuleInfo = RuleMeta;

/** What `yaml-syntax` says, one function per kind of message. */
export const yamlSyntaxMessages = {
  tooLarge: (mib: Arg, max: Arg) => t('This file is too large to read as a deployment file ({0} MiB; at most {1} MiB are read). Nothing in it is checked.', mib, max),
  aliases: () => t('This file uses YAML aliases that expand beyond reason (a "billion laughs" file), so it is not read. Nothing in it is checked.'),
  invalid: (problem: Arg) => t('This file is not valid YAML: {0}. Nothing else in it is checked until the syntax is fixed.', problem),
} satisfies RuleMessages;

/** What `image-version-assumed` says. */
export const imageVersionMessages = {
  noVersion: (image: Arg, version: Arg, repository: Arg) =>
    t(
      'The image {0} names no EMQX version, so the checks assume EMQX {1}, the newest line they know. Pin the version (e.g. {2}:5.8.6) so the checks and every restart use the one you run.',
      image,
      version,
      repository,
    ),
} satisfies RuleMessages;

export const deployRules: readonly DeployRuleInfo[] = [
  ...nodeNameRules,
  {
    id: 'yaml-syntax',
    defaultSeverity: 'error',
    title: 'A deployment file is not valid YAML, or too large to read',
    messages: yamlSyntaxMessages,
    why:
      'Reports a docker-compose file, Kubernetes manifest, Helm values file or EMQX Operator resource that cannot be read: the first YAML syntax error (with its position), a file over 8 MiB, or aliases that expand beyond reason (a "billion laughs" file). ' +
      'Nothing else is reported for such a file, since nothing in it can be trusted to mean what it seems; docker compose and kubectl would refuse it as well.',
    fix: 'Correct the syntax at the position shown (indentation, an unclosed quote or bracket, a tab).',
    fixKind: 'none',
    versions: { spans: [] },
  },
  {
    id: 'image-version-assumed',
    defaultSeverity: 'hint',
    title: 'The image tag names no EMQX version, so the newest known line is assumed',
    messages: imageVersionMessages,
    why:
      'Reports an EMQX image without a version in its tag (`emqx/emqx:latest`, `emqx/emqx`, a digest or a custom tag), once per service or workload. ' +
      'Which checks apply depends on the EMQX line (4.x files are cuttlefish, 7.0 refuses a default cookie, 6.3 drops `rpc.insecure_fallback`), so the checker assumes the newest line it knows and says so. ' +
      '`latest` also changes under a running deployment: a restart can bring a new major version.',
    fix: 'Pin the image to a version (`emqx/emqx:5.8.6`), or pass `--emqx-version`.',
    fixKind: 'none',
    versions: { spans: [] },
  },
];

export const DEPLOY_RULE_IDS: readonly string[] = deployRules.map((r) => r.id);
