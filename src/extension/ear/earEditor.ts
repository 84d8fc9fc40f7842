/**
 * The ear's editor features, bundled as dist/earEditor.js and started by
 * register.ts once a song is open (never part of the activation bundle).
 * Each feature is its own adapter beside this file; they share one
 * EarService (the ear's code, data and per-version analyses).
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { SongSection } from '../../core/analysis';
import type { LintCache } from '../lintCache';
import { EarService, type SongDocuments } from './earService';
import { findRhymes } from './findRhymes';
import { registerInlayHints } from './inlayHints';
import { registerMeterCheck } from './meterCheck';
import { registerRhymeColours } from './rhymeColours';
import { registerRhymeCompletion } from './rhymeCompletion';
import { setPronunciation } from './setPronunciation';
import { registerWordHover } from './wordHover';

export interface EarEditor {
  findRhymes(): Promise<void>;
  setPronunciation(word: unknown, value: unknown): Promise<void>;
  /**
   * The syllables of each section of the document's current version, for
   * the Outline; undefined while dist/ear.js is not loaded (never loads it,
   * never waits for the dictionary: counts from spelling until it lands).
   */
  sectionSyllables(document: vscode.TextDocument): ((section: SongSection) => number | undefined) | undefined;
  dispose(): void;
}

export function startEarEditor(context: vscode.ExtensionContext, cache: LintCache, songs: SongDocuments): EarEditor {
  const service = new EarService(path.join(context.extensionPath, 'dist', 'data'), cache, songs);
  const features = vscode.Disposable.from(
    registerInlayHints(service),
    registerRhymeColours(service),
    registerMeterCheck(service, context.extensionUri),
    registerRhymeCompletion(service),
    registerWordHover(service),
    service,
  );
  return {
    findRhymes: () => findRhymes(service),
    setPronunciation: (word, value) => setPronunciation(service, word, value),
    sectionSyllables(document) {
      if (!service.moduleLoaded) return undefined;
      const syllables = new Map(service.sections(document).map((sounds) => [sounds.section, sounds.syllables]));
      return (section) => syllables.get(section);
    },
    dispose() {
      features.dispose();
    },
  };
}
