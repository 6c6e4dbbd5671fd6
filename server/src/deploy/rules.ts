/**
 * Metadata of the findings about deployment files themselves (the YAML
 * could not be read; the image names no version), in the shape of the other
 * rules: the SARIF output, the severity settings and the generated rule docs
 * list them from `deployRules`.
 */
import { Rule } from '../rules/types';

export type DeployRuleInfo = Omit<Rule, 'check'>;

export const deployRules: readonly DeployRuleInfo[] = [
  {
    id: 'yaml-syntax',
    defaultSeverity: 'error',
    title: 'A deployment file is not valid YAML, or too large to read',
    docs:
      'Reports a docker-compose file, Kubernetes manifest, Helm values file or EMQX Operator resource that cannot be read: the first YAML syntax error (with its position), a file over 8 MiB, or aliases that expand beyond reason (a "billion laughs" file). ' +
      'Nothing else is reported for such a file, since nothing in it can be trusted to mean what it seems; docker compose and kubectl would refuse it as well. ' +
      'Fix: correct the syntax at the position shown (indentation, an unclosed quote or bracket, a tab). Versions: all.',
  },
  {
    id: 'image-version-assumed',
    defaultSeverity: 'hint',
    title: "The image tag names no EMQX version, so the newest known line is assumed",
    docs:
      'Reports an EMQX image without a version in its tag (`emqx/emqx:latest`, `emqx/emqx`, a digest or a custom tag), once per service or workload. ' +
      'Which checks apply depends on the EMQX line (4.x files are cuttlefish, 7.0 refuses a default cookie, 6.3 drops `rpc.insecure_fallback`), so the checker assumes the newest line it knows and says so. ' +
      '`latest` also changes under a running deployment: a restart can bring a new major version. ' +
      'Fix: pin the image to a version (`emqx/emqx:5.8.6`), or pass `--emqx-version`. Versions: all.',
  },
];

export const DEPLOY_RULE_IDS: readonly string[] = deployRules.map((r) => r.id);
