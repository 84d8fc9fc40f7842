// Installs and runs the VS Code server shipped in the `code-server` npm package.
//
// Why this exists: this project's integration tests must run in a real VS Code
// extension host, and machines without internet (CI here) cannot download VS
// Code for @vscode/test-electron. code-server@4.100.3 bundles VS Code 1.100.3
// and installs from the npm registry alone, so we install it on demand into a
// per-machine cache (like .vscode-test/ for test-electron) and start VS Code's
// own server entry point directly. Recipe: /work/shared/real-vscode-host.md.
import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';

export const CODE_SERVER_VERSION = '4.100.3';
/** The VS Code version bundled in CODE_SERVER_VERSION (extensions need engines.vscode <= this). */
export const BUNDLED_VSCODE_VERSION = '1.100.3';

// @vscode/ripgrep's postinstall downloads rg from GitHub unless it finds this
// archive in its cache; we build the archive from Debian's ripgrep instead.
const RIPGREP_PACKAGE_VERSION = '1.15.11';
const RIPGREP_ARCHIVE_NAME = 'ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz';

const INSTALL_MARKER = '.lyrics-studio-install-complete.json';
const INSTALL_TIMEOUT_MS = 15 * 60_000;
const SERVER_START_TIMEOUT_MS = 60_000;

export function log(message: string): void {
  process.stdout.write(`[vscode-host] ${message}\n`);
}

export function codeServerInstallDir(): string {
  const fromEnv = process.env['LYRICS_CODE_SERVER_DIR'];
  if (fromEnv) return path.resolve(fromEnv);
  const cacheRoot = process.env['XDG_CACHE_HOME'] || path.join(os.homedir(), '.cache');
  return path.join(cacheRoot, 'lyrics-studio', `code-server-${CODE_SERVER_VERSION}`);
}

function vscodeRoot(installDir: string): string {
  return path.join(installDir, 'node_modules', 'code-server', 'lib', 'vscode');
}

interface InstallMarker {
  codeServerVersion: string;
  // Native modules are built for one Node ABI; a different Node needs a reinstall.
  nodeModuleAbi: string;
  installedAt: string;
}

function readMarker(installDir: string): InstallMarker | undefined {
  try {
    return JSON.parse(fs.readFileSync(path.join(installDir, INSTALL_MARKER), 'utf8')) as InstallMarker;
  } catch {
    return undefined;
  }
}

function isCompleteInstall(installDir: string): boolean {
  const marker = readMarker(installDir);
  return (
    marker !== undefined &&
    marker.codeServerVersion === CODE_SERVER_VERSION &&
    marker.nodeModuleAbi === process.versions.modules &&
    fs.existsSync(path.join(vscodeRoot(installDir), 'out', 'server-main.js'))
  );
}

/**
 * Returns the install folder of code-server, installing it first if needed.
 * Installs go to a sibling staging folder that is renamed into place only after
 * the install was verified, so an interrupted install never looks complete.
 */
