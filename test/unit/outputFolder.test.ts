/** Issue 8 item 10: an output folder's real path, and whether it leaves the workspace. */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { isInsideFolder, resolveRealFolder } from '../../src/core/takes/outputFolder';

describe('takes: output folder outside the workspace', () => {
  let root: string;
  beforeEach(() => (root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'lyrics-outfolder-')))));
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  it('resolves a symlinked takes folder, and a folder not made yet through its existing ancestor', async function () {
    if (process.platform === 'win32') this.skip();
    const workspace = path.join(root, 'ws');
    const elsewhere = path.join(root, 'elsewhere');
    fs.mkdirSync(workspace);
    fs.mkdirSync(elsewhere);
    fs.symlinkSync(elsewhere, path.join(workspace, 'takes'));
    assert.equal(await resolveRealFolder(path.join(workspace, 'takes')), elsewhere);
    assert.equal(await resolveRealFolder(path.join(workspace, 'takes', 'new', 'deeper')), path.join(elsewhere, 'new', 'deeper'));
    assert.equal(isInsideFolder(await resolveRealFolder(path.join(workspace, 'takes')), workspace), false);
    assert.equal(isInsideFolder(await resolveRealFolder(path.join(workspace, 'own')), workspace), true);
    assert.equal(isInsideFolder(await resolveRealFolder(path.join(workspace, '..', 'x')), workspace), false);
    assert.equal(isInsideFolder(path.join(root, 'ws-sibling'), workspace), false);
    assert.equal(isInsideFolder(workspace, workspace), true);
  });
});
