/**
 * The editor's view of a deployment file (docker-compose, Kubernetes
 * manifest, Helm values, EMQX Operator resource): the findings `check` reports
 * in that file, from the same node pipeline. A YAML document that is none of
 * these formats gets nothing (the editor registers for YAML documents
 * without claiming the language, so it must stay silent on everyone else's).
 */
import { runPipeline } from '../cluster/pipeline';
import { isComposeFileName, isDeploymentCandidateName } from '../deploy/read';
import { deploymentSources } from '../deploy/sources';
import { FileReader } from '../io';
import { baseName } from '../model/paths';
import { applySeverities, AnalyzeSettings } from '../rules/analyze';
import { withoutSuppressed } from '../rules/suppress';
import { atDocumentStart } from '../rules/otherFiles';
import { comparePositions, Range } from '../syntax/position';
import { Finding } from '../rules/types';

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

/** The findings located in the document, its ranges in the document's terms. */
export function analyzeDeploymentDocument(input: DeploymentAnalysisInput): Finding[] {
  const id = input.path ?? input.uri;
  const deployments = deploymentSources([{ uri: id, text: input.text, named: isComposeFileName(baseName(id)) }], input.reader);
  if (!deployments.deploymentFiles.has(id)) return [];
  const own = deployments.findings;
  let found: Finding[] = [];
  if (deployments.sources.length > 0) {
    const result = runPipeline({
      sources: deployments.sources,
      reader: input.reader,
      settings: () => input.settings,
      clusterSeverities: input.settings.rules,
      placement: 'place',
    });
    found = deployments.relocate(result.findings);
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
  return here.map((f) => ({
    ...f,
    location: { uri: input.uri, range: f.location.range },
    fixes: f.fixes?.map((x) => ({ ...x, edits: x.edits.map((e) => (e.uri === id ? { ...e, uri: input.uri } : e)) })),
  }));
}

function sameRange(a: Range, b: Range): boolean {
  return comparePositions(a.start, b.start) === 0 && comparePositions(a.end, b.end) === 0;
}
