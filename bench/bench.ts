/**
 * `npm run bench`: the performance figures the issues ask for, printed as
 * medians and ratios. Never asserted in tests: timing on a shared 2-core
 * machine is too noisy to fail a build on, so the numbers are read by people.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import Module from 'node:module';
import { lintLyrics } from '../src/core/lint';
import { benchGrammar } from './grammar';
import { maxSizeDocument } from './documents';
import { median, timeMs } from './measure';

const repoRoot = path.resolve(__dirname, '../..');

function line(name: string, value: string, target = ''): void {
  console.log(`${name.padEnd(58)} ${value.padStart(14)}  ${target}`);
}

function lintFigures(): void {
  console.log('\nLint (core, plain Node)');
  const max = maxSizeDocument();
  const maxMedian = median(timeMs(() => lintLyrics(max), { warmup: 200, runs: 1000 }));
  line('max-size document (2,000-char prompt, 3,500-char lyrics)', `${maxMedian.toFixed(3)} ms`, 'target ≤ 0.5 ms');

  const sizes = [1, 2, 4];
  const perMb: number[] = [];
  for (const mb of sizes) {
    const text = largeDocument(mb * 1024 * 1024);
    const ms = median(timeMs(() => lintLyrics(text), { warmup: 3, runs: 11 }));
    perMb.push(ms / mb);
    line(`${mb} MB document`, `${ms.toFixed(1)} ms`, mb === 1 ? 'target ≤ 50 ms' : '');
  }
  const growth = (perMb[perMb.length - 1] ?? 0) / (perMb[0] ?? 1);
  line('cost per MB, 4 MB vs 1 MB (1.00 = linear)', `${growth.toFixed(2)}×`, 'linear ≈ 1');
}

function largeDocument(bytes: number): string {
  const frontMatter = '---\nprompt: Upbeat indie pop, 118 BPM\n---\n';
  const block = '[Verse]\nWindows down and the radio loud (ooh)\n# note to self\nChasing the sun 🎸 past the edge of town\n\n';
  return frontMatter + block.repeat(Math.ceil(bytes / block.length));
}

/**
 * Size of the activation bundle, and the time to require it and call
 * `activate`. VS Code is not available in plain Node, so `vscode` resolves to
 * a small stand-in that provides the handful of API calls activation makes;
 * the figure is the extension's own load and wiring cost, not VS Code's.
 */
function activationFigures(): void {
  console.log('\nActivation bundle');
  const bundle = path.join(repoRoot, 'dist', 'extension.js');
  const size = fs.statSync(bundle).size;
  line('dist/extension.js size', `${(size / 1024).toFixed(1)} KB`, 'target ≤ 200 KB');
  const source = fs.readFileSync(bundle, 'utf8');
  line('dist/extension.js mentions undici/http (must be 0)', String((source.match(/undici|require\("https?"\)/g) ?? []).length));

  const standIn = vscodeStandIn();
  const resolve = (Module as unknown as { _resolveFilename: (request: string, ...rest: unknown[]) => string })._resolveFilename;
  const loadTimes: number[] = [];
  for (let run = 0; run < 15; run++) {
    delete require.cache[bundle];
    const started = process.hrtime.bigint();
    (Module as unknown as { _resolveFilename: unknown })._resolveFilename = (request: string, ...rest: unknown[]) =>
      request === 'vscode' ? 'vscode-stand-in' : resolve(request, ...rest);
    require.cache['vscode-stand-in'] = { exports: standIn } as NodeJS.Module;
    const extension = require(bundle) as { activate: (context: unknown) => unknown };
    extension.activate({ subscriptions: [] });
    loadTimes.push(Number(process.hrtime.bigint() - started) / 1e6);
    (Module as unknown as { _resolveFilename: unknown })._resolveFilename = resolve;
  }
  line('require + activate, first (cold) run', `${(loadTimes[0] ?? 0).toFixed(2)} ms`);
  line('require + activate, median of warm runs', `${median(loadTimes.slice(1)).toFixed(2)} ms`);
}

function vscodeStandIn(): Record<string, unknown> {
  const disposable = { dispose: () => undefined };
  const event = () => disposable;
  class EventEmitter {
    event = event;
    fire(): void {}
    dispose(): void {}
  }
  return {
    EventEmitter,
    Disposable: { from: () => disposable },
    ThemeColor: class {},
    MarkdownString: class {},
    DiagnosticSeverity: { Error: 0, Warning: 1, Information: 2, Hint: 3 },
    StatusBarAlignment: { Left: 1, Right: 2 },
    languages: { createDiagnosticCollection: () => ({ set() {}, delete() {}, dispose() {} }) },
    window: {
      createStatusBarItem: () => ({ show() {}, hide() {}, dispose() {} }),
      onDidChangeActiveTextEditor: event,
      activeTextEditor: undefined,
    },
    workspace: {
      textDocuments: [],
      onDidOpenTextDocument: event,
      onDidChangeTextDocument: event,
      onDidCloseTextDocument: event,
    },
  };
}

async function main(): Promise<void> {
  console.log(`Lyrics Studio bench — Node ${process.version}, ${new Date().toISOString()}`);
  lintFigures();
  console.log('\nGrammar (vscode-textmate + vscode-oniguruma)');
  for (const figure of await benchGrammar()) line(figure.name, figure.value, figure.target ?? '');
  activationFigures();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