export async function ensureCodeServer(): Promise<string> {
  const installDir = codeServerInstallDir();
  if (isCompleteInstall(installDir)) return installDir;

  const nodeMajor = Number(process.versions.node.split('.')[0]);
  if (nodeMajor !== 20) {
    throw new Error(`code-server ${CODE_SERVER_VERSION} needs Node 20 (its postinstall refuses others); this is Node ${process.versions.node}.`);
  }

  removeAbandonedStagingDirs(installDir);
  const stagingDir = `${installDir}.partial-${process.pid}`;
  fs.rmSync(stagingDir, { recursive: true, force: true });
  fs.mkdirSync(stagingDir, { recursive: true });

  const started = Date.now();
  log(`installing code-server ${CODE_SERVER_VERSION} (VS Code ${BUNDLED_VSCODE_VERSION}) into ${installDir}`);
  log('this happens once per machine and takes about a minute; npm output goes to install.log there');
  try {
    ensureRipgrepDownloadCache();
    writeInstallPackageJson(stagingDir);
    await runNpmInstall(stagingDir);
    verifyInstall(stagingDir);
    const marker: InstallMarker = {
      codeServerVersion: CODE_SERVER_VERSION,
      nodeModuleAbi: process.versions.modules,
      installedAt: new Date().toISOString(),
    };
    fs.writeFileSync(path.join(stagingDir, INSTALL_MARKER), JSON.stringify(marker, null, 2) + '\n');
    moveIntoPlace(stagingDir, installDir);
  } catch (error) {
    fs.rmSync(stagingDir, { recursive: true, force: true });
    throw error;
  }
  log(`code-server installed in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return installDir;
}

function removeAbandonedStagingDirs(installDir: string): void {
  const parent = path.dirname(installDir);
  const prefix = `${path.basename(installDir)}.partial-`;
  let entries: string[];
  try {
    entries = fs.readdirSync(parent);
  } catch {
    return;
  }
  for (const entry of entries) {
    if (!entry.startsWith(prefix)) continue;
    const ownerPid = Number(entry.slice(prefix.length));
    if (Number.isInteger(ownerPid) && ownerPid !== process.pid && isProcessAlive(ownerPid)) continue; // a concurrent install
    fs.rmSync(path.join(parent, entry), { recursive: true, force: true });
  }
}

function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function ensureRipgrepDownloadCache(): void {
  const cacheDir = path.join(os.tmpdir(), `vscode-ripgrep-cache-${RIPGREP_PACKAGE_VERSION}`);
  const archive = path.join(cacheDir, RIPGREP_ARCHIVE_NAME);
  if (fs.existsSync(archive)) return;
  if (process.platform !== 'linux' || process.arch !== 'x64') {
    log(`no ripgrep cache for ${process.platform}-${process.arch}; @vscode/ripgrep will try to download rg`);
    return;
  }
  const systemRipgrep = findOnPath('rg');
  if (!systemRipgrep) {
    log('rg not found on PATH (apt-get install ripgrep); @vscode/ripgrep will try to download it from GitHub');
    return;
  }
  fs.mkdirSync(cacheDir, { recursive: true });
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lyrics-rg-'));
  try {
    fs.copyFileSync(systemRipgrep, path.join(workDir, 'rg'));
    fs.chmodSync(path.join(workDir, 'rg'), 0o755);
    // Write then rename so a concurrent reader never sees a truncated archive.
    const partial = `${archive}.${process.pid}.partial`;
    const tar = spawnSync('tar', ['-czf', partial, '-C', workDir, 'rg'], { encoding: 'utf8' });
    if (tar.status !== 0) throw new Error(`tar failed creating the ripgrep cache: ${tar.stderr}`);
    fs.renameSync(partial, archive);
  } finally {
    fs.rmSync(workDir, { recursive: true, force: true });
  }
  log(`ripgrep download cache created from ${systemRipgrep}`);
}

export function findOnPath(command: string): string | undefined {
  for (const dir of (process.env['PATH'] ?? '').split(path.delimiter)) {
    if (!dir) continue;
    const candidate = path.join(dir, command);
    try {
      fs.accessSync(candidate, fs.constants.X_OK);
      return candidate;
    } catch {
      // not in this directory
    }
  }
  return undefined;
}

function writeInstallPackageJson(stagingDir: string): void {
  const manifest = {
    name: 'lyrics-studio-code-server-cache',
    private: true,
    description: 'On-demand install of code-server for Lyrics Studio integration tests (test/host/codeServer.ts).',
    dependencies: { 'code-server': CODE_SERVER_VERSION },
    // npm 11 install-script policy. code-server's postinstall installs VS Code's
    // own dependencies (node-pty, kerberos, spdlog, ripgrep...) with nested
    // `npm install`s in lib/vscode and lib/vscode/extensions; those are separate
    // projects, governed by their own (absent) policy, where npm 11.19 runs
    // unreviewed scripts with a warning. argon2 is only used by code-server's own
    // password login, which we never start, and its install tries to download a
    // prebuilt binary, so it is denied.
    allowScripts: { [`code-server@${CODE_SERVER_VERSION}`]: true, argon2: false },
  };
  fs.writeFileSync(path.join(stagingDir, 'package.json'), JSON.stringify(manifest, null, 2) + '\n');
}

function runNpmInstall(stagingDir: string): Promise<void> {
  const logPath = path.join(stagingDir, 'install.log');
  const logFd = fs.openSync(logPath, 'w');
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    // code-server's postinstall exits as root unless npm says unsafe-perm
    // (npm 11 no longer knows that option, but the script reads the variable).
    npm_config_unsafe_perm: 'true',
    // node-pty's postinstall runs `npx node-gyp`, which must not prompt.
    npm_config_yes: 'true',
    // A user config with strict-allow-scripts would turn the nested installs'
    // unreviewed scripts into errors.
    npm_config_strict_allow_scripts: 'false',
    npm_config_audit: 'false',
    npm_config_fund: 'false',
    npm_config_update_notifier: 'false',
  };
  return new Promise<void>((resolve, reject) => {
    const child = spawn('npm', ['install', '--omit=dev', '--no-package-lock', '--loglevel=warn'], {
      cwd: stagingDir,
      env,
      stdio: ['ignore', logFd, logFd],
      detached: true, // own process group, so a timeout can kill node-gyp & co.
    });
    // If we are stopped (Ctrl-C, harness timeout), don't leave npm and node-gyp running.
    const killOnExit = (): void => {
      killProcessGroup(child, 'SIGKILL');
      fs.rmSync(stagingDir, { recursive: true, force: true });
    };
    process.once('exit', killOnExit);
    const timer = setTimeout(() => {
      killProcessGroup(child, 'SIGKILL');
      reject(new Error(`npm install of code-server timed out after ${INSTALL_TIMEOUT_MS / 1000} s; see ${logPath}`));
    }, INSTALL_TIMEOUT_MS);
    child.on('error', (error) => {
      clearTimeout(timer);
      process.removeListener('exit', killOnExit);
      fs.closeSync(logFd);
      reject(new Error(`could not run npm: ${error.message}`));
    });
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      process.removeListener('exit', killOnExit);
      fs.closeSync(logFd);
      if (code === 0) {
        resolve();
        return;
      }
      const tail = readTail(logPath, 60);
      // The staging dir is deleted on failure, so keep the log where it can be read.
      const keptLog = path.join(os.tmpdir(), `lyrics-code-server-install-${process.pid}.log`);
      fs.copyFileSync(logPath, keptLog);
      reject(
        new Error(
          `npm install of code-server failed (${signal ?? `exit ${code}`}); full log: ${keptLog}\n` +
            `Missing build prerequisites are the usual cause: apt-get install -y libkrb5-dev python3 make g++ ripgrep\n` +
            `--- last lines ---\n${tail}`,
        ),
      );
    });
  });
}

function readTail(file: string, lines: number): string {
  try {
    return fs.readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

/** Checks that the postinstall really ran: files exist and native modules load in this Node. */
function verifyInstall(stagingDir: string): void {
  const root = vscodeRoot(stagingDir);
  const requiredFiles = [
    'out/server-main.js',
    'node_modules.asar', // symlink made at the end of code-server's postinstall
    'node_modules/@vscode/ripgrep/bin/rg',
    'extensions/node_modules',
  ];
  const missing = requiredFiles.filter((file) => !fs.existsSync(path.join(root, file)));
  if (missing.length > 0) {
    throw new Error(`code-server install is incomplete (its postinstall did not finish); missing: ${missing.join(', ')}`);
  }
  // The native modules the server and extension host load at startup.
  const nativeModules = ['node-pty', '@vscode/spdlog', 'kerberos', 'native-watchdog', '@parcel/watcher'];
  const probe = spawnSync(process.execPath, ['-e', `for (const m of ${JSON.stringify(nativeModules)}) require(m);`], { cwd: root, encoding: 'utf8' });
  if (probe.status !== 0) {
    throw new Error(`code-server's native modules do not load in Node ${process.versions.node}:\n${probe.stderr}`);
  }
}

