/**
 * The VS Code side of EMQX Cluster Security: it starts the bundled language
 * server (dist/server.js) over IPC, tells it whether the workspace is trusted,
 * hands it the settings per resource, and offers the commands. All rule logic
 * lives in the server; this file only wires VS Code to it.
 */
import { ChildProcess } from 'child_process';
import * as os from 'os';
import * as vscode from 'vscode';
import { LanguageClient, LanguageClientOptions, RevealOutputChannelOn, ServerOptions } from 'vscode-languageclient/node';
import { generateCertificatesCommand } from './certs';
import { isRulePage, OPEN_RULE_DOCS_COMMAND, rulePageLink } from './ruleDocs';
import { registerStatusBar } from './statusBar';
import { checkWorkspaceCommand } from './checkWorkspace';
import { redactingChannel } from './trace';
import { debugging, endIfStillRunning, ServerLog, startServerProcess } from './serverProcess';
import { resolveSettings, SECTION, userSettings, VariableContext } from './settings';
import { WATCHED_FILES } from './watchedFiles';

const OUTPUT_CHANNEL = 'EMQX Cluster Security';
const LANGUAGES = ['emqx-conf', 'emqx-ssl-dist'];
/** Languages VS Code and the Docker extension give deployment files (`yaml`, `dockerfile` built in, `dockercompose`). */
const DEPLOYMENT_LANGUAGES = ['yaml', 'dockercompose', 'dockerfile'];

let client: LanguageClient | undefined;
/** The running server process, ended after a stop if it does not exit by itself. */
let serverProcess: ChildProcess | undefined;

/** What `activate` returns: lets the integration tests reach the running client. */
export interface ExtensionApi {
  /** The language client, once it has started (undefined if the server failed to start). */
  readonly client: () => LanguageClient | undefined;
}

export async function activate(context: vscode.ExtensionContext): Promise<ExtensionApi> {
  const output = vscode.window.createOutputChannel(OUTPUT_CHANNEL);
  context.subscriptions.push(output);

  const serverModule = context.asAbsolutePath('dist/server.js');
  // Started here rather than by the client's launcher, which logs a clean exit (every restart) as an error.
  const serverOptions: ServerOptions = async () => {
    const started = await startServerProcess(serverModule, serverLog(output), debugging() ? ['--nolazy', '--inspect=6009'] : []);
    serverProcess = started.process;
    return started;
  };

  const documentSelector = [
    ...LANGUAGES.flatMap((language) => [
      { scheme: 'file', language },
      { scheme: 'untitled', language },
    ]),
    // Deployment files (docker-compose, Kubernetes, Helm values, EMQX Operator resources) without
    // claiming their languages: Red Hat's YAML extension and the Docker extension keep them, and
    // the server stays silent on YAML files that are none of these formats.
    ...DEPLOYMENT_LANGUAGES.map((language) => ({ scheme: 'file', language })),
  ];

  const watcher = vscode.workspace.createFileSystemWatcher(WATCHED_FILES);
  context.subscriptions.push(watcher);

  const clientOptions: LanguageClientOptions = {
    documentSelector,
    outputChannel: output,
    // Verbose tracing prints whole messages: document text and fix edits are redacted (they hold cookies).
    traceOutputChannel: redactingChannel(output),
    // The server logs what it could not check; that must not pop the panel open while
    // the user types. "EMQX: Show Output" opens it on demand.
    revealOutputChannelOn: RevealOutputChannelOn.Never,
    // Evaluated at every (re)start, so a restart after trust is granted sends the new state.
    initializationOptions: () => ({
      trusted: vscode.workspace.isTrusted,
      settings: resolveSettings(plainSettings(undefined), variableContext(undefined)),
    }),
    synchronize: {
      configurationSection: SECTION,
      fileEvents: watcher,
    },
    middleware: {
      // Rule pages open rendered: the diagnostics' links and the server's showDocument go through the preview (ruleDocs.ts).
      handleDiagnostics: (uri, diagnostics, next) => next(uri, diagnostics.map(withPreviewLink)),
      window: {
        showDocument: async (params, next) => {
          if (isRulePage(params.uri)) {
            await openRulePage(params.uri);
            return { success: true };
          }
          const result = await next(params, new vscode.CancellationTokenSource().token);
          return 'success' in result ? result : { success: false };
        },
      },
      workspace: {
        // The server pulls settings per resource; expand ${workspaceFolder} and
        // friends here, where the folder of each resource is known.
        configuration: async (params, token, next) => {
          const result = await next(params, token);
          if (!Array.isArray(result)) return result;
          return result.map((value, i) => {
            const item = params.items[i];
            if (item?.section !== SECTION) return value;
            const scope = item.scopeUri ? vscode.Uri.parse(item.scopeUri) : undefined;
            return resolveSettings(plainSettings(scope), variableContext(scope));
          });
        },
      },
    },
  };

  client = new LanguageClient(SECTION, OUTPUT_CHANNEL, serverOptions, clientOptions);

  context.subscriptions.push(
    vscode.commands.registerCommand(`${SECTION}.restartServer`, () => restart(output)),
    vscode.commands.registerCommand(`${SECTION}.showOutput`, () => output.show(true)),
    vscode.commands.registerCommand(OPEN_RULE_DOCS_COMMAND, (uri: unknown) => (typeof uri === 'string' && isRulePage(uri) ? openRulePage(uri) : undefined)),
    vscode.commands.registerCommand(`${SECTION}.checkWorkspace`, () => checkWorkspaceCommand(client)),
    // From the command palette (no argument), the explorer or editor context (a Uri),
    // or a quick fix of rpc-tls-files-missing (the document URI as a string).
    vscode.commands.registerCommand(`${SECTION}.generateCertificates`, (uri?: vscode.Uri | string) => generateCertificatesCommand(context, uri)),
    // Untrusted, the server reads nothing but the open documents; once the user
    // trusts the workspace it must start over to read includes, siblings and certificates.
    vscode.workspace.onDidGrantWorkspaceTrust(() => {
      output.appendLine(vscode.l10n.t('Workspace trusted: restarting the language server to check included and related files.'));
      void restart(output);
    }),
  );

  try {
    await client.start();
    if (vscode.workspace.getConfiguration(SECTION).get('checkWorkspaceOnStart') === true) {
      void checkWorkspaceCommand(client, true).catch((err) => output.appendLine(vscode.l10n.t('Checking the workspace failed: {0}', err instanceof Error ? err.message : String(err))));
    }
  } catch (err) {
    reportStartFailure(output, err);
  }
  registerStatusBar(context, () => client);
  return { client: () => client };
}

