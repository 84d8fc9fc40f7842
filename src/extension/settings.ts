/**
 * The extension's settings, read in one place. Base URLs receive credentials,
 * so only the user's own (global) value counts: they are application-scoped
 * and restricted in untrusted workspaces, and a workspace value is ignored
 * here even where an editor would apply it.
 */
import * as vscode from 'vscode';
import { PROVIDER_IDS, type ProviderId } from '../core/schema';

export interface LyricsSettings {
  readonly defaultProvider: ProviderId;
  readonly outputFolder: string;
  readonly requestTimeoutMinutes: number;
  /** The user's base URL for a provider, or undefined for the default. */
  baseUrl(provider: ProviderId): string | undefined;
  /** Set only by `npm start -- --demo` in its throwaway profile; labels demo takes. */
  readonly demo: boolean;
}

export function readSettings(scope?: vscode.Uri): LyricsSettings {
  const config = vscode.workspace.getConfiguration('lyrics', scope);
  const provider = config.get<string>('defaultProvider');
  const timeout = config.get<number>('requestTimeoutMinutes');
  return {
    defaultProvider: PROVIDER_IDS.find((id) => id === provider) ?? 'cloudflare',
    outputFolder: config.get<string>('outputFolder') ?? 'takes',
    requestTimeoutMinutes: typeof timeout === 'number' && timeout > 0 ? timeout : 10,
    baseUrl: (id) => config.inspect<string>(`providers.${id}.baseUrl`)?.globalValue?.trim() || undefined,
    demo: config.inspect<boolean>('demo')?.globalValue === true,
  };
}
