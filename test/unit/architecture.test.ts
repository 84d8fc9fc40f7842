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
    const offenders = [...sourceFiles(path.join(repoRoot, 'src', 'core')), ...sourceFiles(path.join(repoRoot, 'src', 'cli'))].filter(
      (file) => /from\s+['"][./]*(?:\.\.\/)+extension\//.test(fs.readFileSync(file, 'utf8')),
    );
    assert.deepEqual(offenders, []);
  });
});
