/**
 * `Lyrics: Draft Lyrics with AI` and `Lyrics: Rewrite with AI…`, on MiniMax's
 * lyrics model ($0.01 a call, on the MiniMax key in SecretStorage whatever
 * the song's own provider). Bundled apart from the activation bundle
 * (dist/lyricsAi.js) and loaded the first time one runs, so undici and the
 * lyrics client cost nothing until then.
 *
 * Nothing changes without the writer: a draft fills only a song whose lyrics
 * are empty (else it opens as a new untitled song), and a rewrite opens as a
 * diff to accept or discard (lyricsAiPreview.ts). Every run ends in one
 * notification; the commands resolve with what happened, for tests and scripts.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { SongAnalysis } from '../core/analysis';
import { findEntry } from '../core/document';
import { GenerationError, PROVIDER_NAMES } from '../core/errors';
import type { DroppedComment } from '../core/lyricsAi/plan';
import { editPrompt, type SectionShape } from '../core/lyricsAi/constraints';
import { draftSongText } from '../core/lyricsAi/draft';
import { lyricsTargetProblem, planRewrite } from '../core/lyricsAi/plan';
import { lyricsRequestProblem, requestLyrics, type LyricsAnswer, type LyricsRequest } from '../core/lyricsAi/request';
import { scopePhrases, sectionsInLines, shapeOf } from '../core/lyricsAi/shape';
import { checkBaseUrl } from '../core/net/baseUrl';
import { formatLogEntry } from '../core/net/redact';
import { minimaxClient } from '../core/providers/minimax';
import { endSentence } from '../core/text';
import type { CredentialStore } from './credentials';
import { isLyricsDocument, LYRICS_LANGUAGE_ID, type LintCache } from './lintCache';
import { ProposalStore, type ProposalOutcome } from './lyricsAiPreview';
import { readSettings } from './settings';

export type { ProposalOutcome } from './lyricsAiPreview';

export interface LyricsAiDependencies {
  readonly credentials: CredentialStore;
  readonly cache: LintCache;
  /** The request log; passed in (this is a separate bundle: an import would make a second channel). */
  readonly log: () => vscode.LogOutputChannel;
  /** Where the one-time cost note is remembered (globalState). */
  readonly state: vscode.Memento;
  /** VS Code's Test mode: a `timeoutMs` argument is honoured, so a test of a hang ends in a moment. */
  readonly testMode: boolean;
}

/** What the commands take besides a Uri: a script or test answers the questions in advance. */
interface LyricsAiArguments {
  readonly uri?: vscode.Uri | undefined;
  /** Rewrite: the selection whose sections are to change. */
  readonly range?: vscode.Range | undefined;
  /** Draft: the prompt (skips the input box). */
  readonly prompt?: string | undefined;
  /** Rewrite: the instruction (skips the input box). */
  readonly instruction?: string | undefined;
  /** Rewrite: ask the model to keep syllables and rhyme scheme (default true). */
  readonly keepShape?: boolean | undefined;
  readonly timeoutMs?: number | undefined;
}

type NotDone = { readonly status: 'not-started' | 'canceled' | 'failed'; readonly kind?: string; readonly message: string };

export type DraftOutcome = { readonly status: 'filled' | 'opened'; readonly uri: string; readonly title: string | undefined } | NotDone;

export type RewriteOutcome =
  | {
      readonly status: 'preview';
      /** The proposal's URI: `lyrics.acceptRewrite` / `lyrics.discardRewrite` take it. */
      readonly proposal: string;
      /** What was sent as the instruction (with the scope and the shape). */
      readonly prompt: string;
      readonly droppedComments: readonly DroppedComment[];
    }
  | { readonly status: 'unchanged'; readonly message: string }
  | NotDone;

export interface LyricsAi {
  draft(raw: unknown): Promise<DraftOutcome>;
  rewrite(raw: unknown): Promise<RewriteOutcome>;
  accept(raw: unknown): Promise<ProposalOutcome>;
  discard(raw: unknown): Promise<ProposalOutcome>;
  dispose(): void;
}

const COST_NOTE_SHOWN = 'lyrics.lyricsAi.costNoteShown';
const EXAMPLES = 'e.g. “make the chorus punchier”, “continue with a bridge”, “more concrete images in verse 2”';

