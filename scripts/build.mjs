// Bundles the extension (Node, `vscode` external) and the CLI with esbuild.
// The extension bundle is what VS Code loads on activation, so it is minified
// and kept small: nothing network-related may be reachable from
// src/extension/extension.ts at load time (later features load lazily).
import * as fs from 'node:fs';
import * as esbuild from 'esbuild';
import { buildLanguageData } from './buildLanguageData.mjs';

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  // Minified with a linked source map: small to load, still debuggable.
  minify: true,
  sourcemap: 'linked',
  logLevel: 'warning',
  legalComments: 'none',
};

const watch = process.argv.includes('--watch');

/**
 * In watch mode, prints the lines the `esbuild-watch` problem matcher in
 * .vscode/tasks.json waits for (as vscode-extension-samples' esbuild-sample
 * does), and each error as `✘ [ERROR] text` + `file:line:col:`.
 */
const watchReporter = {
  name: 'watch-reporter',
  setup(build) {
    build.onStart(() => console.log('[watch] build started'));
    build.onEnd((result) => {
      for (const { text, location } of result.errors) {
        console.error(`✘ [ERROR] ${text}`);
        if (location) console.error(`    ${location.file}:${location.line}:${location.column}:`);
      }
      console.log('[watch] build finished');
    });
  },
};

const options = [
  {
    ...common,
    entryPoints: ['src/extension/extension.ts'],
    outfile: 'dist/extension.js',
    external: ['vscode'],
  },
  // Completion, hover, fixes, formatting and symbols: loaded on the first use of any, never at activation.
  {
    ...common,
    entryPoints: ['src/core/editorFeatures.ts'],
    outfile: 'dist/editorFeatures.js',
  },
  // Loaded by the extension on the first Generate Song, never at activation.
  {
    ...common,
    entryPoints: ['src/extension/generateSong.ts'],
    outfile: 'dist/generateSong.js',
    external: ['vscode'],
  },
  // Draft and Rewrite with AI (MiniMax's lyrics model, the diff preview): loaded on the first use of either.
  {
    ...common,
    entryPoints: ['src/extension/lyricsAi.ts'],
    outfile: 'dist/lyricsAi.js',
    external: ['vscode'],
  },
  // The Lyrics Player's host side: loaded when a player opens (or is restored), never at activation.
  {
    ...common,
    entryPoints: ['src/extension/player/playerService.ts'],
    outfile: 'dist/player.js',
    external: ['vscode'],
  },
  // The songwriter's ear (core/ear: syllables, rhymes, the `syllable` package), loaded by the editor on
  // the first hint, hover or rhyme look-up, never at activation; its data is read from dist/data/.
  {
    ...common,
    entryPoints: ['src/core/ear/index.ts'],
    outfile: 'dist/ear.js',
  },
  // The ear's editor features (inlay hints, rhyme colours, meter check, rhyme completion, hovers): started once a
  // song is open, after activation, so the activation bundle stays small; they require dist/ear.js in turn.
  {
    ...common,
    entryPoints: ['src/extension/ear/earEditor.ts'],
    outfile: 'dist/earEditor.js',
    external: ['vscode'],
  },
  // The player's webview script, for the browser. It lives under media/ because the
  // webview may load files only from media/ and the takes folder (localResourceRoots).
  {
    entryPoints: ['src/webview/player/main.ts'],
    outfile: 'media/generated/player.js',
    bundle: true,
    platform: 'browser',
    format: 'iife',
    // VS Code 1.90's Electron and today's browsers.
    target: ['chrome120', 'firefox115', 'safari16'],
    minify: true,
    sourcemap: 'linked',
    logLevel: 'warning',
    legalComments: 'none',
  },
  {
    ...common,
    entryPoints: ['src/cli/cli.ts'],
    outfile: 'dist/cli.js',
    banner: { js: '#!/usr/bin/env node' },
  },
];

if (watch) {
  const contexts = await Promise.all(options.map((option) => esbuild.context({ ...option, plugins: [watchReporter] })));
  await Promise.all(contexts.map((context) => context.watch()));
} else {
  await Promise.all(options.map((option) => esbuild.build(option)));
}

// The ear's dictionary, word ranks, synonyms and Han rhyme groups (dist/data/, read on first use; skipped when up to date).
await buildLanguageData();

// Codicons for the player's buttons: the font and its stylesheet, served from media/.
const codiconsOut = 'media/generated/codicons';
fs.mkdirSync(codiconsOut, { recursive: true });
for (const file of ['codicon.css', 'codicon.ttf']) {
  fs.copyFileSync(`node_modules/@vscode/codicons/dist/${file}`, `${codiconsOut}/${file}`);
}
