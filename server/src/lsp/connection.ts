/**
 * The connection's message strategy: messages are made safe before the
 * library sees them, and the process outlives a bug in a handler.
 */
import { Connection, ConnectionOptions, Message } from 'vscode-languageserver/node';
import { errorSummary } from '../ide/service';
import { isRecord } from './params';

/**
 * An `initialize` request as the library expects it. vscode-languageserver reads
 * `params.trace` and `params.capabilities.workspace` itself before our handler runs, so a
 * minimal client that sends no `capabilities` (or null, or params that are not an object)
 * would get an internal error instead of a server. Missing parts become empty objects:
 * no capabilities means the client supports nothing optional.
 */
export function normalizeInitialize(message: Message): Message {
  if (!Message.isRequest(message) || message.method !== 'initialize') return message;
  const params = isRecord(message.params) ? message.params : {};
  const capabilities = isRecord(params.capabilities) ? params.capabilities : {};
  return { ...message, params: { ...params, capabilities } } as Message;
}

const DOCUMENT_NOTIFICATIONS = new Set(['textDocument/didOpen', 'textDocument/didChange', 'textDocument/didClose', 'textDocument/didSave']);

/**
 * Whether a document notification can be applied at all. The library reads
 * `params.textDocument.uri` (and a didChange's `contentChanges`) before any
 * handler of ours runs, so one without them would only raise a TypeError;
 * such a notification is dropped (there is no answer to send).
 */
export function isUsableNotification(message: Message): boolean {
  if (!Message.isNotification(message) || !DOCUMENT_NOTIFICATIONS.has(message.method)) return true;
  const params = message.params;
  if (!isRecord(params) || !isRecord(params.textDocument) || typeof params.textDocument.uri !== 'string') return false;
  if (message.method === 'textDocument/didChange') return Array.isArray(params.contentChanges) && typeof params.textDocument.version === 'number';
  return true;
}

/** Connection options for every transport: `initialize` is normalised and unusable document notifications dropped before the library sees them. */
export const connectionOptions: ConnectionOptions = {
  messageStrategy: {
    handleMessage: (message, next) => {
      if (isUsableNotification(message)) next(normalizeInitialize(message));
    },
  },
};

/** Keeps the process alive through a bug in a handler: the error is logged, the server goes on. */
export function guardProcess(connection: Connection): void {
  const report = (what: string, e: unknown) => {
    try {
      connection.console.error(`${what}: ${errorSummary(e)}`);
    } catch {
      // The connection itself may be gone; nothing more to do.
    }
  };
  process.on('uncaughtException', (e) => report('unexpected error', e));
  process.on('unhandledRejection', (e) => report('unexpected rejection', e));
}
