/**
 * What every provider client takes and gives. Wire formats are in
 * ../shared/providers.md; each client turns one into this shape.
 */
import * as z from 'zod/mini';
import type { HttpSession } from '../net/http';
import type { AudioFormat, ProviderId, SongModel } from '../schema';

/** The song as sent: payload strings plus resolved settings. */
export interface GenerationInput {
  /** The song's `model` setting; each client maps it to its own model id. */
  readonly model: SongModel;
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

/**
 * What a client reports once the provider has accepted the song: from then
 * on it is being generated and billed, and nothing may throw it away. May be
 * called again as more is known (Scenario: the job id first, URLs later).
 */
export interface Acceptance {
  readonly requestId?: string | undefined;
  /** Scenario: the job to poll again. */
  readonly jobId?: string | undefined;
  /** The provider's answer as received (the pipeline redacts and cuts it). */
  readonly answer?: string | undefined;
  readonly audioUrls?: readonly string[] | undefined;
}

export interface ProviderContext {
  readonly session: HttpSession;
  readonly baseUrl: string;
  readonly onStage: (update: StageUpdate) => void;
  /** Resolves once the acceptance is on disk (the recovery record), so a crash after it still leaves one. */
  readonly onAccepted: (acceptance: Acceptance) => Promise<void>;
  /** Scenario polling: first wait, and the most it backs off to. */
  readonly pollIntervalMs: { readonly first: number; readonly max: number };
}

/** Where the audio is: URLs to download (best first), or the bytes themselves as hex (MiniMax). */
export type AudioSource = { readonly kind: 'urls'; readonly urls: readonly string[] } | { readonly kind: 'inline'; readonly hex: string };

export interface ProviderResult {
  readonly audio: AudioSource;
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
  readonly defaultBaseUrl: string;
  /** The provider's id for a song model (Scenario: `model_minimax-music-3-0`). */
  modelId(model: SongModel): string;
  generate(input: GenerationInput, credentials: Credentials<P>, context: ProviderContext): Promise<ProviderResult>;
  /** Scenario: waits for an already accepted job again (no new request, no new charge). */
  resume?(jobId: string, expectedFormat: AudioFormat | undefined, credentials: Credentials<P>, context: ProviderContext): Promise<ProviderResult>;
}
