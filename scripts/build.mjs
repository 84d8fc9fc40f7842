// Bundles the extension (Node, `vscode` external) and the CLI with esbuild.
// The extension bundle is what VS Code loads on activation, so it is minified
// and kept small: nothing network-related may be reachable from
// src/extension/extension.ts at load time (later features load lazily).
import * as esbuild from 'esbuild';

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

await Promise.all([
  esbuild.build({
    ...common,
    entryPoints: ['src/extension/extension.ts'],
    outfile: 'dist/extension.js',
    external: ['vscode'],
  }),
  // Loaded by the extension on the first Generate Song, never at activation.
  esbuild.build({
    ...common,
    entryPoints: ['src/extension/generateSong.ts'],
    outfile: 'dist/generateSong.js',
    external: ['vscode'],
  }),
  esbuild.build({
    ...common,
    entryPoints: ['src/cli/cli.ts'],
    outfile: 'dist/cli.js',
    banner: { js: '#!/usr/bin/env node' },
  }),
]);
