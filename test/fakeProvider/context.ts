/** What the provider handlers share with the server: credentials, live settings, the file store. */
import type { FileStore } from './files';
import type { AudioSettings, CloudflareSettings, FakeCredentials, Fault, MinimaxSettings, ScenarioSettings } from './types';

export interface Settings {
  readonly audio: AudioSettings;
  readonly scenario: ScenarioSettings;
  readonly cloudflare: CloudflareSettings;
  readonly minimax: MinimaxSettings;
}

export interface ProviderContext {
  readonly credentials: FakeCredentials;
  /** Read on every request, so `setAudio`/`setScenario`/… take effect at once. */
  settings(): Settings;
  readonly files: FileStore;
}

export type StatusFault = Extract<Fault, { kind: 'status' }>;
export type FaultOf<Kind extends Fault['kind']> = Extract<Fault, { kind: Kind }>;
