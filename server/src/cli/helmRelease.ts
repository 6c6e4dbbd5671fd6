/**
 * `--release NAME` and `--namespace NS` (`check` and `ports`): the Helm release a values
 * file is installed as, which the values do not hold; with it the chart's names are known.
 */
import { t } from '../l10n';
import { HelmRelease } from '../deploy/helmChart';
import { ParsedArgs, stringOption, UsageError } from './args';

/** Helm's own checks of a release name (at most 53 characters) and Kubernetes' of a namespace. */
const RELEASE_NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const NAMESPACE = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** The release the flags give (namespace `default` when not given), or undefined without `--release`; a bad name is a usage error. */
export function releaseOption(parsed: ParsedArgs): HelmRelease | undefined {
  const releaseName = stringOption(parsed, 'release');
  const namespace = stringOption(parsed, 'namespace');
  if (releaseName !== undefined && (releaseName.length > 53 || !RELEASE_NAME.test(releaseName)))
    throw new UsageError(t('--release must be a Helm release name: lower-case letters, digits, - and ., at most 53 characters (got "{0}").', releaseName));
  if (namespace !== undefined && (namespace.length > 63 || !NAMESPACE.test(namespace)))
    throw new UsageError(t('--namespace must be a Kubernetes namespace: lower-case letters, digits and -, at most 63 characters (got "{0}").', namespace));
  return releaseName === undefined ? undefined : { name: releaseName, namespace: namespace ?? 'default' };
}
