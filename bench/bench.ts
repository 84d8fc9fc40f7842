/**
 * `npm run bench`: the performance figures the issues ask for, printed as
 * medians and ratios. Never asserted in tests: timing on a shared 2-core
 * machine is too noisy to fail a build on, so the numbers are read by people.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import Module from 'node:module';
import { lintLyrics } from '../src/core/lint';
import { execFileSync } from 'node:child_process';
import { benchGrammar } from './grammar';
import { benchPlayer } from './player';
import { benchCodeActions } from './codeActions';
import { benchOutlineFormat } from './outlineFormat';
import { benchWritingRoom } from './writingRoom';
import { MAX_FRONT_MATTER_CHARS, MAX_FRONT_MATTER_LINES } from '../src/core/document';
import { boundFrontMatterDocument, largeFrontMatterDocument, maxSizeDocument } from './documents';
import { median, splitLinesAndCountCodePoints, timeMs } from './measure';

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

  // Front matter: past its bounds it is one diagnostic, not parsed (40,000 keys took 47 s before).
  const bigFrontMatter = largeFrontMatterDocument(1024 * 1024);
  const bigFrontMatterMs = median(timeMs(() => lintLyrics(bigFrontMatter), { warmup: 3, runs: 11 }));
  line('1 MB front matter (46,000 keys)', `${bigFrontMatterMs.toFixed(1)} ms`, 'target ≤ 50 ms');
  const atBound = boundFrontMatterDocument(MAX_FRONT_MATTER_LINES, MAX_FRONT_MATTER_CHARS);
  const atBoundMs = median(timeMs(() => lintLyrics(atBound), { warmup: 3, runs: 21 }));
  line(`front matter at the bounds (${MAX_FRONT_MATTER_LINES} keys, parsed)`, `${atBoundMs.toFixed(1)} ms`, 'target ≤ 100 ms');

  // The same figures as ratios to a floor measured in the same run, so they read the same on any machine.
  console.log('  lint ÷ one pass that only splits lines and counts code points (same text):');
  for (const [name, text] of [
    ['max-size document', max],
    ['1 MB document', largeDocument(1024 * 1024)],
    ['1 MB front matter', bigFrontMatter],
  ] as const) {
    const runs = text.length > 100_000 ? { warmup: 3, runs: 11 } : { warmup: 200, runs: 1000 };
    const lintMs = median(timeMs(() => lintLyrics(text), runs));
    const floorMs = median(timeMs(() => splitLinesAndCountCodePoints(text), runs));
    line(`  ${name}`, `${(lintMs / floorMs).toFixed(1)}×`, `(${lintMs.toFixed(2)} ms ÷ ${floorMs.toFixed(3)} ms)`);
  }
}

function largeDocument(bytes: number): string {
  const frontMatter = '---\nprompt: Upbeat indie pop, 118 BPM\n---\n';
  const block = '[Verse]\nWindows down and the radio loud (ooh)\n# note to self\nChasing the sun 🎸 past the edge of town\n\n';
  return frontMatter + block.repeat(Math.ceil(bytes / block.length));
}

/**
 * Size of the activation bundle, and the time to require it and call
 * `activate`. VS Code is not available in plain Node, so `vscode` resolves to
 * an inert stand-in (every property, call and `new` gives the stand-in back);
 * the figure is the extension's own load and wiring cost, not VS Code's.
 */
