// The floor of bench/lsp.mjs: a language server that does nothing but what every
// server must, over the same transport (stdio, vscode-languageserver): it keeps
// the open documents in sync with incremental edits and answers each version with
// an empty publishDiagnostics. Edit → diagnostics against it is the cost of the
// protocol alone.
const { createConnection, TextDocuments, TextDocumentSyncKind } = require('vscode-languageserver/node');
const { TextDocument } = require('vscode-languageserver-textdocument');

const connection = createConnection(process.stdin, process.stdout);
const documents = new TextDocuments(TextDocument);
connection.onInitialize(() => ({ capabilities: { textDocumentSync: TextDocumentSyncKind.Incremental } }));
documents.onDidChangeContent((e) => {
  // Read the text as a real server would, so the edit is applied in full.
  void e.document.getText().length;
  void connection.sendDiagnostics({ uri: e.document.uri, version: e.document.version, diagnostics: [] });
});
documents.listen(connection);
connection.listen();
