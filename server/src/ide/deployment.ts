/**
 * The editor's view of a deployment file (docker-compose, Kubernetes
 * manifest, Helm values, EMQX Operator resource): the findings `check` reports
 * in that file, from the same node pipeline. A YAML document that is none of
 * these formats gets nothing (the editor registers for YAML documents
 * without claiming the language, so it must stay silent on everyone else's).
 * A compose override with its base beside it is read as compose runs it,
 * merged over the base: its findings are those of the base's nodes that land
 * in it.
 */
import { runPipeline } from '../cluster/pipeline';
import { isComposeFileName, isDeploymentCandidateName } from '../deploy/read';
import { deploymentSources } from '../deploy/sources';
import { composeBaseOf } from '../emqx/container';
import { FileReader } from '../io';
import { baseName } from '../model/paths';
import { applySeverities, AnalyzeSettings } from '../rules/analyze';
import { withoutSuppressed } from '../rules/suppress';
import { atDocumentStart } from '../rules/otherFiles';
import { comparePositions, Range } from '../syntax/position';
import { Finding } from '../rules/types';
import { EffectiveConfig } from '../model/types';

/** Languages VS Code and its extensions give YAML deployment files. */
const YAML_LANGUAGES = new Set(['yaml', 'dockercompose', 'helm', 'kubernetes', 'dockerfile']);

/** Whether a document is read as a possible deployment file rather than as EMQX config. */
export function isDeploymentDocument(uri: string, languageId: string | undefined): boolean {
  if (languageId !== undefined && YAML_LANGUAGES.has(languageId)) return true;
  return isDeploymentCandidateName(baseName(uri));
}

export interface DeploymentAnalysisInput {
  /** The document's id as the editor names it (a `file://` URI). */
  readonly uri: string;
  /** Its path on disk, when it has one: the readers find `.env` and mounted files beside it. */
  readonly path?: string;
  readonly text: string;
  readonly reader: FileReader;
  readonly settings: AnalyzeSettings;
}

/** A node of the document, for hovers: where its name is decided, and its effective config. */
export interface DeploymentNodeView {
  readonly name: string;
  readonly label: string;
  readonly range: Range;
  readonly config: EffectiveConfig;
  readonly docker: boolean;
}

export interface DeploymentAnalysis {
  /** The findings located in the document, its ranges in the document's terms. */
  readonly findings: Finding[];
  readonly nodes: DeploymentNodeView[];
}

/** The findings located in the document (see the file header) and its nodes. */
export function analyzeDeploymentDocument(input: DeploymentAnalysisInput): DeploymentAnalysis {
  const id = input.path ?? input.uri;
  const base = composeBaseOf(id, (p) => input.reader.exists(p));
  const baseText = base !== undefined ? input.reader.readText(base) : undefined;
  // An override is read through its base, with the document's text as the override's.
  const read = base !== undefined && baseText !== undefined ? { uri: base, text: baseText } : { uri: id, text: input.text };
  const reader: FileReader =
    read.uri === id ? input.reader : { ...input.reader, readText: (p) => (p === id ? input.text : input.reader.readText(p)), exists: (p) => p === id || input.reader.exists(p) };
  const deployments = deploymentSources([{ ...read, named: isComposeFileName(baseName(read.uri)) }], reader);
  if (!deployments.deploymentFiles.has(read.uri)) return { findings: [], nodes: [] };
  let own = deployments.findings;
  let found: Finding[] = [];
  const nodes: DeploymentNodeView[] = [];
  if (deployments.sources.length > 0) {
    const result = runPipeline({
      sources: deployments.sources,
      reader,
      settings: () => input.settings,
      clusterSeverities: input.settings.rules,
      placement: 'place',
    });
    found = deployments.relocate(result.findings);
    own = [...own, ...deployments.configFindings(result.analyses)];
    for (const a of result.analyses) {
      const v = a.source.env.find((x) => x.name === 'EMQX_NODE__NAME');
      const place = v?.location && v.location.uri === id ? v.location : undefined;
      if (!v || !place || !a.source.deployment) continue;
      nodes.push({ name: v.value, label: a.source.deployment.name, range: place.range, config: a.result.config, docker: a.source.docker });
    }
  }
  const all = [...found, ...withoutSuppressed(applySeverities(own, input.settings.rules), input.text, 'hocon')];
  const here = all.filter((f) => f.location.uri === id);
  // A value the YAML takes from another file (`${VAR}` from the .env, an env_file entry) is shown on
  // the YAML line that takes it, naming the file and line, as the editor shows included files.
  const vars = deployments.sources.flatMap((s) => s.env);
  for (const f of all) {
    if (f.location.uri === id) continue;
    const v = vars.find((x) => x.location?.uri === f.location.uri && sameRange(x.location.range, f.location.range));
    const yamlPlace = v && deployments.yamlPlaceOf(f.location);
    if (!yamlPlace) continue;
    here.push({ ...atDocumentStart(f, id), location: yamlPlace });
  }
  const findings = here.map((f) => ({
    ...f,
    location: { uri: input.uri, range: f.location.range },
    fixes: f.fixes?.map((x) => ({ ...x, edits: x.edits.map((e) => (e.uri === id ? { ...e, uri: input.uri } : e)) })),
  }));
  return { findings, nodes };
}

function sameRange(a: Range, b: Range): boolean {
  return comparePositions(a.start, b.start) === 0 && comparePositions(a.end, b.end) === 0;
}