export function createLyricsAi(dependencies: LyricsAiDependencies): LyricsAi {
  const proposals = new ProposalStore();
  return {
    draft: (raw) => draftLyrics(dependencies, argumentsOf(raw)),
    rewrite: (raw) => rewriteLyrics(dependencies, proposals, argumentsOf(raw)),
    accept: (raw) => proposals.accept(uriOf(raw)),
    discard: (raw) => proposals.discard(uriOf(raw)),
    dispose: () => proposals.dispose(),
  };
}

async function draftLyrics(dependencies: LyricsAiDependencies, args: LyricsAiArguments): Promise<DraftOutcome> {
  const song = await songDocument(args.uri);
  const connection = await connect(dependencies, 'lyrics.draftLyrics', args);
  if ('status' in connection) return connection;

  const analysis = song ? dependencies.cache.lint(song).analysis : undefined;
  // A song with no lyrics yet is filled; anything else gets a new song, so nothing written is ever replaced.
  const fill = song && analysis && analysis.lyrics.text === '' && !lyricsTargetProblem(analysis) ? { song, analysis } : undefined;
  const frontTitle = fill ? stringSetting(fill.analysis, 'title') : undefined;
  const prompt =
    args.prompt ??
    (fill && fill.analysis.prompt !== ''
      ? fill.analysis.prompt
      : await vscode.window.showInputBox({
          title: fill ? `Draft lyrics for ${path.posix.basename(fill.song.uri.path)}` : 'Draft Lyrics with AI (a new song)',
          prompt: 'What the song is about and its style. It is sent to MiniMax’s lyrics model ($0.01 a call).',
          placeHolder: 'e.g. a synthwave song about night drives, neon and rain',
          ignoreFocusOut: true,
          validateInput: (text) => (text.trim() === '' ? 'Say what the song is about' : undefined),
        }));
  if (prompt === undefined || prompt.trim() === '') return { status: 'not-started', message: 'No prompt was given; nothing was sent.' };
  const request: LyricsRequest = { mode: 'write_full_song', prompt, title: frontTitle };
  const problem = lyricsRequestProblem(request);
  if (problem) return refuse(`Can’t draft: ${problem}. Nothing was sent.`);

  const answer = await ask(
    dependencies,
    request,
    connection,
    args,
    fill ? `Drafting lyrics for ${path.posix.basename(fill.song.uri.path)}` : 'Drafting a song',
  );
  if (answer instanceof GenerationError) return reportFailure(dependencies, answer, 'lyrics.draftLyrics', args);
  const title = answer.title ?? frontTitle;
  const style = answer.styleTags.length > 0 ? ` (style: ${answer.styleTags.join(', ')})` : '';
  // Read again: the writer may have typed while the model wrote.
  const now = fill ? dependencies.cache.lint(fill.song).analysis : undefined;
  if (fill && now && now.lyrics.text === '' && !lyricsTargetProblem(now)) {
    const plan = planRewrite(now, answer.lyrics);
    const edit = new vscode.WorkspaceEdit();
    edit.replace(fill.song.uri, new vscode.Range(fill.song.positionAt(plan.start), fill.song.positionAt(plan.end)), plan.newText);
    if (await vscode.workspace.applyEdit(edit)) {
      void vscode.window.showInformationMessage(`Drafted ${title ? `“${title}”` : 'lyrics'} into ${path.posix.basename(fill.song.uri.path)}${style}.`);
      return { status: 'filled', uri: fill.song.uri.toString(), title };
    }
  }
  const document = await vscode.workspace.openTextDocument({
    language: LYRICS_LANGUAGE_ID,
    content: draftSongText({ prompt, title, styleTags: answer.styleTags, lyrics: answer.lyrics }),
  });
  await vscode.window.showTextDocument(document);
  void vscode.window.showInformationMessage(`Drafted ${title ? `“${title}”` : 'a song'} as a new song${style}. Save it to keep it.`);
  return { status: 'opened', uri: document.uri.toString(), title };
}

