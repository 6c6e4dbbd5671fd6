/** The status bar item's text (no VS Code API here, so it is tested without an editor). */

/** What the server answers to `emqxClusterSecurity/documentStatus`. */
export interface DocumentStatus {
  readonly enabled: boolean;
  readonly dialect: string;
  readonly emqxVersion?: string;
  readonly versionSource?: 'setting' | 'detected' | 'default';
  readonly trusted?: boolean;
}

/** `$(shield) EMQX 5.8` (trusted) or `$(workspace-untrusted) EMQX 5.8`; a patch release is shown when it is not .0. */
export function statusLabel(status: DocumentStatus, trusted: boolean): { text: string; version: string } {
  const [major = '?', minor = '?', patch = '0'] = (status.emqxVersion ?? '').split('.');
  const version = status.emqxVersion ? (patch === '0' ? `${major}.${minor}` : `${major}.${minor}.${patch}`) : '?';
  const icon = trusted ? '$(shield)' : '$(workspace-untrusted)';
  const mark = status.versionSource === 'default' ? '?' : '';
  return { text: `${icon} EMQX ${version}${mark}`, version };
}
