/** What `npm start -- --demo` tells its demo extension, through the environment the extension host inherits. */
export interface DemoSetup {
  readonly baseUrls: Readonly<Record<string, string>>;
  readonly credentials: Readonly<Record<string, Record<string, string>>>;
}

export const DEMO_ENVIRONMENT_VARIABLE = 'LYRICS_STUDIO_DEMO';
