/**
 * Generate Song end to end in the real VS Code host, against the fake
 * provider server on loopback: real settings, real SecretStorage, real files.
 */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { GenerationOutcome } from '../../src/extension/generateSong';
import { startFakeProvider, type FakeProvider } from '../fakeProvider';
import { activeApi, closeAllEditorsWithoutSaving } from './waitFor';

const PROVIDERS = ['cloudflare', 'scenario', 'minimax'] as const;

function workspaceFolder(): string {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the integration tests run with a workspace folder open');
  return folder.uri.fsPath;
}

function listFiles(folder: string): string[] {
  return fs.existsSync(folder) ? fs.readdirSync(folder).sort() : [];
}

describe('Generate Song in a real VS Code host (fake provider on loopback)', function () {
  this.timeout(60_000);
  let fake: FakeProvider;
  let songsFolder: string;

  before(async () => {
    await activeApi();
    fake = await startFakeProvider({ scenario: { pollsPerStatus: 0 } });
    const config = vscode.workspace.getConfiguration('lyrics');
    for (const provider of PROVIDERS) {
      await config.update(`providers.${provider}.baseUrl`, fake.baseUrls[provider], vscode.ConfigurationTarget.Global);
      await vscode.commands.executeCommand('lyrics.setApiCredentials', { provider, credentials: fake.credentials[provider] });
    }
    songsFolder = fs.mkdtempSync(path.join(workspaceFolder(), 'songs-'));
  });

  after(async () => {
    await closeAllEditorsWithoutSaving();
    const config = vscode.workspace.getConfiguration('lyrics');
    for (const provider of PROVIDERS) {
      await config.update(`providers.${provider}.baseUrl`, undefined, vscode.ConfigurationTarget.Global);
      await vscode.commands.executeCommand('lyrics.clearApiCredentials', { provider });
    }
    await fake?.close();
  });

  beforeEach(() => fake.reset());

  function writeSong(name: string, frontMatter: string[], body = ['[Verse]', 'Windows down and the radio loud']): vscode.Uri {
    const file = path.join(songsFolder, `${name}.lyrics`);
    fs.writeFileSync(file, ['---', ...frontMatter, '---', ...body, ''].join('\n'));
    return vscode.Uri.file(file);
  }

  async function generate(uri: vscode.Uri): Promise<GenerationOutcome> {
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
    return await vscode.commands.executeCommand<GenerationOutcome>('lyrics.generateSong', uri);
  }

  for (const provider of PROVIDERS) {
    it(`saves a take and its sidecar with ${provider}`, async () => {
      const uri = writeSong(`song-${provider}`, [
        'prompt: Upbeat indie pop, 118 BPM',
        `provider: ${provider}`,
        ...(provider === 'scenario' ? [] : ['format: wav']),
      ]);
      const outcome = await generate(uri);
      assert.equal(outcome.status, 'saved', JSON.stringify(outcome));
      if (outcome.status !== 'saved') return;

      assert.equal(path.dirname(outcome.audioPath), path.join(songsFolder, 'takes'));
      assert.match(path.basename(outcome.audioPath), new RegExp(`^song-${provider}-\\d{8}-\\d{6}(-\\d+)?\\.(mp3|wav)$`));
      assert.equal(path.extname(outcome.audioPath), provider === 'scenario' ? '.mp3' : '.wav');
      const sidecar = JSON.parse(fs.readFileSync(outcome.sidecarPath, 'utf8')) as Record<string, unknown>;
      assert.equal(sidecar['audio'], path.basename(outcome.audioPath));
      assert.equal(sidecar['provider'], provider);
      assert.equal(sidecar['prompt'], 'Upbeat indie pop, 118 BPM');
      assert.equal(sidecar['lyrics'], '[Verse]\nWindows down and the radio loud');
      assert.ok(typeof sidecar['requestId'] === 'string' && sidecar['requestId'] !== '', 'a request id is recorded');
      assert.equal(fake.requestsFor('generate', provider).length, 1);
      // Nothing temporary is left behind.
      assert.deepEqual(
        listFiles(path.dirname(outcome.audioPath)).filter((f) => f.endsWith('.part')),
        [],
      );
    });
  }

  it('uses lyrics.defaultProvider when the front matter names none', async () => {
    const config = vscode.workspace.getConfiguration('lyrics');
    await config.update('defaultProvider', 'minimax', vscode.ConfigurationTarget.Global);
    try {
      const outcome = await generate(writeSong('default-provider', ['prompt: p']));
      assert.equal(outcome.status, 'saved', JSON.stringify(outcome));
      assert.equal(fake.requestsFor('generate', 'minimax').length, 1);
      assert.equal(fake.requestsFor('generate', 'cloudflare').length, 0);
    } finally {
      await config.update('defaultProvider', undefined, vscode.ConfigurationTarget.Global);
    }
  });

  it('stops on a lint error before anything is sent', async () => {
    const outcome = await generate(writeSong('broken', ['prompt: p', 'sample_rate: 48000']));
    assert.equal(outcome.status, 'blocked');
    assert.match(outcome.status === 'blocked' ? outcome.message : '', /line 3/);
    assert.equal(fake.requests.length, 0);
  });

  it('reports a provider failure as one typed error and leaves no file', async () => {
    fake.setFaults({ generate: { kind: 'status', status: 401, provider: 'cloudflare' } });
    const before = listFiles(path.join(songsFolder, 'takes'));
    const outcome = await generate(writeSong('unauthorised', ['prompt: p', 'provider: cloudflare']));
    assert.equal(outcome.status, 'failed');
    assert.equal(outcome.status === 'failed' ? outcome.kind : '', 'auth');
    assert.match(outcome.status === 'failed' ? outcome.message : '', /Cloudflare/);
    assert.deepEqual(listFiles(path.join(songsFolder, 'takes')), before);
  });

  it('reports a download that is not audio as bad-audio: no audio saved, the paid song kept in a recovery record', async () => {
    fake.setFaults({ download: { kind: 'htmlAsAudio' } });
    const before = listFiles(path.join(songsFolder, 'takes'));
    const outcome = await generate(writeSong('html-audio', ['prompt: p', 'provider: minimax']));
    assert.equal(outcome.status === 'failed' ? outcome.kind : outcome.status, 'bad-audio');
    const added = listFiles(path.join(songsFolder, 'takes')).filter((name) => !before.includes(name));
    assert.equal(added.length, 1, added.join(', '));
    assert.match(added[0] ?? '', /^html-audio-\d{8}-\d{6}\.pending\.json$/);
    assert.equal(outcome.status === 'failed' ? path.basename(outcome.recordPath ?? '') : '', added[0]);
    assert.match(outcome.status === 'failed' ? outcome.message : '', /generated and billed.*retry the download at no cost/);
    assert.equal(fake.requestsFor('generate').length, 1);
  });

  it('ignores a base URL set in the workspace: only the user’s own setting counts', async () => {
    const config = vscode.workspace.getConfiguration('lyrics');
    const inspected = config.inspect<string>('providers.cloudflare.baseUrl');
    assert.equal(inspected?.globalValue, fake.baseUrls.cloudflare);
    // Application-scoped settings cannot be written to the workspace at all.
    await assert.rejects(Promise.resolve(config.update('providers.cloudflare.baseUrl', 'https://attacker.example', vscode.ConfigurationTarget.Workspace)));
  });

  it('shows the provider and format in a CodeLens on the first line', async () => {
    const uri = writeSong('lens', ['prompt: p', 'provider: minimax', 'format: wav', 'sample_rate: 32000']);
    const document = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(document);
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri);
    const generateLens = lenses.find((lens) => lens.command?.command === 'lyrics.generateSong');
    assert.equal(generateLens?.command?.title, '▶ Generate Song · MiniMax · music-2.6 · wav 32 kHz');
    assert.equal(generateLens?.range.start.line, 0);
  });

  it('offers a “Set … credentials” CodeLens while the song’s provider has none', async () => {
    const uri = writeSong('lens-credentials', ['prompt: p', 'provider: scenario']);
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
    const keyLens = async () =>
      (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri)).find(
        (lens) => lens.command?.command === 'lyrics.setApiCredentials',
      );
    assert.equal(await keyLens(), undefined);
    await vscode.commands.executeCommand('lyrics.clearApiCredentials', { provider: 'scenario' });
    try {
      const lens = await keyLens();
      assert.equal(lens?.command?.title, '$(key) Set Scenario credentials');
      assert.deepEqual(lens?.command?.arguments, [{ provider: 'scenario' }]);
    } finally {
      await vscode.commands.executeCommand('lyrics.setApiCredentials', { provider: 'scenario', credentials: fake.credentials.scenario });
    }
    assert.equal(await keyLens(), undefined);
  });

  it('never writes credentials into the take’s files', async () => {
    const outcome = await generate(writeSong('no-secrets', ['prompt: p', 'provider: scenario']));
    assert.equal(outcome.status, 'saved', JSON.stringify(outcome));
    const takes = path.join(songsFolder, 'takes');
    const secrets = [
      fake.credentials.cloudflare.apiToken,
      fake.credentials.scenario.apiKey,
      fake.credentials.scenario.apiSecret,
      fake.credentials.minimax.apiKey,
    ];
    for (const file of listFiles(takes)) {
      const content = fs.readFileSync(path.join(takes, file)).toString('latin1');
      for (const secret of secrets) assert.ok(!content.includes(secret), `${file} contains a credential`);
    }
  });
});
