import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DIAGNOSTIC_CODES } from '../../src/core/lint';
import { METER_MISMATCH } from '../../src/extension/ear/presentation';

const rulesPath = path.resolve(__dirname, '../../../docs/rules.md');
/** The lint's codes and the editor's own (the meter check: src/extension/ear/meterCheck.ts). */
const CODES: readonly string[] = [...DIAGNOSTIC_CODES, METER_MISMATCH];

describe('docs/rules.md, the page every diagnostic links to', () => {
  const text = fs.readFileSync(rulesPath, 'utf8');
  // The same headings the editor's links point at (src/extension/diagnostics.ts).
  const headings = text.split(/\r?\n/).flatMap((line) => /^## ([a-z0-9-]+)\s*$/.exec(line)?.[1] ?? []);

  it('has exactly one "## <code>" heading per diagnostic code', () => {
    for (const code of CODES) {
      assert.equal(headings.filter((heading) => heading === code).length, 1, `## ${code}`);
    }
  });

  it('has no heading for a code that does not exist', () => {
    assert.deepEqual(
      headings.filter((heading) => !CODES.includes(heading)),
      [],
    );
  });

  it('says for every code what it checks, why, and how to fix it', () => {
    const sections = text.split(/^## /m).slice(1);
    for (const section of sections) {
      const name = section.split('\n', 1)[0];
      for (const part of ['**Checks**', '**Why.**', '**Fix.**']) assert.ok(section.includes(part), `${name}: ${part}`);
      assert.match(section, /```/, `${name}: an example`);
    }
  });
});
