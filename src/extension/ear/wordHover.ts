/**
 * The hover on a word of a sung line: its pronunciations, stress pattern
 * (`da-DUM`) and syllables, where that came from, its top rhymes, WordNet
 * synonyms with their syllables, and a link that writes its pronunciation
 * into `lyrics.pronunciations` (the Markdown is trusted for that one command
 * only). A hover is asked for, so it may wait for the dictionary and the
 * thesaurus on first use.
 */
import * as vscode from 'vscode';
import type { EarService } from './earService';
import { commandLink, wordAt, wordHoverMarkdown } from './presentation';

export const SET_PRONUNCIATION = 'lyrics.setPronunciation';
const PERFECT_SHOWN = 8;
const NEAR_SHOWN = 5;
const SYNONYMS_SHOWN = 10;

export function registerWordHover(service: EarService): vscode.Disposable {
  return vscode.languages.registerHoverProvider(service.songs.selector, {
    async provideHover(document, position, token) {
      if (service.analysis(document).lineKind(position.line) !== 'lyric') return undefined;
      const text = document.lineAt(position.line).text;
      if (!wordAt(service.ear(document.uri).lineSyllables(text).words, position.character, false)) return undefined;
      const [, thesaurus] = await Promise.all([service.loadDictionary(), service.thesaurus()]);
      if (token.isCancellationRequested) return undefined;
      const ear = service.ear(document.uri);
      const word = wordAt(ear.lineSyllables(text).words, position.character, false);
      if (!word) return undefined;
      const { sound } = word;
      const rhymes = [
        ...(ear.findRhymes(word.word, { limit: PERFECT_SHOWN, kinds: ['perfect'] })?.rhymes ?? []),
        ...(ear.findRhymes(word.word, { limit: NEAR_SHOWN, kinds: ['near'] })?.rhymes ?? []),
      ];
      const synonyms = thesaurus?.synonyms(sound.word, SYNONYMS_SHOWN).map((synonym) => ({
        word: synonym,
        syllables: ear.pronounce(synonym)?.syllables ?? { min: 1, max: 1, common: 1 },
      }));
      const markdown = new vscode.MarkdownString(
        wordHoverMarkdown({
          written: word.word,
          source: sound.source,
          syllables: sound.syllables,
          ...(word.split ? { split: word.split } : {}),
          pronunciations: sound.phones.map((phones) => ({ phones: phones.join(' '), stress: service.module.stressPattern(phones) })),
          rhymes,
          synonyms,
          setPronunciationLink: commandLink(SET_PRONUNCIATION, [word.word]),
        }),
      );
      markdown.isTrusted = { enabledCommands: [SET_PRONUNCIATION] };
      return new vscode.Hover(markdown, new vscode.Range(position.line, word.start, position.line, word.end));
    },
  });
}
