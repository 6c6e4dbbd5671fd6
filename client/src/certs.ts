/**
 * "EMQX: Generate Cluster Certificates": a few keyboard-only prompts (Enter
 * takes every default), then a private CA and per-node certificates, keys
 * (0600) and ssl_dist.conf written next to the config, then an offer to
 * switch the open emqx.conf to TLS as one undoable edit and to put the
 * node's ssl_dist.conf beside it, where EMQX reads it. The configs name the
 * files where they will be on the nodes (asked for; /etc/emqx/certs/cluster
 * by default), never where they were generated.
 *
 * All the logic is in server/src/certs (generation, layout, writing, the edit
 * builder), shared with the CLI and unit-tested there; this file only asks
 * and shows. The heavy modules are loaded when the command runs, not when the
 * extension activates.
 */
import * as path from 'path';
import * as vscode from 'vscode';
import type { KeyType } from '../../server/src/certs/generate';
import type { LoadedConfig } from '../../server/src/certs/configFile';
import type { CertificatePlan } from '../../server/src/certs/layout';
import type { GeneratedBundle } from '../../server/src/certs/generate';

const TITLE = () => vscode.l10n.t('Generate Cluster Certificates');
const CONFIG_LANGUAGE = 'emqx-conf';

/** The config the command works for: the argument (a quick fix passes it), else the active emqx.conf. */
async function findConfigDocument(arg: unknown): Promise<vscode.TextDocument | undefined> {
  let uri: vscode.Uri | undefined;
  if (arg instanceof vscode.Uri) uri = arg;
  else if (typeof arg === 'string' && arg !== '') uri = vscode.Uri.parse(arg);
  if (uri) {
    try {
      return await vscode.workspace.openTextDocument(uri);
    } catch {
      return undefined;
    }
  }
  const active = vscode.window.activeTextEditor?.document;
  return active && active.languageId === CONFIG_LANGUAGE ? active : undefined;
}

function baseFolder(doc: vscode.TextDocument | undefined): string | undefined {
  if (doc && doc.uri.scheme === 'file') return path.dirname(doc.uri.fsPath);
  const folder = doc ? vscode.workspace.getWorkspaceFolder(doc.uri) : vscode.workspace.workspaceFolders?.[0];
  return folder && folder.uri.scheme === 'file' ? folder.uri.fsPath : undefined;
}

