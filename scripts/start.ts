// `npm start`: opens examples/ in a real VS Code with this checkout loaded as a
// development extension.
//   - With the desktop `code` CLI on PATH: an Extension Development Host window.
//   - Otherwise (servers, containers, CI boxes): the VS Code server the
//     integration tests use, on 127.0.0.1, and prints the URL to open. Runs
//     until Ctrl-C. PORT picks the port (default 8765, or a free one if taken).
//
// Workspace trust stays enabled here, unlike in the tests, because this is
// where we see what users see: examples/ opens in Restricted Mode (click
// "Restricted Mode" in the status bar to trust it). The extension under
// development runs either way (VS Code exempts development extensions), so
// trust only changes what the extension itself gates on workspace.isTrusted.
// The port is fixed by default so port forwards and the browser's per-origin
// storage for the workbench keep working across restarts.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ensureCodeServer, findFreePort, findOnPath, isPortFree, log, remoteUri, ServerOutputFilter, startServer, workbenchUrl } from '../test/host/codeServer';
import { DEMO_OPTIONS, startFakeProvider, type FakeProvider } from '../test/fakeProvider';
import { DEMO_ENVIRONMENT_VARIABLE, type DemoSetup } from './demo-extension/setup';

// out/scripts/start.js -> repository root
const REPO_ROOT = path.resolve(__dirname, '..', '..');
const EXAMPLES = path.join(REPO_ROOT, 'examples');
const DEMO_EXTENSION = path.join(REPO_ROOT, 'scripts', 'demo-extension');
const DEFAULT_PORT = 8765;
const HOST = '127.0.0.1';

interface StartOptions {
  /**
   * Also start the fake provider and point a throwaway profile at it with
   * dummy credentials (through scripts/demo-extension), so Generate Song
   * works without an account.
   */
  demo: boolean;
}

/** The demo's fake provider, and what the demo extension needs to know about it. */
interface Demo {
  readonly fake: FakeProvider;
  readonly environment: NodeJS.ProcessEnv;
  /** A throwaway extensions folder holding only the demo extension. */
  readonly extensionsDir: string;
}

async function startDemo(): Promise<Demo> {
  const fake = await startFakeProvider(DEMO_OPTIONS);
  const setup: DemoSetup = { baseUrls: fake.baseUrls, credentials: { ...fake.credentials } };
  log(`demo: fake provider listening on ${fake.origin}`);
  return {
    fake,
    environment: { [DEMO_ENVIRONMENT_VARIABLE]: JSON.stringify(setup) },
    extensionsDir: installDemoExtension(),
  };
}

/**
 * The VS Code server takes one development extension, so the demo extension
 * is installed instead: copied, compiled, into a fresh extensions folder
 * (scanned as is when it has no extensions.json).
 */
function installDemoExtension(): string {
  const extensionsDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lyrics-demo-extensions-'));
  const target = path.join(extensionsDir, 'lyrics-studio.lyrics-studio-demo-0.0.0');
  fs.mkdirSync(target);
  const manifest = JSON.parse(fs.readFileSync(path.join(DEMO_EXTENSION, 'package.json'), 'utf8')) as Record<string, unknown>;
  fs.writeFileSync(path.join(target, 'package.json'), JSON.stringify({ ...manifest, main: './extension.js' }, null, 2));
  const compiled = path.join(REPO_ROOT, 'out', 'scripts', 'demo-extension');
  for (const file of ['extension.js', 'setup.js']) fs.copyFileSync(path.join(compiled, file), path.join(target, file));
  return extensionsDir;
}

function parseArgs(args: readonly string[]): StartOptions {
  const options: StartOptions = { demo: false };
  for (const arg of args) {
    if (arg === '--demo') options.demo = true;
    else log(`ignoring unknown argument ${arg}`);
  }
  return options;
}

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  const demo = options.demo ? await startDemo() : undefined;
  if (!fs.existsSync(EXAMPLES)) throw new Error(`${EXAMPLES} does not exist`);
  const manifest = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { main?: string };
  if (manifest.main && !fs.existsSync(path.join(REPO_ROOT, manifest.main))) {
    throw new Error(`${manifest.main} is missing: run npm run build (npm start does)`);
  }

  const desktopCode = findOnPath('code');
  if (desktopCode) {
    await openInDesktop(desktopCode, demo);
    return;
  }
  await serveInBrowser(demo);
}

