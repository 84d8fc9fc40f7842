/**
 * What every provider client takes and gives. Wire formats are in
 * ../shared/providers.md; each client turns one into this shape.
 */
import * as z from 'zod/mini';
import type { HttpSession } from '../net/http';
import type { AudioFormat, ProviderId } from '../schema';

/** The song as sent: payload strings plus resolved settings. */
export interface GenerationInput {
  readonly prompt: string;
  /** Empty when the song is instrumental or left to the lyrics optimizer. */
  readonly lyrics: string;
  readonly isInstrumental: boolean;
  readonly lyricsOptimizer: boolean;
  readonly sampleRate: number;
  readonly bitrate: number;
  readonly format: AudioFormat;
}

export type GenerationStage = 'submitting' | 'queued' | 'generating' | 'downloading';

export interface StageUpdate {
  readonly stage: GenerationStage;
  /** 0–1 when the provider reports progress. */
  readonly fraction?: number | undefined;
  /** The provider's own status word (e.g. Scenario's "warming-up"). */
  readonly providerStatus?: string | undefined;
}

export interface ProviderContext {
  readonly session: HttpSession;
  readonly baseUrl: string;
  readonly onStage: (update: StageUpdate) => void;
  /** Scenario polling: first wait, and the most it backs off to. */
  readonly pollIntervalMs: { readonly first: number; readonly max: number };
}

export interface ProviderResult {
  readonly audioUrl: string;
  readonly model: string;
  readonly requestId: string | undefined;
  readonly durationMs: number | undefined;
  /** The format the bytes must have, or undefined when the API has no format field (Scenario). */
  readonly expectedFormat: AudioFormat | undefined;
}

export const credentialSchemas = {
  cloudflare: z.object({ accountId: z.string().check(z.minLength(1)), apiToken: z.string().check(z.minLength(1)) }),
  scenario: z.object({ apiKey: z.string().check(z.minLength(1)), apiSecret: z.string().check(z.minLength(1)) }),
  minimax: z.object({ apiKey: z.string().check(z.minLength(1)) }),
} as const;

export type Credentials<P extends ProviderId = ProviderId> = z.infer<(typeof credentialSchemas)[P]>;

/** How to ask for each credential: the account id is an identifier (part of the URL), the rest are secrets. */
export interface CredentialField {
  readonly key: string;
  readonly label: string;
  readonly secret: boolean;
  readonly environment: string;
  readonly hint: string;
}

export const CREDENTIAL_FIELDS: Readonly<Record<ProviderId, readonly CredentialField[]>> = {
  cloudflare: [
    {
      key: 'accountId',
      label: 'Cloudflare account ID',
      secret: false,
      environment: 'CLOUDFLARE_ACCOUNT_ID',
      hint: 'Cloudflare dashboard → Workers AI (or any zone’s Overview page), “Account ID”',
    },
    {
      key: 'apiToken',
      label: 'Cloudflare API token',
      secret: true,
      environment: 'CLOUDFLARE_API_TOKEN',
      hint: 'Cloudflare dashboard → My Profile → API Tokens; needs Workers AI and AI Gateway permissions',
    },
  ],
  scenario: [
    {
      key: 'apiKey',
      label: 'Scenario API key',
      secret: true,
      environment: 'SCENARIO_API_KEY',
      hint: 'app.scenario.com → project settings → API keys',
    },
    {
      key: 'apiSecret',
      label: 'Scenario API secret',
      secret: true,
      environment: 'SCENARIO_API_SECRET',
      hint: 'shown once, next to the key, when the key is created',
    },
  ],
  minimax: [
    {
      key: 'apiKey',
      label: 'MiniMax API key',
      secret: true,
      environment: 'MINIMAX_API_KEY',
      hint: 'platform.minimax.io → Account → API Keys',
    },
  ],
};

export interface ProviderClient<P extends ProviderId = ProviderId> {
  readonly id: P;
  readonly model: string;
  readonly defaultBaseUrl: string;
  generate(input: GenerationInput, credentials: Credentials<P>, context: ProviderContext): Promise<ProviderResult>;
}