function moveIntoPlace(stagingDir: string, installDir: string): void {
  if (fs.existsSync(installDir)) {
    if (isCompleteInstall(installDir)) {
      // Another process finished first; use its install.
      fs.rmSync(stagingDir, { recursive: true, force: true });
      return;
    }
    fs.rmSync(installDir, { recursive: true, force: true }); // leftover of an old or broken install
  }
  fs.mkdirSync(path.dirname(installDir), { recursive: true });
  try {
    fs.renameSync(stagingDir, installDir);
  } catch (error) {
    if (isCompleteInstall(installDir)) {
      fs.rmSync(stagingDir, { recursive: true, force: true });
      return;
    }
    throw error;
  }
}

export function findFreePort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, host, () => {
      const address = server.address();
      server.close(() => {
        if (address && typeof address === 'object') resolve(address.port);
        else reject(new Error('could not determine a free port'));
      });
    });
  });
}

export function isPortFree(port: number, host = '127.0.0.1'): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.unref();
    server.once('error', () => resolve(false));
    server.listen(port, host, () => server.close(() => resolve(true)));
  });
}

export interface StartServerOptions {
  installDir: string;
  /** false adds --disable-workspace-trust (tests); true opens folders as VS Code normally does (Restricted Mode until trusted). */
  workspaceTrust: boolean;
  host?: string;
  /** Defaults to a free port. */
  port?: number;
  /** Without one the server runs with --without-connection-token (fine for short-lived local test runs). */
  connectionToken?: string;
  /** Extra environment for the server; the extension host it spawns inherits it. */
  env?: NodeJS.ProcessEnv;
  /** Receives the server's stdout/stderr (which includes the extension host's), line by line. */
  onOutputLine?: (line: string, stream: 'stdout' | 'stderr') => void;
  /**
   * Extensions folder to run with (e.g. one filled by runServerCli --install-extension); the
   * caller owns it and stop() leaves it. Default: a fresh empty temporary one.
   */
  extensionsDir?: string;
}