function openInDesktop(codeCli: string, demo: Demo | undefined): Promise<void> {
  log(`opening ${EXAMPLES} with ${codeCli}`);
  const demoArgs = demo
    ? [
        `--extensionDevelopmentPath=${DEMO_EXTENSION}`,
        // A throwaway profile: the demo's settings and dummy credentials never reach the user's own.
        `--user-data-dir=${fs.mkdtempSync(path.join(os.tmpdir(), 'lyrics-demo-profile-'))}`,
        '--disable-workspace-trust',
        '--wait',
      ]
    : [];
  return new Promise((resolve, reject) => {
    const child = spawn(codeCli, [`--extensionDevelopmentPath=${REPO_ROOT}`, ...demoArgs, EXAMPLES], {
      stdio: 'inherit',
      env: { ...process.env, ...demo?.environment },
    });
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${codeCli} exited with ${code}`))));
  });
}

async function choosePort(): Promise<number> {
  const requested = process.env['PORT'];
  if (requested) {
    const port = Number(requested);
    if (!Number.isInteger(port) || port <= 0 || port > 65535) throw new Error(`PORT=${requested} is not a port number`);
    if (!(await isPortFree(port, HOST))) throw new Error(`PORT=${port} is already in use on ${HOST}`);
    return port;
  }
  if (await isPortFree(DEFAULT_PORT, HOST)) return DEFAULT_PORT;
  const port = await findFreePort(HOST);
  log(`port ${DEFAULT_PORT} is in use; using ${port}`);
  return port;
}

async function serveInBrowser(demo: Demo | undefined): Promise<void> {
  const installDir = await ensureCodeServer();
  // The server gives a terminal and file access to whoever reaches it, so even
  // on 127.0.0.1 it requires the random token that is part of the printed URL.
  const connectionToken = randomBytes(18).toString('base64url');
  const output = new ServerOutputFilter(process.env['LYRICS_START_VERBOSE'] === '1');
  const server = await startServer({
    installDir,
    // The demo opens our own examples, trusted, so ▶ works at once; otherwise folders open as VS Code opens them.
    workspaceTrust: !demo,
    ...(demo ? { env: demo.environment, extensionsDir: demo.extensionsDir } : {}),
    host: HOST,
    port: await choosePort(),
    connectionToken,
    onOutputLine: (line) => output.handle(line),
  });

  let stopping = false;
  const stop = async (reason: string): Promise<void> => {
    if (stopping) return;
    stopping = true;
    output.mute();
    log(`${reason}; stopping the VS Code server`);
    await server.stop();
    await demo?.fake.close();
    if (demo) fs.rmSync(demo.extensionsDir, { recursive: true, force: true });
    process.exit(0);
  };
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.once(signal, () => void stop(`received ${signal}`));
  }

  const url = workbenchUrl(
    server,
    EXAMPLES,
    [
      ['extensionDevelopmentPath', remoteUri(server, REPO_ROOT)],
      ['skipWelcome', 'true'],
    ],
    connectionToken,
  );
  log(`VS Code ${path.basename(installDir)} is serving ${EXAMPLES} with this checkout loaded.`);
  log('Open this URL in a browser on this machine (or forward the port); the token in it is required:');
  process.stdout.write(`\n  ${url}\n\n`);
  log('Rebuild with `npm run build`, then run "Developer: Reload Window" in VS Code. Ctrl-C stops the server.');

  const { code, signal } = await server.exited;
  // `stopping` is set by the SIGINT handler while this awaits; TypeScript can't see that.
  // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition
  if (!stopping) {
    log(`the VS Code server exited unexpectedly (${signal ?? `code ${code}`}):\n${server.recentOutput()}`);
    await server.stop();
    process.exit(1);
  }
}

main().catch((error: unknown) => {
  log(`npm start failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
