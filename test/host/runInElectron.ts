// `npm run test:electron`: the same integration suite as test:integration, in
// desktop VS Code via @vscode/test-electron. Needs internet (it downloads VS
// Code into .vscode-test/) and a display (on headless Linux: xvfb-run -a).
// Machines without either use `npm run test:integration` (runInCodeServer.ts).
//
// Environment:
//   LYRICS_VSCODE_VERSION     VS Code to download (default: the version code-server
//                             bundles, so both hosts test the same VS Code; or 'stable')
//   LYRICS_VSCODE_EXECUTABLE  use this VS Code instead of downloading one
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runTests, TestRunFailedError } from '@vscode/test-electron';
import { BUNDLED_VSCODE_VERSION } from './codeServer';

// out/test/host/runInElectron.js -> repository root
const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');
const TEST_INDEX = path.join(REPO_ROOT, 'out', 'test', 'integration', 'index');
const FIXTURE_WORKSPACE = path.join(REPO_ROOT, 'test', 'fixtures', 'workspace');

async function main(): Promise<number> {
  const executable = process.env['LYRICS_VSCODE_EXECUTABLE'];
  const version = process.env['LYRICS_VSCODE_VERSION'] ?? BUNDLED_VSCODE_VERSION;
  if (process.platform === 'linux' && !process.env['DISPLAY'] && !process.env['WAYLAND_DISPLAY']) {
    console.warn('[test-electron] no DISPLAY: desktop VS Code will not start; run under `xvfb-run -a npm run test:electron`');
  }

  // Tests may edit files; they get a fresh copy each run.
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'lyrics-electron-'));
  const workspace = path.join(scratch, 'workspace');
  fs.cpSync(FIXTURE_WORKSPACE, workspace, { recursive: true });
  try {
    return await runTests({
      ...(executable ? { vscodeExecutablePath: executable } : { version }),
      extensionDevelopmentPath: REPO_ROOT,
      extensionTestsPath: TEST_INDEX,
      launchArgs: [
        workspace,
        '--disable-extensions', // only the extension under development (and built-ins)
        // A fresh temp folder would open in Restricted Mode, where this extension
        // is disabled; the code-server harness disables trust the same way.
        '--disable-workspace-trust',
      ],
    });
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}

main().then(
  (exitCode) => process.exit(exitCode),
  (error: unknown) => {
    if (error instanceof TestRunFailedError) {
      console.error(`[test-electron] FAILED: ${error.message}`);
    } else {
      const message = error instanceof Error ? error.message : String(error);
      console.error(`[test-electron] FAILED before the tests could run: ${message}`);
      if (!process.env['LYRICS_VSCODE_EXECUTABLE']) {
        console.error(
          '[test-electron] @vscode/test-electron downloads VS Code from update.code.visualstudio.com. ' +
            'Offline, run `npm run test:integration` (real VS Code via code-server, no download), ' +
            'or point LYRICS_VSCODE_EXECUTABLE at an installed VS Code.',
        );
      }
    }
    process.exit(1);
  },
);
