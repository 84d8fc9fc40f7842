/**
 * Runs the fake provider on its own, for demo mode and manual poking:
 *
 *   node out/test/fakeProvider/main.js [--port N]
 *
 * Prints one JSON line `{"origin", "baseUrls", "credentials"}` on stdout once
 * listening (whoever spawned it reads that line), then serves until SIGINT/SIGTERM.
 */
import { DEMO_OPTIONS } from './demo';
import { startFakeProvider } from './server';

function parsePort(args: readonly string[]): number {
  const index = args.indexOf('--port');
  if (index === -1) return 0;
  const port = Number(args[index + 1]);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`--port needs an integer 0–65535, got ${String(args[index + 1])}`);
  }
  return port;
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  if (args.includes('--help')) {
    process.stdout.write('usage: node out/test/fakeProvider/main.js [--port N]\n');
    return;
  }
  const fake = await startFakeProvider({ ...DEMO_OPTIONS, port: parsePort(args) });
  process.stdout.write(`${JSON.stringify({ origin: fake.origin, baseUrls: fake.baseUrls, credentials: fake.credentials })}\n`);
  const stop = (): void => {
    // Nothing else holds the event loop once the server and its sockets are gone, so the process exits by itself.
    void fake.close();
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`fake provider: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