function splitList(value: string): string[] {
  return value
    .split(/[\s,]+/)
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

interface Answers {
  readonly outDir: string;
  readonly nodes: string[];
  readonly dns: string[];
  readonly ips: string[];
  readonly caDays: number;
  readonly days: number;
  readonly keyType: KeyType;
  /** Where each node folder will be on its node: the paths the configs name. */
  readonly installDir: string;
}

async function ask(doc: vscode.TextDocument | undefined, loaded: LoadedConfig | undefined): Promise<Answers | undefined> {
  const gen = await import('../../server/src/certs/generate');
  const { nodeNamesFromConfig } = await import('../../server/src/certs/nodeNames');
  const isIP = gen.isIpAddress;
  const steps = 6;
  const step = (n: number) => `${TITLE()} (${n}/${steps})`;
  const base = baseFolder(doc);

  const outInput = await vscode.window.showInputBox({
    title: step(1),
    prompt: vscode.l10n.t('Folder for the certificates (a CA folder and one folder per node are created in it)'),
    value: base ? path.join(base, 'certs') : '',
    ignoreFocusOut: true,
    validateInput: (v) =>
      v.trim() === ''
        ? vscode.l10n.t('Enter a folder.')
        : !path.isAbsolute(v.trim()) && !base
          ? vscode.l10n.t('Enter an absolute path (there is no workspace folder to resolve it against).')
          : undefined,
  });
  if (outInput === undefined) return undefined;
  const outDir = path.resolve(base ?? '', outInput.trim());

  const defaults = loaded ? nodeNamesFromConfig(loaded.config) : [];
  const nodesInput = await vscode.window.showInputBox({
    title: step(2),
    prompt: vscode.l10n.t('Node names, name@host, separated by commas (default: node.name and cluster.static.seeds of the config)'),
    value: defaults.join(', '),
    placeHolder: 'emqx@node1.example.com, emqx@node2.example.com',
    ignoreFocusOut: true,
    validateInput: (v) => {
      const names = splitList(v);
      if (names.length === 0) return vscode.l10n.t('Enter at least one node name.');
      for (const n of names) {
        const problem = gen.nodeNameProblem(n);
        if (problem) return vscode.l10n.t('"{0}" cannot be used: {1}', n, problem);
      }
      if (new Set(names).size !== names.length) return vscode.l10n.t('A node name is given twice.');
      return undefined;
    },
  });
  if (nodesInput === undefined) return undefined;

  const sanInput = await vscode.window.showInputBox({
    title: step(3),
    prompt: vscode.l10n.t('Extra DNS names and IP addresses for every node certificate, separated by commas (optional; the host of each node name is always included)'),
    value: '',
    placeHolder: vscode.l10n.t('e.g. backplane, 10.0.0.5'),
    ignoreFocusOut: true,
    validateInput: (v) => {
      for (const s of splitList(v)) if (!isIP(s) && !gen.isDnsName(s)) return vscode.l10n.t('"{0}" is neither a DNS name nor an IP address.', s);
      return undefined;
    },
  });
  if (sanInput === undefined) return undefined;
  const san = splitList(sanInput);

  type Validity = vscode.QuickPickItem & { caDays?: number; days?: number };
  const validityItems: Validity[] = [
    { label: vscode.l10n.t('CA 5 years, nodes 1 year'), description: vscode.l10n.t('the usual recipe'), caDays: 1825, days: 365 },
    { label: vscode.l10n.t('CA 10 years, nodes 2 years'), caDays: 3650, days: 730 },
    { label: vscode.l10n.t('CA 5 years, nodes 90 days'), description: vscode.l10n.t('for frequent rotation'), caDays: 1825, days: 90 },
    { label: vscode.l10n.t('Custom…') },
  ];
  const validity = await vscode.window.showQuickPick(validityItems, { title: step(4), placeHolder: vscode.l10n.t('Validity'), ignoreFocusOut: true });
  if (!validity) return undefined;
  let caDays = validity.caDays;
  let days = validity.days;
  if (caDays === undefined || days === undefined) {
    const dayCount = (v: string) => (/^\d+$/.test(v.trim()) && Number(v) >= 1 && Number(v) <= 36500 ? undefined : vscode.l10n.t('Enter a number of days from 1 to 36500.'));
    const ca = await vscode.window.showInputBox({ title: step(4), prompt: vscode.l10n.t('CA validity in days'), value: '1825', ignoreFocusOut: true, validateInput: dayCount });
    if (ca === undefined) return undefined;
    const node = await vscode.window.showInputBox({ title: step(4), prompt: vscode.l10n.t('Node certificate validity in days'), value: '365', ignoreFocusOut: true, validateInput: dayCount });
    if (node === undefined) return undefined;
    caDays = Number(ca);
    days = Number(node);
  }

  type KeyItem = vscode.QuickPickItem & { keyType: KeyType };
  const keyItem = await vscode.window.showQuickPick<KeyItem>(
    [
      { label: 'RSA 2048', description: vscode.l10n.t('works everywhere'), keyType: 'rsa' },
      { label: 'EC P-256', description: vscode.l10n.t('smaller and faster; OTP 20 or later'), keyType: 'ec' },
    ],
    { title: step(5), placeHolder: vscode.l10n.t('Key type'), ignoreFocusOut: true },
  );
  if (!keyItem) return undefined;

  const { DEFAULT_INSTALL_DIR, DOCKER_INSTALL_DIR } = await import('../../server/src/certs/configEdit');
  type InstallItem = vscode.QuickPickItem & { dir?: string };
  const packaged: InstallItem = { label: DEFAULT_INSTALL_DIR, description: vscode.l10n.t('EMQX installed from a deb or rpm package (etc folder /etc/emqx)'), dir: DEFAULT_INSTALL_DIR };
  const docker: InstallItem = { label: DOCKER_INSTALL_DIR, description: vscode.l10n.t('the Docker image, or a tarball in /opt/emqx (etc folder /opt/emqx/etc)'), dir: DOCKER_INSTALL_DIR };
  // The first item is the default: the Docker layout when the config says it runs there.
  const inDocker = vscode.workspace.getConfiguration('emqxClusterSecurity', doc?.uri).get<boolean>('docker') === true || /[\\/]opt[\\/]emqx[\\/]/.test(doc?.uri.fsPath ?? '');
  const installItem = await vscode.window.showQuickPick<InstallItem>([...(inDocker ? [docker, packaged] : [packaged, docker]), { label: vscode.l10n.t('Another folder on the nodes…') }], {
    title: step(6),
    placeHolder: vscode.l10n.t("Where will each node's files be on the node? The configs name them there."),
    ignoreFocusOut: true,
  });
  if (!installItem) return undefined;
  let installDir = installItem.dir;
  if (installDir === undefined) {
    const typed = await vscode.window.showInputBox({
      title: step(6),
      prompt: vscode.l10n.t('The folder on every node that will hold its cert.pem, key.pem, cacert.pem and ssl_dist.conf'),
      placeHolder: DEFAULT_INSTALL_DIR,
      ignoreFocusOut: true,
      validateInput: (v) => (path.posix.isAbsolute(v.trim()) || path.win32.isAbsolute(v.trim()) ? undefined : vscode.l10n.t('Enter an absolute path on the nodes.')),
    });
    if (typed === undefined) return undefined;
    installDir = typed.trim();
  }

  return {
    outDir,
    nodes: splitList(nodesInput),
    dns: san.filter((s) => !isIP(s)),
    ips: san.filter((s) => isIP(s)),
    caDays,
    days,
    keyType: keyItem.keyType,
    installDir,
  };
}

/**
 * Switches the config to TLS with the files of its own node, as one undoable
 * edit, and puts that node's ssl_dist.conf beside it (asking before it
 * replaces one). Returns the node whose files the config now names.
 */
async function offerConfigUpdate(doc: vscode.TextDocument, plan: CertificatePlan): Promise<string | undefined> {
  const { loadConfigForCerts } = await import('../../server/src/certs/configFile');
  const { ownNodeName } = await import('../../server/src/certs/nodeNames');
  const { configTlsUpdate } = await import('../../server/src/certs/configEdit');
  const { writeTextFile } = await import('../../server/src/certs/write');
  const loaded = loadConfigForCerts(doc.uri.toString(), doc.getText());
  if (loaded.dialect !== 'hocon') return undefined;
  const own = ownNodeName(loaded.config);
  let node = plan.nodes.find((n) => n.nodeName === own);
  if (!node) {
    const picked = await vscode.window.showQuickPick(
      plan.nodes.map((n) => ({ label: n.nodeName, node: n })),
      { title: TITLE(), placeHolder: vscode.l10n.t('node.name of {0} is not among the nodes: whose files should it use?', path.basename(doc.uri.fsPath)), ignoreFocusOut: true },
    );
    if (!picked) return undefined;
    node = picked.node;
  }
  const update = configTlsUpdate({ uri: doc.uri.toString(), text: doc.getText() }, doc.uri.fsPath, loaded.config, node);
  if (update.edits.length > 0) {
    const edit = new vscode.WorkspaceEdit();
    for (const e of update.edits) {
      const range = new vscode.Range(e.range.start.line, e.range.start.character, e.range.end.line, e.range.end.character);
      edit.replace(doc.uri, range, e.newText);
    }
    if (!(await vscode.workspace.applyEdit(edit))) {
      void vscode.window.showErrorMessage(vscode.l10n.t('{0} could not be updated; it was left as it was.', path.basename(doc.uri.fsPath)));
      return undefined;
    }
  }
  // EMQX reads etc/ssl_dist.conf beside emqx.conf: put this node's there.
  const fs = await import('fs');
  let current: string | undefined;
  try {
    current = fs.readFileSync(update.sslDist.path, 'utf8');
  } catch {
    current = undefined;
  }
  if (current !== update.sslDist.content) {
    let overwrite = false;
    if (current !== undefined) {
      const keep: vscode.MessageItem = { title: vscode.l10n.t('Keep the existing file'), isCloseAffordance: true };
      const replace: vscode.MessageItem = { title: vscode.l10n.t('Replace ssl_dist.conf') };
      const choice = await vscode.window.showWarningMessage(
        vscode.l10n.t(
          'There is an ssl_dist.conf next to {0} already. Replace it with the one for {1}, which uses the new certificates and verifies peers?',
          path.basename(doc.uri.fsPath),
          node.nodeName,
        ),
        { modal: true },
        keep,
        replace,
      );
      overwrite = choice === replace;
    }
    if (current === undefined || overwrite) {
      try {
        writeTextFile(update.sslDist.path, update.sslDist.content, { overwrite });
      } catch (err) {
        void vscode.window.showErrorMessage(vscode.l10n.t('{0} could not be written: {1}', update.sslDist.path, (err as Error).message));
      }
    }
  }
  return node.nodeName;
}

/** Asks before existing files are replaced; replacing a CA is a choice of its own, never the default. */
async function confirmReplacement(plan: CertificatePlan, outDir: string): Promise<{ overwrite: boolean; replaceCa: boolean } | undefined> {
  const { existingCaFiles, existingFiles } = await import('../../server/src/certs/write');
  const existing = existingFiles(plan);
  const existingCa = existingCaFiles(plan);
  if (existing.length === 0) return { overwrite: false, replaceCa: false };
  const shown =
    existing
      .slice(0, 8)
      .map((p) => path.relative(outDir, p))
      .join('\n') + (existing.length > 8 ? '\n…' : '');
  // The safe choice comes first: it is the one Enter and Escape take.
  const cancel: vscode.MessageItem = { title: vscode.l10n.t('Keep the existing files'), isCloseAffordance: true };
  if (existingCa.length > 0) {
    const replaceCa: vscode.MessageItem = { title: vscode.l10n.t('Replace the CA and every node certificate') };
    const choice = await vscode.window.showWarningMessage(
      vscode.l10n.t(
        '{0} holds a cluster CA already. Replacing it destroys the CA key: nodes that keep certificates of the old CA can no longer connect to nodes with the new ones until every node has its new files, and no more certificates can be issued from the old CA. To add nodes to a running cluster, keep this CA and choose another folder.',
        outDir,
      ),
      { modal: true, detail: shown },
      cancel,
      replaceCa,
    );
    return choice === replaceCa ? { overwrite: true, replaceCa: true } : undefined;
  }
  const overwrite: vscode.MessageItem = { title: vscode.l10n.t('Overwrite the node files') };
  const choice = await vscode.window.showWarningMessage(
    vscode.l10n.t('{0} file(s) exist already in {1}. Overwrite them? The old node keys and certificates are lost.', existing.length, outDir),
    { modal: true, detail: shown },
    cancel,
    overwrite,
  );
  return choice === overwrite ? { overwrite: true, replaceCa: false } : undefined;
}

/**
 * The command handler. `uri` is the config to work for: a vscode.Uri (explorer
 * or editor context), or a URI string (a quick fix of rpc-tls-files-missing passes
 * the document URI as a string); without it, the active emqx.conf.
 */
export async function generateCertificatesCommand(context: vscode.ExtensionContext, uri?: vscode.Uri | string): Promise<void> {
  // The context is part of the registered signature (kept for future use, e.g. remembering answers).
  void context;
  // Writing private keys into the workspace is only for folders the user trusts.
  if (!vscode.workspace.isTrusted) {
    const manage = vscode.l10n.t('Manage Workspace Trust');
    const choice = await vscode.window.showErrorMessage(
      vscode.l10n.t('Generating cluster certificates writes private keys into the workspace, so it needs a trusted workspace. Trust this workspace and run the command again.'),
      manage,
    );
    if (choice === manage) await vscode.commands.executeCommand('workbench.trust.manage');
    return;
  }

  const doc = await findConfigDocument(uri);
  const { loadConfigForCerts } = await import('../../server/src/certs/configFile');
  const loaded = doc ? loadConfigForCerts(doc.uri.toString(), doc.getText()) : undefined;
  const answers = await ask(doc, loaded);
  if (!answers) return;

  const { generateClusterCertificates } = await import('../../server/src/certs/generate');
  const { planCertificateFiles } = await import('../../server/src/certs/layout');
  const { writeCertificateFiles } = await import('../../server/src/certs/write');

  let plan: CertificatePlan;
  let bundle: GeneratedBundle;
  try {
    bundle = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Generating the cluster CA and {0} node certificate(s)…', answers.nodes.length) },
      () => generateClusterCertificates(answers),
    );
    plan = planCertificateFiles(bundle, answers.outDir, { installDir: answers.installDir });
  } catch (err) {
    void vscode.window.showErrorMessage(vscode.l10n.t('The certificates could not be generated: {0}', (err as Error).message));
    return;
  }

  const replacement = await confirmReplacement(plan, answers.outDir);
  if (!replacement) return;
  try {
    writeCertificateFiles(plan, replacement);
  } catch (err) {
    void vscode.window.showErrorMessage(vscode.l10n.t('The certificates could not be written (nothing was written): {0}', (err as Error).message));
    return;
  }
  if (bundle.nodesOutliveCa) {
    void vscode.window.showWarningMessage(
      vscode.l10n.t(
        'The node certificates are valid after the CA expires ({0}): from that day on peers refuse them. Generate them with a shorter validity, or a longer-lived CA.',
        bundle.ca.notAfter.toISOString().slice(0, 10),
      ),
    );
  }

  const update = vscode.l10n.t('Update {0}', doc ? path.basename(doc.uri.fsPath) : 'emqx.conf');
  const reveal = vscode.l10n.t('Reveal in Explorer');
  const actions = doc && loaded?.dialect === 'hocon' ? [update, reveal] : [reveal];
  const choice = await vscode.window.showInformationMessage(
    vscode.l10n.t(
      'Wrote a cluster CA and {0} node certificate(s) to {1}. Copy each node folder to {2} on its node; keep ca/ca.key offline (private keys have mode 0600).',
      plan.nodes.length,
      answers.outDir,
      answers.installDir,
    ),
    ...actions,
  );
  if (choice === update && doc) {
    const node = await offerConfigUpdate(doc, plan);
    if (node) {
      void vscode.window.showInformationMessage(
        vscode.l10n.t(
          "{0} now names the files of {1} in {2}, and its ssl_dist.conf is next to it. On every node: copy its folder to {2}, and its ssl_dist.conf to EMQX's etc folder (next to emqx.conf), or set EMQX_SSL_DIST_OPTFILE={3}.",
          path.basename(doc.uri.fsPath),
          node,
          answers.installDir,
          joinInstallPath(answers.installDir, 'ssl_dist.conf'),
        ),
      );
    }
  } else if (choice === reveal) await vscode.commands.executeCommand('revealInExplorer', vscode.Uri.file(plan.nodes[0]?.folder ?? answers.outDir));
}

/** A file in the install folder, with the separator style that folder uses. */
function joinInstallPath(dir: string, file: string): string {
  return /^[A-Za-z]:\\|^\\\\/.test(dir) ? path.win32.join(dir, file) : path.posix.join(dir, file);
}