export interface RunningServer {
  readonly host: string;
  readonly port: number;
  /** http://host:port */
  readonly origin: string;
  /** vscode-remote:// authority of this server, for URIs of files on the server. */
  readonly remoteAuthority: string;
  readonly pid: number;
  /** Resolves when the server process exits (after stop() or on its own). */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Kills the server and everything it spawned, then deletes its temporary folders. Safe to call twice. */
  stop(): Promise<void>;
  /** Last lines of output, for error reports. */
  recentOutput(): string;
}

/** Starts VS Code's server entry point and resolves once it answers HTTP. */
export async function startServer(options: StartServerOptions): Promise<RunningServer> {
  const host = options.host ?? '127.0.0.1';
  const port = options.port ?? (await findFreePort(host));
  const dataRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'lyrics-vscode-server-'));
  const dirs = {
    userData: path.join(dataRoot, 'user-data'),
    serverData: path.join(dataRoot, 'server-data'),
    extensions: options.extensionsDir ?? path.join(dataRoot, 'extensions'),
  };
  for (const dir of Object.values(dirs)) fs.mkdirSync(dir, { recursive: true });

  const args = [
    path.join(vscodeRoot(options.installDir), 'out', 'server-main.js'),
    '--host',
    host,
    '--port',
    String(port),
    ...(options.connectionToken ? ['--connection-token', options.connectionToken] : ['--without-connection-token']),
    '--accept-server-license-terms',
    // Makes the web client honour extensionDevelopmentPath/extensionTestsPath from the `payload` query parameter.
    '--enable-smoke-test-driver',
    '--disable-telemetry',
    ...(options.workspaceTrust ? [] : ['--disable-workspace-trust']),
    '--user-data-dir',
    dirs.userData,
    '--server-data-dir',
    dirs.serverData,
    '--extensions-dir',
    dirs.extensions,
  ];
  const child = spawn(process.execPath, args, {
    env: { ...process.env, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
    // Own process group: stop() signals the group, reaching the extension host,
    // pty host and file watchers the server forks.
    detached: true,
  });

  const recentLines: string[] = [];
  const onLine = (line: string, stream: 'stdout' | 'stderr'): void => {
    recentLines.push(line);
    if (recentLines.length > 200) recentLines.shift();
    options.onOutputLine?.(line, stream);
  };
  forwardLines(child, 'stdout', onLine);
  forwardLines(child, 'stderr', onLine);

  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once('exit', (code, signal) => resolve({ code, signal }));
  });
  // If this Node process dies without calling stop(), don't leave a server behind.
  const killOnExit = (): void => {
    killProcessGroup(child, 'SIGKILL');
    fs.rmSync(dataRoot, { recursive: true, force: true });
  };
  process.once('exit', killOnExit);

  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      killProcessGroup(child, 'SIGTERM');
      const exitedInTime = await Promise.race([exited.then(() => true), delay(5000).then(() => false)]);
      // Also after a clean exit: group members that outlived the server get killed too.
      killProcessGroup(child, 'SIGKILL');
      if (!exitedInTime) await exited;
      process.removeListener('exit', killOnExit);
      fs.rmSync(dataRoot, { recursive: true, force: true });
    })();
    return stopping;
  };

  const origin = `http://${host}:${port}`;
  try {
    await waitUntilServing(origin, exited, () => recentLines.join('\n'));
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    host,
    port,
    origin,
    remoteAuthority: `${host}:${port}`,
    pid: child.pid ?? -1,
    exited,
    stop,
    recentOutput: () => recentLines.join('\n'),
  };
}