export async function deactivate(): Promise<void> {
  const running = client;
  client = undefined;
  if (!running) return;
  try {
    await running.stop();
  } catch {
    // A server that never started, or already died, has nothing left to stop.
  }
  endIfStillRunning(serverProcess);
}

async function restart(output: vscode.OutputChannel): Promise<void> {
  if (!client) return;
  try {
    // restart() also starts a client that stopped after repeated crashes.
    const previous = serverProcess;
    await client.restart();
    endIfStillRunning(previous);
    output.appendLine(vscode.l10n.t('The EMQX Cluster Security language server was restarted.'));
  } catch (err) {
    reportStartFailure(output, err);
  }
}

function reportStartFailure(output: vscode.OutputChannel, err: unknown): void {
  const detail = err instanceof Error ? err.message : String(err);
  output.appendLine(vscode.l10n.t('The EMQX Cluster Security language server could not start: {0}', detail));
  const show = vscode.l10n.t('Show Output');
  void vscode.window.showErrorMessage(vscode.l10n.t('The EMQX Cluster Security language server could not start.'), show).then((choice) => {
    if (choice === show) output.show(true);
  });
}

/** Opens a rule page in the Markdown preview, or as text where the built-in Markdown extension is disabled. */
async function openRulePage(uri: string): Promise<void> {
  const page = vscode.Uri.parse(uri);
  try {
    await vscode.commands.executeCommand('markdown.showPreview', page);
  } catch {
    await vscode.window.showTextDocument(page);
  }
}

/** A diagnostic whose code links to a rule page, linked to the page's preview instead. */
function withPreviewLink(d: vscode.Diagnostic): vscode.Diagnostic {
  if (typeof d.code !== 'object' || !d.code.target) return d;
  const target = d.code.target.toString();
  const link = rulePageLink(target);
  if (link !== target) d.code = { value: d.code.value, target: vscode.Uri.parse(link, true) };
  return d;
}

/**
 * The `emqxClusterSecurity` settings the user set for a resource, as plain
 * JSON. Defaults are left out so the project file (.emqx-cluster-security.yaml)
 * applies wherever the user did not choose otherwise.
 */
function plainSettings(scope: vscode.Uri | undefined): unknown {
  // `null` (not undefined) asks for the value that applies to any resource, as VS Code expects for resource-scoped settings.
  const config = vscode.workspace.getConfiguration(SECTION, scope ?? null);
  return JSON.parse(
    JSON.stringify(
      userSettings(
        (key) => config.inspect(key),
        (key) => config.get(key),
      ),
    ),
  );
}

function serverLog(output: vscode.OutputChannel): ServerLog {
  return {
    info: (m) => output.appendLine(`[Info] ${m}`),
    error: (m) => output.appendLine(`[Error] ${m}`),
    append: (text) => output.append(text),
  };
}

function variableContext(scope: vscode.Uri | undefined): VariableContext {
  const folders = vscode.workspace.workspaceFolders ?? [];
  const folder = (scope && vscode.workspace.getWorkspaceFolder(scope)) ?? folders[0];
  const byName: Record<string, string> = {};
  for (const f of folders) byName[f.name] = f.uri.fsPath;
  return { workspaceFolder: folder?.uri.fsPath, workspaceFolders: byName, userHome: os.homedir() };
}
