/**
 * The ear as the editor features share it: dist/ear.js required once, its
 * dictionary loaded once (never awaited on the typing path: until it is
 * there the ear counts from spelling), one Ear per value of
 * `lyrics.pronunciations`, and the section analysis of each document version
 * (read from the LintCache's one SongAnalysis), so hints, colours, the meter
 * check and the Outline compute it once per keystroke.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { SongAnalysis } from '../../core/analysis';
import type { Dictionary, Ear, SectionSounds, Thesaurus } from '../../core/ear';
import type { LintCache } from '../lintCache';

/**
 * Which documents are songs, handed over by register.ts: importing them from
 * lintCache.ts here would bundle the whole analysis (YAML parser included)
 * a second time into dist/earEditor.js.
 */
export interface SongDocuments {
  /** `{ language: 'lyrics' }`, for registering providers. */
  readonly selector: vscode.DocumentSelector;
  /** A `.lyrics` document (isLyricsDocument). */
  isSong(document: vscode.TextDocument): boolean;
  /** A `.lyrics` document a user edits, not a copy (isEditedLyricsDocument): the ones diagnostics are for. */
  isEditedSong(document: vscode.TextDocument): boolean;
}

type EarModule = typeof import('../../core/ear');

/**
 * The most sung lines the ear listens to in one document: as many as the
 * lyrics limit has characters (3,500, core/schema.ts's LYRICS_LIMIT), so any
 * song that can be sent is heard, and a huge file (a 40,000-line one costs
 * the ear about half a second per edit) gets no hints, colours or meter check.
 */
const MAX_HEARD_LINES = 3500;

interface HeardDocument {
  readonly analysis: SongAnalysis;
  readonly ear: Ear;
  readonly sections: SectionSounds[];
}

export class EarService implements vscode.Disposable {
  private loadedModule: EarModule | undefined;
  /** One ear per value of lyrics.pronunciations (keyed by its JSON): folders may differ. */
  private readonly ears = new Map<string, Ear>();
  private dictionaryLoad: Promise<Dictionary | undefined> | undefined;
  private readonly heard = new WeakMap<vscode.TextDocument, HeardDocument>();
  private readonly changed = new vscode.EventEmitter<void>();
  /** Fires when counts and rhymes may have changed: the dictionary has loaded, or lyrics.pronunciations changed. */
  readonly onDidChange = this.changed.event;
  private readonly configuration: vscode.Disposable;
  private shownProblems = '';

  constructor(
    /** dist/data/ */
    private readonly dataFolder: string,
    private readonly cache: LintCache,
    readonly songs: SongDocuments,
  ) {
    this.configuration = vscode.workspace.onDidChangeConfiguration((event) => {
      if (!event.affectsConfiguration('lyrics.pronunciations')) return;
      this.ears.clear();
      this.changed.fire();
    });
  }

  /** dist/ear.js (the ear's code, no data), required on first use. */
  get module(): EarModule {
    // A path computed at run time, so esbuild leaves this require alone: the ear stays in its own bundle.
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- lazy load of a sibling bundle (see above)
    this.loadedModule ??= require(path.join(__dirname, 'ear.js')) as EarModule;
    return this.loadedModule;
  }

  /** Whether dist/ear.js has been required (the Outline adds syllables only then). */
  get moduleLoaded(): boolean {
    return this.loadedModule !== undefined;
  }

  /** The dictionary if it has loaded; never waits. */
  get dictionary(): Dictionary | undefined {
    return this.loadedModule?.peekLanguageData(this.dataFolder);
  }

  /**
   * Starts loading the dictionary (once; later calls share the load) and
   * resolves with it, or with undefined when it cannot be read (the ear then
   * keeps counting from spelling). When it arrives, onDidChange fires and the
   * rhyme index is built in slices, so the first look-up finds it ready.
   */
  loadDictionary(): Promise<Dictionary | undefined> {
    this.dictionaryLoad ??= this.module.loadLanguageData(this.dataFolder).then(
      (dictionary) => {
        this.ears.clear();
        this.changed.fire();
        void this.module.prepareRhymeIndex(dictionary);
        return dictionary;
      },
      (error: unknown) => {
        void vscode.window.showWarningMessage(
          `Lyrics Studio could not read its pronunciation dictionary (${error instanceof Error ? error.message : String(error)}): syllables are counted from spelling.`,
        );
        return undefined;
      },
    );
    return this.dictionaryLoad;
  }

  /** The ear for a document: the dictionary if loaded, and the pronunciations of the document's folder. */
  ear(scope: vscode.Uri): Ear {
    const setting = vscode.workspace.getConfiguration('lyrics', scope).get<unknown>('pronunciations');
    const key = JSON.stringify(setting ?? null);
    let ear = this.ears.get(key);
    if (!ear) {
      const { pronunciations, problems } = this.module.parseUserPronunciations(setting);
      this.showProblems(problems);
      ear = new this.module.Ear({ dictionary: this.dictionary, pronunciations });
      this.ears.set(key, ear);
    }
    return ear;
  }

  /** The one analysis of the document's current version (the LintCache's). */
  analysis(document: vscode.TextDocument): SongAnalysis {
    return this.cache.lint(document).analysis;
  }

  /** Each section of the document's current version as heard, computed once per version and ear (none past MAX_HEARD_LINES). */
  sections(document: vscode.TextDocument): SectionSounds[] {
    const analysis = this.analysis(document);
    const ear = this.ear(document.uri);
    const known = this.heard.get(document);
    if (known && known.analysis === analysis && known.ear === ear) return known.sections;
    const sungLines = analysis.structure.sections.reduce((sum, section) => sum + section.lyricLines.length, 0);
    const sections = sungLines > MAX_HEARD_LINES ? [] : ear.sectionAnalysis(analysis);
    this.heard.set(document, { analysis, ear, sections });
    return sections;
  }

  /** WordNet's synonyms (loaded on first use, for hovers and Find Rhymes); undefined when they cannot be read. */
  thesaurus(): Promise<Thesaurus | undefined> {
    return this.module.loadThesaurus(this.dataFolder).catch(() => undefined);
  }

  /** Entries of lyrics.pronunciations that can't be used, each set shown once. */
  private showProblems(problems: readonly string[]): void {
    const text = problems.join('; ');
    if (text === '' || text === this.shownProblems) return;
    this.shownProblems = text;
    void vscode.window.showWarningMessage(`lyrics.pronunciations: ${text}`);
  }

  dispose(): void {
    this.configuration.dispose();
    this.changed.dispose();
  }
}