export interface ServerCliResult {
  /** The CLI's stdout and stderr, interleaved as far as the pipes allow. */
  readonly output: string;
  readonly exitCode: number | null;
}

/**
 * Runs the server's own extension-management CLI (server-main.js with
 * --install-extension, --list-extensions …), which works offline for a local
 * .vsix. It gets throwaway user/server data folders so nothing lands in
 * ~/.vscode-server; pass --extensions-dir in `args`.
 */
export function runServerCli(installDir: string, args: readonly string[], timeoutMs = 60_000): Promise<ServerCliResult> {
  const dataRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'lyrics-vscode-cli-'));
  const cliArgs = [
    path.join(vscodeRoot(installDir), 'out', 'server-main.js'),
    '--accept-server-license-terms',
    '--user-data-dir',
    path.join(dataRoot, 'user-data'),
    '--server-data-dir',
    path.join(dataRoot, 'server-data'),
    ...args,
  ];
  return new Promise<ServerCliResult>((resolve, reject) => {
    const child = spawn(process.execPath, cliArgs, { stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    let output = '';
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    const killOnExit = (): void => killProcessGroup(child, 'SIGKILL');
    process.once('exit', killOnExit);
    const done = (): void => {
      clearTimeout(timer);
      process.removeListener('exit', killOnExit);
      fs.rmSync(dataRoot, { recursive: true, force: true });
    };
    const timer = setTimeout(() => {
      killProcessGroup(child, 'SIGKILL');
      done();
      reject(new Error(`server CLI ${args.join(' ')} timed out after ${timeoutMs / 1000} s:\n${output}`));
    }, timeoutMs);
    child.once('error', (error) => {
      done();
      reject(new Error(`could not run the server CLI: ${error.message}`));
    });
    child.once('close', (code) => {
      done();
      resolve({ output, exitCode: code });
    });
  });
}

function forwardLines(child: ChildProcess, streamName: 'stdout' | 'stderr', onLine: (line: string, stream: 'stdout' | 'stderr') => void): void {
  const stream = child[streamName];
  if (!stream) return;
  stream.setEncoding('utf8');
  let pending = '';
  stream.on('data', (chunk: string) => {
    pending += chunk;
    const lines = pending.split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) onLine(line, streamName);
  });
  stream.on('end', () => {
    if (pending) onLine(pending, streamName);
    pending = '';
  });
}

