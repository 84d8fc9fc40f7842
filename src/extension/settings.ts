/**
 * The extension's settings, read in one place. Base URLs receive credentials,
 * so only the user's own (global) value counts: they are application-scoped
 * and restricted in untrusted workspaces, and a workspace value is ignored
 * here even where an editor would apply it. The time-out, which a workspace
 * may set, counts only within its declared 1–120 minutes (core/generate/timeout.ts).
 */
import * as vscode from 'vscode';
import { effectiveTimeoutMinutes } from '../core/generate/timeout';
import { DEFAULT_PROVIDER, PROVIDER_IDS, type ProviderId } from '../core/schema';
import { DEFAULT_OUTPUT_FOLDER } from '../core/takes/naming';

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
  const timeout = config.inspect<unknown>('requestTimeoutMinutes');
  return {
    defaultProvider: PROVIDER_IDS.find((id) => id === provider) ?? DEFAULT_PROVIDER,
    outputFolder: config.get<string>('outputFolder') ?? DEFAULT_OUTPUT_FOLDER,
    // A repository can write this one: bounded, and a workspace's value counts only within the declared range.
    requestTimeoutMinutes: effectiveTimeoutMinutes(timeout ?? {}),
    baseUrl: (id) => config.inspect<string>(`providers.${id}.baseUrl`)?.globalValue?.trim() || undefined,
    demo: config.inspect<boolean>('demo')?.globalValue === true,
  };
}
