import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';

const repoRoot = path.resolve(__dirname, '../../..');

function sourceFiles(directory: string): string[] {
  return fs.readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(directory, entry.name);
    return entry.isDirectory() ? sourceFiles(full) : entry.name.endsWith('.ts') ? [full] : [];
  });
}

describe('architecture', () => {
  it('src/core imports nothing from vscode', () => {
    const offenders = sourceFiles(path.join(repoRoot, 'src', 'core')).filter((file) =>
      /(?:from\s+|require\(\s*|import\(\s*)['"]vscode['"]/.test(fs.readFileSync(file, 'utf8')),
    );
    assert.deepEqual(offenders, []);
  });

  it('src/core and src/cli never import the editor adapters', () => {
    const offenders = [...sourceFiles(path.join(repoRoot, 'src', 'core')), ...sourceFiles(path.join(repoRoot, 'src', 'cli'))].filter((file) =>
      /from\s+['"][./]*(?:\.\.\/)+extension\//.test(fs.readFileSync(file, 'utf8')),
    );
    assert.deepEqual(offenders, []);
  });
});

/** Every module specifier a file imports (static, dynamic and require). */
function importsOf(file: string): string[] {
  const text = fs.readFileSync(file, 'utf8');
  return [...text.matchAll(/(?:from\s+|require\(\s*|import\(\s*)['"]([^'"]+)['"]/g)].map((match) => match[1] ?? '');
}

describe('architecture: the webview and the shared protocol', () => {
  it('src/shared and src/webview import neither node:*, vscode nor core (they run in the browser)', () => {
    const offenders = [...sourceFiles(path.join(repoRoot, 'src', 'shared')), ...sourceFiles(path.join(repoRoot, 'src', 'webview'))].flatMap((file) =>
      importsOf(file)
        .filter((specifier) => specifier.startsWith('node:') || specifier === 'vscode' || /(?:^|\/)core\//.test(specifier) || /\.\.\/core$/.test(specifier))
        .map((specifier) => `${path.relative(repoRoot, file)} → ${specifier}`),
    );
    assert.deepEqual(offenders, []);
  });

  it('the activation bundle holds no network code (undici loads with dist/generateSong.js, on first use)', function () {
    const bundle = path.join(repoRoot, 'dist', 'extension.js');
    assert.ok(fs.existsSync(bundle), 'run `npm run build` first');
    const text = fs.readFileSync(bundle, 'utf8');
    // Strings undici's bundle always carries; the generate bundle has them, the activation bundle must not.
    assert.doesNotMatch(text, /UND_ERR_|undici/);
    assert.match(fs.readFileSync(path.join(repoRoot, 'dist', 'generateSong.js'), 'utf8'), /UND_ERR_/, 'the check itself can see undici');
    assert.ok(text.length <= 200 * 1024, `dist/extension.js is ${Math.round(text.length / 1024)} KB`);
  });
});

describe('one home for each fact: the manifest agrees with core', () => {
  interface Manifest {
    contributes: { configuration: { properties: Record<string, { default?: unknown; enum?: unknown[]; minimum?: number; maximum?: number }> } };
  }
  const manifest = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as Manifest;
  const setting = (name: string) => manifest.contributes.configuration.properties[name];

  it('defaults and ranges of the settings are core’s constants', async () => {
    const { DEFAULT_PROVIDER, PROVIDER_IDS } = await import('../../src/core/schema');
    const { DEFAULT_OUTPUT_FOLDER } = await import('../../src/core/takes/naming');
    const { DEFAULT_TIMEOUT_MINUTES, MIN_TIMEOUT_MINUTES, MAX_TIMEOUT_MINUTES } = await import('../../src/core/generate/timeout');
    assert.equal(setting('lyrics.defaultProvider')?.default, DEFAULT_PROVIDER);
    assert.deepEqual(setting('lyrics.defaultProvider')?.enum, [...PROVIDER_IDS]);
    assert.equal(setting('lyrics.outputFolder')?.default, DEFAULT_OUTPUT_FOLDER);
    assert.equal(setting('lyrics.requestTimeoutMinutes')?.default, DEFAULT_TIMEOUT_MINUTES);
    assert.equal(setting('lyrics.requestTimeoutMinutes')?.minimum, MIN_TIMEOUT_MINUTES);
    assert.equal(setting('lyrics.requestTimeoutMinutes')?.maximum, MAX_TIMEOUT_MINUTES);
  });

  it('provider names are written in one place (core/schema.ts PROVIDER_NAMES)', () => {
    // The webview included: it shows the names the host sends (providerName in the protocol), so it keeps no copy.
    const offenders = sourceFiles(path.join(repoRoot, 'src'))
      .filter((file) => !file.endsWith(path.join('core', 'schema.ts')))
      .filter((file) => /cloudflare:\s*'Cloudflare'|\{\s*cloudflare:\s*'Cloudflare',\s*scenario:/.test(fs.readFileSync(file, 'utf8')));
    assert.deepEqual(
      offenders.map((file) => path.relative(repoRoot, file)),
      [],
    );
  });
});

describe('architecture: no folder cycles in core', () => {
  it('core/providers never imports core/generate (errors and names live at core’s top level)', () => {
    const offenders = sourceFiles(path.join(repoRoot, 'src', 'core', 'providers')).flatMap((file) =>
      importsOf(file)
        .filter((specifier) => /(?:^|\/)generate\//.test(specifier))
        .map((specifier) => `${path.relative(repoRoot, file)} → ${specifier}`),
    );
    assert.deepEqual(offenders, []);
  });
});

describe('architecture: no import cycles in src', () => {
  /** The src files a file imports (type imports and re-exports included), resolved to paths; packages and node:* left out. */
  function localImportsOf(file: string): string[] {
    const text = fs.readFileSync(file, 'utf8');
    const specifiers = [...text.matchAll(/(?:\bfrom\s+|^\s*import\s+|require\(\s*|import\(\s*)['"](\.{1,2}\/[^'"]*)['"]/gm)].map((match) => match[1] ?? '');
    return specifiers.flatMap((specifier) => {
      const base = path.resolve(path.dirname(file), specifier);
      const found = [`${base}.ts`, path.join(base, 'index.ts')].find((candidate) => fs.existsSync(candidate));
      return found ? [found] : [];
    });
  }

  /** The strongly connected components with more than one member (or a member importing itself): each is a cycle. */
  function cyclesOf(graph: ReadonlyMap<string, readonly string[]>): string[][] {
    const index = new Map<string, number>();
    const low = new Map<string, number>();
    const stack: string[] = [];
    const onStack = new Set<string>();
    const cycles: string[][] = [];
    const visit = (node: string): void => {
      index.set(node, index.size);
      low.set(node, index.get(node) ?? 0);
      stack.push(node);
      onStack.add(node);
      for (const next of graph.get(node) ?? []) {
        if (!index.has(next)) {
          visit(next);
          low.set(node, Math.min(low.get(node) ?? 0, low.get(next) ?? 0));
        } else if (onStack.has(next)) {
          low.set(node, Math.min(low.get(node) ?? 0, index.get(next) ?? 0));
        }
      }
      if (low.get(node) !== index.get(node)) return;
      const component: string[] = [];
      let member: string | undefined;
      do {
        member = stack.pop();
        if (member === undefined) break;
        onStack.delete(member);
        component.push(member);
      } while (member !== node);
      if (component.length > 1 || (graph.get(node) ?? []).includes(node)) cycles.push(component.sort());
    };
    for (const node of graph.keys()) if (!index.has(node)) visit(node);
    return cycles;
  }

  const srcRoot = path.join(repoRoot, 'src');
  const files = sourceFiles(srcRoot);
  const fileGraph = new Map(files.map((file) => [file, localImportsOf(file)]));
  const relative = (file: string): string => path.relative(srcRoot, file);

  it('no two files of src import each other, directly or round a loop (type imports count)', () => {
    assert.deepEqual(
      cyclesOf(fileGraph).map((cycle) => cycle.map(relative)),
      [],
    );
  });

  it('no two folders of src/core import each other (its top-level files count as one folder, core/)', () => {
    const core = path.join(srcRoot, 'core');
    const folderOf = (file: string): string => path.relative(srcRoot, path.dirname(file));
    const folderGraph = new Map<string, string[]>();
    for (const [file, imports] of fileGraph) {
      if (!file.startsWith(core + path.sep)) continue;
      const from = folderOf(file);
      const targets = imports.filter((target) => target.startsWith(core + path.sep)).map(folderOf);
      folderGraph.set(from, [...new Set([...(folderGraph.get(from) ?? []), ...targets.filter((to) => to !== from)])]);
    }
    assert.ok(folderGraph.size >= 4, `core's folders: ${[...folderGraph.keys()].join(', ')}`);
    assert.deepEqual(cyclesOf(folderGraph), []);
  });
});

describe('architecture: the language data stays out of the activation bundle', () => {
  it('dist/extension.js holds no dictionary data (CMUdict is dist/data/cmudict.txt, the ear is dist/ear.js, both read on first use)', () => {
    // ARPAbet vowels with a stress digit: every CMUdict line has one, and so does the ear's code (its sung forms and rules).
    const phones = /\b(?:AA|AE|AH|AO|AW|AY|EH|ER|EY|IH|IY|OW|OY|UH|UW)[012]\b/;
    const dist = path.join(repoRoot, 'dist');
    assert.ok(fs.existsSync(path.join(dist, 'data', 'cmudict.txt')), 'run `npm run build` first');
    assert.match(fs.readFileSync(path.join(dist, 'data', 'cmudict.txt'), 'latin1').slice(0, 4096), phones, 'the check itself can see phones');
    assert.match(fs.readFileSync(path.join(dist, 'ear.js'), 'utf8'), phones, 'and the ear bundle has them');
    assert.doesNotMatch(fs.readFileSync(path.join(dist, 'extension.js'), 'utf8'), phones);
  });
});