function activationFigures(): void {
  console.log('\nActivation bundle');
  const bundle = path.join(repoRoot, 'dist', 'extension.js');
  const size = fs.statSync(bundle).size;
  line('dist/extension.js size', `${(size / 1024).toFixed(1)} KB`, 'target ≤ 200 KB');
  const source = fs.readFileSync(bundle, 'utf8');
  line('dist/extension.js mentions undici/http (must be 0)', String((source.match(/undici|require\("https?"\)/g) ?? []).length));
  const lazy = path.join(repoRoot, 'dist', 'generateSong.js');
  line('dist/generateSong.js size (loaded on first generation)', `${(fs.statSync(lazy).size / 1024).toFixed(1)} KB`);

  const standIn = inertStandIn();
  const moduleInternals = Module as unknown as { _resolveFilename: (request: string, ...rest: unknown[]) => string };
  const resolve = moduleInternals._resolveFilename;
  const loadTimes: number[] = [];
  for (let run = 0; run < 15; run++) {
    // Measuring a cold load means forgetting the cached module each run.
    // eslint-disable-next-line @typescript-eslint/no-dynamic-delete
    delete require.cache[bundle];
    const started = process.hrtime.bigint();
    moduleInternals._resolveFilename = (request: string, ...rest: unknown[]) => (request === 'vscode' ? 'vscode-stand-in' : resolve(request, ...rest));
    require.cache['vscode-stand-in'] = { exports: standIn } as NodeJS.Module;
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- the bundle is loaded as VS Code loads it
    const extension = require(bundle) as { activate: (context: unknown) => unknown };
    extension.activate(standIn[CONTEXT]);
    loadTimes.push(Number(process.hrtime.bigint() - started) / 1e6);
    moduleInternals._resolveFilename = resolve;
  }
  line('require + activate, first (cold) run', `${(loadTimes[0] ?? 0).toFixed(2)} ms`);
  line('require + activate, median of warm runs', `${median(loadTimes.slice(1)).toFixed(2)} ms`);
}

/**
 * An object that is every API at once and does nothing: enough to run
 * `activate` outside VS Code. Its top-level names come from @types/vscode,
 * because esbuild's ESM interop copies the module's own property names.
 */
const CONTEXT = Symbol('extension context');

function inertStandIn(): Record<string | symbol, unknown> {
  const inert: unknown = new Proxy(function inertFunction(): void {}, {
    get: (_target, property) => {
      if (property === 'then') return undefined; // not a promise
      if (property === Symbol.iterator) return function* empty() {};
      if (property === Symbol.toPrimitive) return () => 0;
      return inert;
    },
    set: () => true, // assignments (item.text = …) are accepted and forgotten
    apply: () => inert,
    construct: () => inert as object,
  });
  const declarations = fs.readFileSync(require.resolve('@types/vscode/index.d.ts'), 'utf8');
  const names = [...declarations.matchAll(/^\s{0,4}export (?:namespace|class|enum|const|function|let) (\w+)/gm)].map((m) => m[1] ?? '');
  // `inert` itself doubles as the ExtensionContext handed to activate.
  return { ...Object.fromEntries(names.map((name) => [name, inert])), [CONTEXT]: inert };
}

async function main(): Promise<void> {
  console.log(`Lyrics Studio bench — Node ${process.version}, ${new Date().toISOString()}`);
  lintFigures();
  console.log('\nGrammar (vscode-textmate + vscode-oniguruma)');
  for (const figure of await benchGrammar()) line(figure.name, figure.value, figure.target ?? '');
  console.log('\nThe writing room (core, plain Node; each a ratio to the lint of the same song in the same run, goal ≤ 2×)');
  for (const figure of [...benchWritingRoom(), ...benchCodeActions(), ...benchOutlineFormat()]) line(figure.name, figure.value, figure.target ?? '');
  // A fresh process with --expose-gc: the dictionary's memory is measured without the benches above in the heap.
  process.stdout.write(execFileSync(process.execPath, ['--expose-gc', path.join(__dirname, 'ear.js')], { encoding: 'utf8' }));
  activationFigures();
  console.log('\nDownload (fake provider on loopback, real undici download path)');
  // A fresh process, so the memory figure is not coloured by the benchmarks above.
  process.stdout.write(execFileSync(process.execPath, ['--expose-gc', path.join(__dirname, 'download.js')], { encoding: 'utf8' }));
  console.log('\nPlayer (real VS Code server + Chromium, 6-minute 44.1 kHz stereo WAV)');
  for (const figure of await benchPlayer()) line(figure.name, figure.value, figure.target ?? '');
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
