/**
 * Loads dist/editorFeatures.js (completion, hover, fixes, formatting,
 * symbols: src/core/editorFeatures.ts) the first time a feature asks, so the
 * activation bundle holds only what linting needs.
 */
import * as path from 'node:path';

export type EditorFeatures = typeof import('../core/editorFeatures');
let loaded: EditorFeatures | undefined;

export function editorFeatures(): EditorFeatures {
  // A path computed at run time, so esbuild leaves this require alone and the code stays in its own bundle.
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- lazy load of a sibling bundle (see above)
  loaded ??= require(path.join(__dirname, 'editorFeatures.js')) as EditorFeatures;
  return loaded;
}