async function rewriteLyrics(dependencies: LyricsAiDependencies, proposals: ProposalStore, args: LyricsAiArguments): Promise<RewriteOutcome> {
  const song = await songDocument(args.uri);
  if (!song) {
    const message = 'Open a .lyrics file to rewrite its lyrics.';
    void vscode.window.showInformationMessage(message);
    return { status: 'not-started', message };
  }
  const name = path.posix.basename(song.uri.path);
  const analysis = dependencies.cache.lint(song).analysis;
  const target = lyricsTargetProblem(analysis);
  if (target) return refuse(`Can’t rewrite ${name}: ${target}.`);
  if (analysis.lyrics.text === '') {
    const message = `${name} has no lyrics to rewrite yet; nothing was sent.`;
    void vscode.window.showInformationMessage(message, 'Draft Lyrics with AI').then((choice) => {
      if (choice) void vscode.commands.executeCommand('lyrics.draftLyrics', song.uri);
    });
    return { status: 'not-started', message };
  }
  const connection = await connect(dependencies, 'lyrics.rewriteLyrics', args);
  if ('status' in connection) return connection;

  // The selection's sections are named in the instruction; a selection of everything (or none) is the whole song.
  const selection = args.range ?? (vscode.window.activeTextEditor?.document === song ? vscode.window.activeTextEditor.selection : undefined);
  const chosen = selection && !selection.isEmpty ? sectionsInLines(analysis, selection.start.line, selection.end.line) : [];
  const scoped = chosen.length > 0 && chosen.length < analysis.structure.sections.length ? chosen : undefined;

  const asked =
    args.instruction === undefined
      ? await askInstruction(name, scoped ? scopePhrases(analysis, scoped) : undefined)
      : { instruction: args.instruction, keepShape: args.keepShape ?? true };
  if (!asked) return { status: 'not-started', message: 'No instruction was given; nothing was sent.' };
  const prompt = editPrompt({
    instruction: asked.instruction,
    scope: scoped ? scopePhrases(analysis, scoped) : undefined,
    shape: asked.keepShape ? await songShape(analysis, scoped) : undefined,
  });
  if (!prompt.ok) return refuse(`Can’t rewrite ${name}: ${prompt.reason}. Nothing was sent.`);
  if (prompt.shapeDropped > 0)
    dependencies.log().info(`The shape of ${prompt.shapeDropped} section(s) was left out of the instruction: it may have at most 2,000 characters.`);
  const title = stringSetting(analysis, 'title');
  const request: LyricsRequest = { mode: 'edit', prompt: prompt.prompt, lyrics: analysis.lyrics.text, title };
  const problem = lyricsRequestProblem(request);
  if (problem) return refuse(`Can’t rewrite ${name}: ${problem}. Nothing was sent.`);

  const answer = await ask(dependencies, request, connection, args, `Rewriting ${name}`);
  if (answer instanceof GenerationError) return reportFailure(dependencies, answer, 'lyrics.rewriteLyrics', args);

  // Planned against the song as it is now: it is the version the diff shows, and the one Accept checks.
  const plan = planRewrite(dependencies.cache.lint(song).analysis, answer.lyrics);
  if (!plan.changed) {
    const message = `MiniMax returned the lyrics of ${name} unchanged.`;
    void vscode.window.showInformationMessage(message);
    return { status: 'unchanged', message };
  }
  const proposal = await proposals.open(song, plan);
  const gone = plan.droppedComments;
  const comments =
    gone.length === 0
      ? ''
      : ` ${gone.length === 1 ? 'This comment line is' : `These ${gone.length} comment lines are`} inside the rewritten lines and will be gone: ${gone
          .map((comment) => `line ${comment.line + 1} “${comment.text.trim()}”`)
          .join(', ')}.`;
  void vscode.window
    .showInformationMessage(`Proposed rewrite of ${name}: review the diff, then accept or discard it.${comments}`, 'Accept', 'Discard')
    .then((choice) => {
      if (choice) void vscode.commands.executeCommand(choice === 'Accept' ? 'lyrics.acceptRewrite' : 'lyrics.discardRewrite', proposal);
    });
  return { status: 'preview', proposal: proposal.toString(), prompt: prompt.prompt, droppedComments: gone };
}

