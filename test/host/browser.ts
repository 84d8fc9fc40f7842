/**
 * Headless Chromium (Debian's /usr/bin/chromium, driven by playwright-core)
 * for every harness that opens the VS Code workbench: the integration suite,
 * the .vsix smoke test, the player's end-to-end test and its bench.
 */
import * as fs from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

export const CHROMIUM_PATH = process.env['LYRICS_CHROMIUM_PATH'] ?? '/usr/bin/chromium';

/** Without the networking flags Chromium keeps dialling Google's hosts, which this machine's closed network refuses. */
const CHROMIUM_ARGS = [
  '--no-sandbox', // we run as root in CI containers
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/** Why Chromium cannot be used, or undefined when it can. */
export function chromiumProblem(): string | undefined {
  return fs.existsSync(CHROMIUM_PATH) ? undefined : `no browser at ${CHROMIUM_PATH}: apt-get install -y chromium (or set LYRICS_CHROMIUM_PATH)`;
}

export function launchChromium(extraArgs: readonly string[] = []): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [...CHROMIUM_ARGS, ...extraArgs],
    // Playwright's own handlers would exit the process before our cleanup stops the server.
    handleSIGINT: false,
    handleSIGTERM: false,
    handleSIGHUP: false,
  });
}

/** Everything to undo when a run ends, however it ends; undone once, newest first. */
export class CleanupStack {
  private readonly steps: Array<() => Promise<void> | void> = [];
  private running: Promise<void> | undefined;

  constructor(private readonly log: (message: string) => void) {}

  push(step: () => Promise<void> | void): void {
    this.steps.push(step);
  }

  run(): Promise<void> {
    this.running ??= (async () => {
      for (const step of this.steps.reverse()) {
        try {
          await step();
        } catch (error) {
          this.log(`cleanup failed: ${String(error)}`);
        }
      }
    })();
    return this.running;
  }
}
