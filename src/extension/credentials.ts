/**
 * API credentials, kept only in VS Code's SecretStorage (one JSON entry per
 * provider, validated with zod on the way out). Never written to settings,
 * logs, sidecars or messages.
 */
import * as vscode from 'vscode';
import { PROVIDER_NAMES } from '../core/generate/errors';
import { CREDENTIAL_FIELDS, credentialSchemas, type Credentials } from '../core/providers/types';
import { PROVIDER_IDS, type ProviderId } from '../core/schema';

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
      return parsed.success ? (parsed.data as Credentials<P>) : undefined;
    } catch {
      return undefined; // unreadable entry: treated as missing, and replaced when the user enters new ones
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

export function registerCredentialCommands(store: CredentialStore): vscode.Disposable {
  return vscode.Disposable.from(
    vscode.commands.registerCommand('lyrics.setApiCredentials', async (args?: SetCredentialsArguments) => {
      if (args?.credentials && PROVIDER_IDS.includes(args.provider)) {
        const parsed = credentialSchemas[args.provider].safeParse(args.credentials);
        if (!parsed.success) throw new Error(`Incomplete credentials for ${PROVIDER_NAMES[args.provider]}`);
        await store.store(args.provider, parsed.data as Credentials);
        return true;
      }
      const provider =
        args && PROVIDER_IDS.includes(args.provider) ? args.provider : await pickProvider('Set API credentials for which provider?');
      if (!provider) return false;
      const stored = await store.prompt(provider);
      if (stored) void vscode.window.showInformationMessage(`${PROVIDER_NAMES[provider]} credentials saved in VS Code's secret storage.`);
      return stored !== undefined;
    }),
    vscode.commands.registerCommand('lyrics.clearApiCredentials', async (args?: { provider: ProviderId }) => {
      const provider = args?.provider ?? (await pickProvider('Clear the API credentials of which provider?'));
      if (!provider) return false;
      await store.clear(provider);
      if (!args) void vscode.window.showInformationMessage(`${PROVIDER_NAMES[provider]} credentials cleared.`);
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
