/**
 * The real wiring of the language service: the rules layer's single entry
 * `analyzeDocument` as the Engine, and the EMQX key catalogue as the hover's
 * key documentation.
 */
import { DEFAULT_VERSION } from '../emqx/version';
import { isSecretKey } from '../emqx/catalogue';
import { keyInfo } from '../emqx/keys';
import { analyzeDocument } from '../rules/analyze';
import { CLUSTER_RULE_IDS } from '../cluster/rules';
import { Engine } from './engine';
import { KeyDocLookup } from './hover';

export const defaultEngine: Engine = (input) => {
  const s = input.settings;
  const result = analyzeDocument({
    uri: input.uri,
    text: input.text,
    lines: input.lines,
    reader: input.reader,
    trusted: input.trusted,
    settings: {
      emqxVersion: s.emqxVersion,
      docker: s.docker,
      rules: s.rules,
      includeDirs: s.includeDirs,
      pathMappings: s.pathMappings,
    },
    env: input.env,
    container: input.container,
    languageId: input.languageId,
    // Suppression comments may name the cluster rules, which the ide layer runs (ide/cluster.ts).
    extraRuleIds: CLUSTER_RULE_IDS,
  });
  return { findings: result.findings, config: result.config, dialect: result.dialect, version: result.version, internalErrors: result.internalErrors };
};

export const defaultKeyDocs: KeyDocLookup = (path, version) => {
  const info = keyInfo(path, version ?? DEFAULT_VERSION);
  if (!info) return undefined;
  return {
    description: info.description,
    default: info.default,
    allowed: info.allowed,
    exists: info.exists,
    note: info.note,
    aliasOf: info.alias !== undefined ? info.path : undefined,
    sensitive: info.path === 'node.cookie' || isSecretKey(path, version ?? DEFAULT_VERSION),
    type: info.type,
    since: info.since,
  };
};