/** The instruction, with the option to keep the shape (a toggle button, on by default). */
function askInstruction(name: string, scope: readonly string[] | undefined): Promise<{ instruction: string; keepShape: boolean } | undefined> {
  return new Promise((resolve) => {
    const box = vscode.window.createInputBox();
    let keepShape = true;
    const show = (): void => {
      box.buttons = [
        {
          iconPath: new vscode.ThemeIcon(keepShape ? 'pass-filled' : 'circle-large-outline'),
          tooltip: `Keep syllables and rhyme scheme: ${keepShape ? 'on' : 'off'} (click to turn ${keepShape ? 'off' : 'on'})`,
        },
      ];
      box.prompt = `${scope ? `Only ${scope.join(', ')} will change. ` : ''}${keepShape ? 'The syllables of each line and the rhyme scheme are asked to stay. ' : ''}Sent to MiniMax’s lyrics model with the lyrics ($0.01).`;
    };
    box.title = `Rewrite ${name} with AI`;
    box.placeholder = EXAMPLES;
    box.ignoreFocusOut = true;
    show();
    let answered = false;
    box.onDidTriggerButton(() => {
      keepShape = !keepShape;
      show();
    });
    box.onDidAccept(() => {
      if (box.value.trim() === '') {
        box.validationMessage = 'Say how to rewrite the lyrics';
        return;
      }
      answered = true;
      resolve({ instruction: box.value, keepShape });
      box.hide();
    });
    box.onDidHide(() => {
      if (!answered) resolve(undefined);
      box.dispose();
    });
    box.show();
  });
}

/**
 * The shape (syllables per line, rhyme scheme) of the chosen sections, or of
 * all, from the ear: dist/ear.js beside this bundle, with its pronouncing
 * dictionary when it loads (else it counts from spelling).
 */
async function songShape(analysis: SongAnalysis, chosen: Parameters<typeof shapeOf>[1]): Promise<SectionShape[]> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the ear is its own bundle, shared with the editor's other features
  const ear = require(path.join(__dirname, 'ear.js')) as typeof import('../core/ear');
  const dictionary = await ear.loadLanguageData(path.join(__dirname, 'data')).catch(() => undefined);
  return shapeOf(new ear.Ear({ dictionary }).sectionAnalysis(analysis), chosen);
}

/** The MiniMax key and base URL, or why there are none (said to the user; nothing sent). */
async function connect(dependencies: LyricsAiDependencies, command: string, args: LyricsAiArguments): Promise<{ apiKey: string; baseUrl: string } | NotDone> {
  const credentials = await dependencies.credentials.get('minimax');
  if (!credentials) {
    const message = `Drafting and rewriting lyrics use MiniMax’s lyrics model, and only MiniMax offers one (${PROVIDER_NAMES.cloudflare} and ${PROVIDER_NAMES.scenario} don’t). Set a MiniMax API key to use it; nothing was sent.`;
    void vscode.window.showInformationMessage(message, 'Set MiniMax API Key').then(async (choice) => {
      if (choice && (await dependencies.credentials.prompt('minimax'))) void vscode.commands.executeCommand(command, args);
    });
    return { status: 'not-started', kind: 'no-credentials', message };
  }
  const setting = 'lyrics.providers.minimax.baseUrl';
  const base = checkBaseUrl(readSettings().baseUrl('minimax') ?? minimaxClient.defaultBaseUrl);
  if (!base.ok) {
    const message = `${setting}: ${base.reason}. Nothing was sent.`;
    void vscode.window.showErrorMessage(message, 'Open Settings').then((choice) => {
      if (choice) void vscode.commands.executeCommand('workbench.action.openSettings', setting);
    });
    return { status: 'not-started', kind: 'base-url-refused', message };
  }
  return { apiKey: credentials.apiKey, baseUrl: base.url };
}

/** Sends the request under a cancellable progress notification; a failure is returned, not thrown. */
async function ask(
  dependencies: LyricsAiDependencies,
  request: LyricsRequest,
  connection: { apiKey: string; baseUrl: string },
  args: LyricsAiArguments,
  title: string,
): Promise<LyricsAnswer | GenerationError> {
  await noteCostOnce(dependencies.state);
  const log = dependencies.log();
  log.info(`${title} with MiniMax’s lyrics model`);
  const settings = readSettings();
  const timeoutMs = dependencies.testMode && args.timeoutMs !== undefined ? args.timeoutMs : settings.requestTimeoutMinutes * 60_000;
  const abort = new AbortController();
  try {
    return await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `${title} with MiniMax…`, cancellable: true },
      (_progress, token) => {
        token.onCancellationRequested(() => abort.abort());
        return requestLyrics(request, { ...connection, timeoutMs, signal: abort.signal, log: (entry) => log.info(formatLogEntry(entry)) });
      },
    );
  } catch (error) {
    if (error instanceof GenerationError) return error;
    throw error;
  }
}

