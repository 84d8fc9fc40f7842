/**
 * API credentials, kept only in VS Code's SecretStorage (one JSON entry per
 * provider, validated with zod on the way out). Never written to settings,
 * logs, sidecars or messages.
 */
import * as vscode from 'vscode';
import { PROVIDER_NAMES } from '../core/schema';
import { CREDENTIAL_FIELDS, credentialSchemas, type Credentials } from '../core/providers/types';
import { PROVIDER_IDS, type ProviderId } from '../core/schema';
import { requestLog } from './requestLog';
import { readSettings } from './settings';

const secretKey = (provider: ProviderId): string => `lyrics.credentials.${provider}`;

export class CredentialStore implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<ProviderId>();
  /** Fires when a provider's credentials change, in this window or another. */
  readonly onDidChange = this.changed.event;
  private readonly subscription: vscode.Disposable;

  constructor(private readonly secrets: vscode.SecretStorage) {
    this.subscription = secrets.onDidChange((event) => {
      const provider = PROVIDER_IDS.find((id) => secretKey(id) === event.key);
      if (provider) this.changed.fire(provider);
    });
  }

  async get<P extends ProviderId>(provider: P): Promise<Credentials<P> | undefined> {
    const stored = await this.secrets.get(secretKey(provider));
    if (!stored) return undefined;
    try {
      const parsed = credentialSchemas[provider].safeParse(JSON.parse(stored));
      if (parsed.success) return parsed.data as Credentials<P>;
      requestLog().warn(`The stored ${PROVIDER_NAMES[provider]} credentials are incomplete; you will be asked for them again.`);
      return undefined;
    } catch {
      // Said in the log (never the value itself): otherwise a corrupt entry looks exactly like "no credentials".
      requestLog().warn(`The stored ${PROVIDER_NAMES[provider]} credentials could not be read; you will be asked for them again.`);
      return undefined;
    }
  }

  async store<P extends ProviderId>(provider: P, credentials: Credentials<P>): Promise<void> {
    await this.secrets.store(secretKey(provider), JSON.stringify(credentials));
  }

  async clear(provider: ProviderId): Promise<void> {
    await this.secrets.delete(secretKey(provider));
  }

  /** Asks for a provider's credentials with input boxes (secrets as password boxes) and stores them. */
  async prompt<P extends ProviderId>(provider: P): Promise<Credentials<P> | undefined> {
    const values: Record<string, string> = {};
    const fields = CREDENTIAL_FIELDS[provider];
    for (const [index, field] of fields.entries()) {
      const value = await vscode.window.showInputBox({
        title: `${PROVIDER_NAMES[provider]} credentials (${index + 1}/${fields.length})`,
        prompt: `${field.label} — ${field.hint}. Stored in VS Code's secret storage.`,
        password: field.secret,
        ignoreFocusOut: true,
        validateInput: (text) => (text.trim() === '' ? `Enter the ${field.label}` : undefined),
      });
      if (value === undefined) return undefined;
      values[field.key] = value.trim();
    }
    const parsed = credentialSchemas[provider].safeParse(values);
    if (!parsed.success) return undefined;
    const credentials = parsed.data as Credentials<P>;
    await this.store(provider, credentials);
    return credentials;
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}

/** Arguments a script or test may pass to `lyrics.setApiCredentials` instead of answering input boxes. */
export interface SetCredentialsArguments {
  readonly provider: ProviderId;
  /** Without credentials, the user is asked for this provider's (no provider pick). */
  readonly credentials?: Record<string, string>;
}

/** Asks whether a command's arguments may change the stored credentials; true to go ahead. */
export type ArgumentConfirmation = (message: string, action: string) => Promise<boolean>;

let confirmationForTest: ArgumentConfirmation | undefined;

/** Integration tests answer the confirmation themselves (see LyricsStudioApi.credentialsTest); undefined restores the real rule. */
export function setArgumentConfirmationForTest(answer: ArgumentConfirmation | undefined): void {
  confirmationForTest = answer;
}

/**
 * Any extension can run any command with any arguments, so arguments that
 * would store or clear credentials are confirmed by the user first, in a
 * modal dialog that names the provider — a silent swap could send the user's
 * songs (and bills) to someone else's account, a silent clear breaks their
 * next generation. Only the tests (Test mode) and the demo (Development mode
 * with its `lyrics.demo` set) pass them unattended.
 */
function argumentConfirmation(mode: vscode.ExtensionMode): ArgumentConfirmation {
  return async (message, action) => {
    if (confirmationForTest) return confirmationForTest(message, action);
    if (mode === vscode.ExtensionMode.Test || (mode === vscode.ExtensionMode.Development && readSettings().demo)) return true;
    return (await vscode.window.showWarningMessage(message, { modal: true }, action)) === action;
  };
}

export function registerCredentialCommands(store: CredentialStore, mode: vscode.ExtensionMode = vscode.ExtensionMode.Production): vscode.Disposable {
  const confirm = argumentConfirmation(mode);
  return vscode.Disposable.from(
    vscode.commands.registerCommand('lyrics.setApiCredentials', async (args?: SetCredentialsArguments) => {
      if (args?.credentials && PROVIDER_IDS.includes(args.provider)) {
        const name = PROVIDER_NAMES[args.provider];
        const parsed = credentialSchemas[args.provider].safeParse(args.credentials);
        if (!parsed.success) throw new Error(`Incomplete credentials for ${name}`);
        const allowed = await confirm(
          `A command from another extension or a script wants to replace the ${name} API credentials Lyrics Studio uses. Songs would then be generated, and billed, with the credentials it passed. Allow this only if you started it.`,
          `Replace ${name} Credentials`,
        );
        if (!allowed) return false;
        await store.store(args.provider, parsed.data);
        return true;
      }
      const provider = args && PROVIDER_IDS.includes(args.provider) ? args.provider : await pickProvider('Set API credentials for which provider?');
      if (!provider) return false;
      const stored = await store.prompt(provider);
      if (stored) void vscode.window.showInformationMessage(`${PROVIDER_NAMES[provider]} credentials saved in VS Code's secret storage.`);
      return stored !== undefined;
    }),
    vscode.commands.registerCommand('lyrics.clearApiCredentials', async (args?: { provider: ProviderId }) => {
      if (args !== undefined) {
        if (!PROVIDER_IDS.includes(args.provider)) return false;
        const name = PROVIDER_NAMES[args.provider];
        const allowed = await confirm(
          `A command from another extension or a script wants to delete the ${name} API credentials stored for Lyrics Studio. Allow this only if you started it.`,
          `Delete ${name} Credentials`,
        );
        if (!allowed) return false;
        await store.clear(args.provider);
        return true;
      }
      const provider = await pickProvider('Clear the API credentials of which provider?');
      if (!provider) return false;
      await store.clear(provider);
      void vscode.window.showInformationMessage(`${PROVIDER_NAMES[provider]} credentials cleared.`);
      return true;
    }),
  );
}

async function pickProvider(placeHolder: string): Promise<ProviderId | undefined> {
  const picked = await vscode.window.showQuickPick(
    PROVIDER_IDS.map((id) => ({
      id,
      label: PROVIDER_NAMES[id],
      description: CREDENTIAL_FIELDS[id].map((field) => field.label.replace(`${PROVIDER_NAMES[id]} `, '')).join(' + '),
    })),
    { placeHolder },
  );
  return picked?.id;
}