async function waitUntilServing(origin: string, exited: Promise<unknown>, recentOutput: () => string): Promise<void> {
  let serverExited = false;
  void exited.then(() => (serverExited = true));
  const deadline = Date.now() + SERVER_START_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (serverExited) throw new Error(`VS Code server exited during startup:\n${recentOutput()}`);
    try {
      // Any HTTP answer (even 401/403 when a connection token is required) means it is serving.
      await fetch(`${origin}/version`, { signal: AbortSignal.timeout(2000) });
      return;
    } catch {
      // Not listening yet. Polling is the only readiness signal the server gives besides log text.
      await delay(200);
    }
  }
  throw new Error(`VS Code server did not answer on ${origin} within ${SERVER_START_TIMEOUT_MS / 1000} s:\n${recentOutput()}`);
}

export function killProcessGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal); // negative pid: the whole group (child was spawned detached)
  } catch {
    // ESRCH: the group is already gone.
  }
}

export function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** vscode-remote:// URI of an absolute path on the server's machine. */
export function remoteUri(server: Pick<RunningServer, 'remoteAuthority'>, absolutePath: string): string {
  const posixPath = absolutePath.split(path.sep).join('/');
  return `vscode-remote://${server.remoteAuthority}${encodeURI(posixPath)}`;
}

/** Workbench URL that opens `folder` with the given development options (the `payload` parameter). */
export function workbenchUrl(
  server: Pick<RunningServer, 'origin'>,
  folder: string,
  payload: ReadonlyArray<readonly [string, string]>,
  connectionToken?: string,
): string {
  const query = new URLSearchParams();
  if (connectionToken) query.set('tkn', connectionToken);
  query.set('folder', folder);
  query.set('payload', JSON.stringify(payload));
  return `${server.origin}/?${query.toString()}`;
}

/** Failures that only say this machine is offline (marketplace, service worker); never the test's fault. */
export function isOfflineNoise(text: string): boolean {
  return /open-vsx|gallery|marketplace|ENOTFOUND|EAI_AGAIN|getaddrinfo|\[Service Worker\]/i.test(text);
}

/**
 * Sorts the server's output: the extension host's stdout/stderr (which the
 * server logs as `[ExtensionHostConnection] <pid>` lines) is always shown, the
 * server's own errors too, everything else only when verbose. Also records how
 * the extension host exited, to explain a run that never reported.
 */
export class ServerOutputFilter {
  extensionHostExit: string | undefined;
  private muted = false;

  constructor(private readonly verbose: boolean) {}

  handle(line: string): void {
    if (!line.trim()) return;
    const extensionHostLine = /\[ExtensionHostConnection\] <\d+>(<stderr>)? ?(.*)$/.exec(line);
    if (extensionHostLine) {
      const [, stderr, text = ''] = extensionHostLine;
      const exit = /^Extension Host Process exited with code: (\S+), signal: (\S+)\./.exec(text);
      if (exit) {
        const [, code, signal] = exit;
        if (!this.muted) this.extensionHostExit = signal !== 'null' ? `signal ${signal}` : `code ${code}`;
        if (this.verbose || (!this.muted && (code !== '0' || signal !== 'null'))) log(`extension host: ${text}`);
        return;
      }
      if (/^Launched Extension Host Process/.test(text)) {
        if (this.verbose) log(`extension host: ${text}`);
        return;
      }
      if (!this.muted || this.verbose) log(`extension host${stderr ? ' stderr' : ''}: ${text}`);
      return;
    }
    const important = /\berror\b|exception|uncaught|unhandled|crash/i.test(line) && !isOfflineNoise(line);
    if (this.verbose || (important && !this.muted)) log(`server: ${line}`);
  }

  /** Shutdown makes the extension host exit and the client disconnect; that is expected. */
  mute(): void {
    this.muted = true;
  }
}