async function noteCostOnce(state: vscode.Memento): Promise<void> {
  if (state.get<boolean>(COST_NOTE_SHOWN)) return;
  await state.update(COST_NOTE_SHOWN, true);
  void vscode.window.showInformationMessage(
    'Each draft or rewrite is one call to MiniMax’s lyrics model, $0.01 on your MiniMax account. Your prompt, instruction and lyrics are sent to MiniMax.',
  );
}

/** One notification for a failed call, with the way forward; nothing in the song changed. */
function reportFailure(dependencies: LyricsAiDependencies, error: GenerationError, command: string, args: LyricsAiArguments): NotDone {
  const log = dependencies.log();
  if (error.kind === 'canceled') {
    const message = 'Lyrics request canceled; nothing changed.';
    log.info(message);
    void vscode.window.showInformationMessage(message);
    return { status: 'canceled', kind: error.kind, message };
  }
  const message = `${endSentence(error.describe())} ${error.nextStep()} Nothing changed.`;
  log.error(`${error.kind}: ${message}`);
  const fullText = error.providerMessageForLog;
  if (fullText) log.error(`MiniMax’s whole message: ${fullText}`);
  const retryable = error.kind === 'server' || error.kind === 'network' || error.kind === 'timeout' || error.kind === 'rate-limit';
  const actions = error.kind === 'auth' ? ['Set MiniMax API Key', 'Show Log'] : retryable ? ['Retry', 'Show Log'] : ['Show Log'];
  void vscode.window.showErrorMessage(message, ...actions).then((choice) => {
    if (choice === 'Retry') void vscode.commands.executeCommand(command, args);
    else if (choice === 'Show Log') log.show(true);
    else if (choice) void vscode.commands.executeCommand('lyrics.setApiCredentials', { provider: 'minimax' });
  });
  return { status: 'failed', kind: error.kind, message };
}

function refuse(message: string): NotDone {
  void vscode.window.showErrorMessage(message);
  return { status: 'not-started', message };
}

function stringSetting(analysis: SongAnalysis, key: string): string | undefined {
  const value = findEntry(analysis.document, key)?.value;
  return typeof value === 'string' && value.trim() !== '' ? value : undefined;
}

async function songDocument(uri: vscode.Uri | undefined): Promise<vscode.TextDocument | undefined> {
  if (uri) {
    const document = await vscode.workspace.openTextDocument(uri);
    return isLyricsDocument(document) ? document : undefined;
  }
  const active = vscode.window.activeTextEditor?.document;
  return active && isLyricsDocument(active) && active.uri.scheme !== 'lyrics-proposal' ? active : undefined;
}

function uriOf(raw: unknown): vscode.Uri | undefined {
  return raw instanceof vscode.Uri ? raw : typeof raw === 'string' ? vscode.Uri.parse(raw) : argumentsOf(raw).uri;
}

/** The commands' arguments: a Uri (from a menu), or an object (from the code action, a script, a test). */
function argumentsOf(raw: unknown): LyricsAiArguments {
  if (raw instanceof vscode.Uri) return { uri: raw };
  if (typeof raw !== 'object' || raw === null) return {};
  const given = raw as Record<string, unknown>;
  const text = (key: string): string | undefined => (typeof given[key] === 'string' ? given[key] : undefined);
  const uri = given['uri'] instanceof vscode.Uri ? given['uri'] : text('uri') !== undefined ? vscode.Uri.parse(text('uri') ?? '') : undefined;
  return {
    uri,
    range: rangeOf(given['range']),
    prompt: text('prompt'),
    instruction: text('instruction'),
    keepShape: typeof given['keepShape'] === 'boolean' ? given['keepShape'] : undefined,
    timeoutMs: typeof given['timeoutMs'] === 'number' ? given['timeoutMs'] : undefined,
  };
}

/** A Range, or one as plain JSON (`{start: {line, character}, end: …}`). */
function rangeOf(value: unknown): vscode.Range | undefined {
  if (value instanceof vscode.Range) return value;
  const position = (raw: unknown): vscode.Position | undefined => {
    const { line, character } = (raw ?? {}) as { line?: unknown; character?: unknown };
    return typeof line === 'number' && typeof character === 'number' ? new vscode.Position(line, character) : undefined;
  };
  const { start, end } = (value ?? {}) as { start?: unknown; end?: unknown };
  const from = position(start);
  const to = position(end);
  return from && to ? new vscode.Range(from, to) : undefined;
}
