/** The built language data (dist/data, from `npm run build`) for the ear's suites. */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadLanguageData, type Dictionary } from '../../src/core/ear';

export const repoRoot = path.resolve(__dirname, '../../..');
export const dataFolder = path.join(repoRoot, 'dist', 'data');

/** The dictionary of dist/data, loaded once (loadLanguageData shares the load). */
export async function builtDictionary(): Promise<Dictionary> {
  assert.ok(fs.existsSync(path.join(dataFolder, 'cmudict.txt')), 'run `npm run build` first (dist/data is missing)');
  return loadLanguageData(dataFolder);
}
