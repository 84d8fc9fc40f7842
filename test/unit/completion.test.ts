import { strict as assert } from 'node:assert';
import { analyzeSong } from '../../src/core/analysis';
import { completeAt, type CompletionEntry, type CompletionTrigger } from '../../src/core/completion';
import type { LintOptions } from '../../src/core/lint';
import { PROMPT_CATEGORIES, PROMPT_VOCABULARY } from '../../src/core/promptVocabulary';
import { KNOWN_TAGS, TAG_ALIASES } from '../../src/core/tags';

const INVOKE: CompletionTrigger = { kind: 'invoke' };
const typed = (character: string): CompletionTrigger => ({ kind: 'character', character });

/**
 * Completion at the `|` in `song` (which is removed), with the trigger given.
 * Lines are joined with `eol`, so the same song can be tried with CRLF.
 */
function complete(
  lines: readonly string[],
  trigger: CompletionTrigger,
  options: LintOptions = {},
  eol = '\n',
): { entries: CompletionEntry[]; apply: (label: string) => string } {
  const line = lines.findIndex((text) => text.includes('|'));
  assert.ok(line >= 0, 'the song marks the cursor with |');
  const character = (lines[line] ?? '').indexOf('|');
  const clean = lines.map((text, index) => (index === line ? text.replace('|', '') : text));
  const entries = completeAt(analyzeSong(clean.join(eol), options), { line, character }, trigger);
  const apply = (label: string): string => {
    const entry = entries.find((candidate) => candidate.label === label);
    assert.ok(entry, `no entry ${label}`);
    assert.equal(entry.range.start.line, line);
    assert.equal(entry.range.end.line, line);
    assert.ok(entry.range.start.character <= character && character <= entry.range.end.character, 'the range holds the cursor');
    const text = clean[line] ?? '';
    return text.slice(0, entry.range.start.character) + entry.insertText + text.slice(entry.range.end.character);
  };
  return { entries, apply };
}

const labels = (entries: readonly CompletionEntry[]): string[] => entries.map((entry) => entry.label);
const bySortText = (entries: readonly CompletionEntry[]): string[] =>
  labels([...entries].sort((a, b) => (a.sortText < b.sortText ? -1 : a.sortText > b.sortText ? 1 : 0)));

const HEAD = ['---', 'prompt: Upbeat pop', '---'];

describe('completion: structure tags', () => {
  it('after [ at the start of a lyrics line: every tag, documented ones first, one line each', () => {
    const { entries, apply } = complete([...HEAD, '[|]'], typed('['), { defaultProvider: 'cloudflare' });
    assert.deepEqual(bySortText(entries), [
      ...KNOWN_TAGS.filter((tag) => tag !== 'Drop'),
      'Drop', // Scenario's and Replicate's pages list it, MiniMax's reference does not
      ...Object.keys(TAG_ALIASES),
    ]);
    const verse = entries.find((entry) => entry.label === 'Verse');
    assert.equal(verse?.kind, 'tag');
    assert.equal(verse?.detail, 'documented by MiniMax');
    assert.equal(
      verse?.documentation,
      "Tells the story: sung lines over a steadier melody than the chorus.\n\nMiniMax's music-generation reference lists it (every provider runs that model).",
    );
    assert.equal(entries.find((entry) => entry.label === 'Pre-Chorus')?.detail, '= [Pre Chorus] · MiniMax lyrics generator spelling');
    // The auto-closed ] is replaced, so the bracket closes once.
    assert.equal(apply('Pre Chorus'), '[Pre Chorus]');
    assert.equal(verse?.filterText, 'Verse');
  });

  it("puts [Drop] among the documented tags when the song's provider is Scenario", () => {
    const { entries } = complete(['---', 'prompt: p', 'provider: scenario', '---', '[|]'], typed('['), { defaultProvider: 'cloudflare' });
    assert.deepEqual(bySortText(entries).slice(0, KNOWN_TAGS.length), [...KNOWN_TAGS]);
  });

  it('closes the bracket when nothing closed it, and keeps indentation', () => {
    assert.equal(complete([...HEAD, '  [|'], typed('[')).apply('Chorus'), '  [Chorus]');
  });

  it('replaces the whole tag when asked inside one', () => {
    const { entries, apply } = complete([...HEAD, '[Ver|se 2]  '], INVOKE);
    assert.equal(apply('Bridge'), '[Bridge]  ');
    assert.deepEqual(entries[0]?.range, { start: { line: 3, character: 1 }, end: { line: 3, character: 9 } });
  });

  it('offers the next number of a tag the song has: past the highest, counting unnumbered ones', () => {
    const next = (body: string[]): string[] =>
      complete([...HEAD, ...body], typed('['))
        .entries.filter((entry) => /\d$/.test(entry.label))
        .map((entry) => `${entry.label} · ${entry.detail}`);
    assert.deepEqual(next(['[Verse 1]', 'a', '[Verse 2]', 'b', '[|]']), ['Verse 3 · the next Verse in this song']);
    assert.deepEqual(next(['[Verse]', 'a', '[verse]', 'b', '[|]']), ['Verse 3 · the next Verse in this song']);
    assert.deepEqual(next(['[Verse]', 'a', '[Pre-Chorus]', '[|]']), [
      'Verse 2 · the next Verse in this song',
      'Pre Chorus 2 · the next Pre Chorus in this song',
    ]);
    assert.deepEqual(next(['[Verse 7]', '[|]']), ['Verse 8 · the next Verse in this song']);
    // The tag being edited is not counted, nor are unknown tags.
    assert.deepEqual(next(['[Verse 1]', '[Vrese 2]', '[Verse |1]']), ['Verse 2 · the next Verse in this song']);
    // Numbered items sort right after their tag.
    const order = bySortText(complete([...HEAD, '[Chorus]', '[|]'], typed('[')).entries);
    assert.deepEqual(order.slice(order.indexOf('Chorus'), order.indexOf('Chorus') + 2), ['Chorus', 'Chorus 2']);
  });

  it('offers whole tags on Ctrl+Space on an empty lyrics line, and nothing when a character was typed', () => {
    const { entries, apply } = complete([...HEAD, '[Verse]', 'la', '|'], INVOKE);
    assert.equal(apply('Verse 2'), '[Verse 2]');
    assert.equal(entries.length, KNOWN_TAGS.length + Object.keys(TAG_ALIASES).length + 1);
    assert.deepEqual(complete([...HEAD, '  |  '], INVOKE).apply('Outro'), '  [Outro]  ');
    assert.deepEqual(complete([...HEAD, '|'], typed(',')).entries, []);
  });

  it('offers nothing inside a lyrics line, before words, or in a comment', () => {
    for (const line of ['Windows down [|]', 'la la|', '[|Windows down', '# [|]', '  # [|', '[Verse]|', '[Verse] |']) {
      assert.deepEqual(labels(complete([...HEAD, line], typed('[')).entries), [], line);
      assert.deepEqual(labels(complete([...HEAD, line], INVOKE).entries), [], line);
    }
    // Only [ triggers tags.
    assert.deepEqual(complete([...HEAD, '[|]'], typed(':')).entries, []);
  });

  it('works without a front matter, past a BOM (columns count it, as the analysed text holds it)', () => {
    const song = '\uFEFF[]\nla';
    const entries = completeAt(analyzeSong(song), { line: 0, character: 2 }, typed('['));
    const verse = entries.find((entry) => entry.label === 'Verse');
    assert.deepEqual(verse?.range, { start: { line: 0, character: 2 }, end: { line: 0, character: 3 } });
    assert.equal(verse?.insertText, 'Verse]');
  });

  it('gives the same answers with CRLF line endings', () => {
    const lines = [...HEAD, '[Verse 1]', 'la', '[|]'];
    const lf = complete(lines, typed('['));
    const crlf = complete(lines, typed('['), {}, '\r\n');
    assert.deepEqual(crlf.entries, lf.entries);
    assert.equal(crlf.apply('Verse 2'), '[Verse 2]');
  });
});

describe('completion: front-matter keys', () => {
  it('offers the keys not yet present, in schema order, each inserting "key: "', () => {
    const { entries, apply } = complete(['---', 'prompt: p', 'model: music-2.6', '|', '---'], INVOKE);
    assert.deepEqual(labels(entries), ['title', 'provider', 'is_instrumental', 'lyrics_optimizer', 'sample_rate', 'bitrate', 'format']);
    assert.equal(apply('bitrate'), 'bitrate: ');
    const provider = entries.find((entry) => entry.label === 'provider');
    assert.equal(provider?.kind, 'key');
    assert.equal(provider?.detail, 'Where the song is sent to be generated.');
    assert.equal(provider?.retrigger, true, 'its values are listed next');
    assert.equal(entries.find((entry) => entry.label === 'title')?.retrigger, false);
    assert.match(entries.find((entry) => entry.label === 'sample_rate')?.documentation ?? '', /^Samples per second.*\n\n- `16000`: 16 kHz: speech quality/);
  });

  it('completes a partly typed key and replaces only the name when the colon is there', () => {
    assert.equal(complete(['---', 'sam|', '---'], INVOKE).apply('sample_rate'), 'sample_rate: ');
    const renaming = complete(['---', 'sam|ple: 44100', '---'], INVOKE);
    assert.equal(renaming.apply('sample_rate'), 'sample_rate: 44100');
    assert.equal(renaming.entries.find((entry) => entry.label === 'sample_rate')?.retrigger, false);
  });

  it('leaves out format when the provider ignores it (Scenario), stated or by default', () => {
    assert.ok(!labels(complete(['---', 'provider: scenario', '|', '---'], INVOKE).entries).includes('format'));
    assert.ok(!labels(complete(['---', '|', '---'], INVOKE, { defaultProvider: 'scenario' }).entries).includes('format'));
    assert.ok(labels(complete(['---', '|', '---'], INVOKE, { defaultProvider: 'minimax' }).entries).includes('format'));
  });

  it('works in a front matter that is not closed yet, and not on the fences, in comments or on typed characters', () => {
    assert.deepEqual(labels(complete(['---', 'prompt: p', 'title: t', 'provider: minimax', '|'], INVOKE).entries), [
      'model',
      'is_instrumental',
      'lyrics_optimizer',
      'sample_rate',
      'bitrate',
      'format',
    ]);
    for (const lines of [
      ['-|--', 'prompt: p', '---'],
      ['---', 'prompt: p', '--|-'],
      ['---', '# |', '---'],
      ['---', 'prompt: p', '---', '|'], // the first lyrics line is no key
    ]) {
      assert.ok(!complete(lines, INVOKE).entries.some((entry) => entry.kind === 'key'), lines.join('/'));
    }
    assert.deepEqual(complete(['---', 'ti|', '---'], typed(',')).entries, []);
  });
});

describe('completion: front-matter values', () => {
  it('after "provider:" the three providers, with the space YAML needs', () => {
    const { entries, apply } = complete(['---', 'provider:|', '---'], typed(':'));
    assert.deepEqual(
      entries.map((entry) => [entry.label, entry.detail]),
      [
        ['cloudflare', 'Cloudflare Workers AI, billed through Unified Billing (about $0.15 a track)'],
        ['scenario', 'Scenario: an asynchronous job, polled until done; no format field'],
        ['minimax', "MiniMax's own API: every model, the free tier included"],
      ],
    );
    assert.equal(apply('minimax'), 'provider: minimax');
    assert.equal(entries[0]?.filterText, ' cloudflare');
    assert.equal(entries[0]?.kind, 'value');
  });

  it('offers the models of the song’s provider: stated, else the default; all when unknown', () => {
    const models = (lines: string[], options: LintOptions = {}): string[] => labels(complete(lines, typed(':'), options).entries);
    assert.deepEqual(models(['---', 'provider: scenario', 'model:|', '---']), ['music-2.6', 'music-3.0']);
    assert.deepEqual(models(['---', 'model:|', 'provider: cloudflare', '---']), ['music-2.6']);
    // As YAML reads it, where it parses: the value may sit on the next line.
    assert.deepEqual(models(['---', 'provider:', '  scenario', 'model:|', '---']), ['music-2.6', 'music-3.0']);
    assert.deepEqual(models(['---', 'model:|', '---'], { defaultProvider: 'minimax' }), ['music-2.6', 'music-2.6-free', 'music-3.0']);
    assert.deepEqual(models(['---', 'model:|', '---'], { defaultProvider: 'cloudflare' }), ['music-2.6']);
    assert.deepEqual(models(['---', 'model:|', '---']), ['music-2.6', 'music-2.6-free', 'music-3.0']);
    assert.deepEqual(models(['---', 'provider: nowhere', 'model:|', '---'], { defaultProvider: 'cloudflare' }), ['music-2.6', 'music-2.6-free', 'music-3.0']);
    assert.equal(complete(['---', 'model:|', '---'], typed(':')).entries[1]?.detail, 'the free tier of 2.6, 3 requests a minute; offered by MiniMax');
  });

  it('no format values for Scenario; both booleans; sample rates and bitrates with their meaning', () => {
    assert.deepEqual(complete(['---', 'provider: scenario', 'format:|', '---'], typed(':')).entries, []);
    assert.deepEqual(labels(complete(['---', 'format:|', '---'], typed(':')).entries), ['mp3', 'wav']);
    assert.deepEqual(
      complete(['---', 'is_instrumental: |', '---'], INVOKE).entries.map((entry) => [entry.label, entry.detail, entry.insertText]),
      [
        ['true', 'no vocals: the lyrics are not sung', 'true'],
        ['false', 'sung (the default)', 'false'],
      ],
    );
    assert.deepEqual(
      complete(['---', 'sample_rate:|', '---'], typed(':')).entries.map((entry) => `${entry.label} ${entry.detail}`),
      [
        '16000 16 kHz: speech quality, the smallest files',
        '24000 24 kHz: voice-grade, thin highs',
        '32000 32 kHz: FM-radio quality',
        '44100 44.1 kHz: CD quality (the default)',
      ],
    );
    assert.deepEqual(
      complete(['---', 'bitrate:|', '---'], typed(':')).entries.map((entry) => `${entry.label} ${entry.detail}`),
      [
        '32000 32 kbps: low quality, the smallest files',
        '64000 64 kbps: modest quality, fine for sketches',
        '128000 128 kbps: standard streaming quality',
        '256000 256 kbps: high quality (the default)',
      ],
    );
  });

  it('replaces the value under the cursor, not a comment after it, nor its quotes', () => {
    assert.equal(complete(['---', 'sample_rate:  44|100   # CD', '---'], INVOKE).apply('32000'), 'sample_rate:  32000   # CD');
    const quoted = complete(['---', 'format: "mp|"', '---'], INVOKE);
    assert.equal(quoted.apply('wav'), 'format: wav');
    assert.equal(quoted.entries[0]?.filterText, '"mp3');
    assert.deepEqual(complete(['---', 'format: mp3 # c|', '---'], INVOKE).entries, []);
  });

  it('offers nothing for free text, unknown keys, or a trigger that is not the key’s colon', () => {
    assert.deepEqual(complete(['---', 'title:|', '---'], typed(':')).entries, []);
    assert.deepEqual(complete(['---', 'colour:|', '---'], typed(':')).entries, []);
    assert.deepEqual(complete(['---', 'format: [|', '---'], typed('[')).entries, []);
    assert.deepEqual(complete(['---', 'format:,|', '---'], typed(',')).entries, []);
  });

  it('works in an unterminated front matter, with CRLF', () => {
    const { entries, apply } = complete(['---', 'provider: scenario', 'model:|'], typed(':'), {}, '\r\n');
    assert.deepEqual(labels(entries), ['music-2.6', 'music-3.0']);
    assert.equal(apply('music-3.0'), 'model: music-3.0');
  });
});

describe('completion: prompt vocabulary', () => {
  it('offers the vocabulary right after a comma, inserting the space it needs', () => {
    const { entries, apply } = complete(['---', 'prompt: Upbeat, Pop,|', '---'], typed(','));
    assert.equal(entries.length, PROMPT_VOCABULARY.length - 2, '"upbeat" and "pop" are already there');
    assert.ok(!labels(entries).includes('pop'));
    assert.equal(apply('120 BPM'), 'prompt: Upbeat, Pop, 120 BPM');
    const minor = entries.find((entry) => entry.label === 'A minor');
    assert.deepEqual([minor?.kind, minor?.detail, minor?.filterText], ['vocabulary', 'Key', ' A minor']);
    // Categories in order: genres, then moods, tempos, keys, vocals, instruments, production.
    assert.deepEqual([...new Set(bySortText(entries).map((label) => PROMPT_VOCABULARY.find((word) => word.text === label)?.category))], [...PROMPT_CATEGORIES]);
  });

  it('on Ctrl+Space completes the fragment between commas, after a space or none', () => {
    assert.equal(complete(['---', 'prompt: Upbeat pop, A mi|, bright vocals', '---'], INVOKE).apply('A minor'), 'prompt: Upbeat pop, A minor, bright vocals');
    assert.equal(complete(['---', 'prompt:|', '---'], INVOKE).apply('dreamy'), 'prompt: dreamy');
    assert.equal(complete(['---', 'prompt: |', '---'], INVOKE).apply('dreamy'), 'prompt: dreamy');
    assert.equal(complete(['---', 'prompt: "Synth-pop, |"', '---'], INVOKE).apply('dreamy'), 'prompt: "Synth-pop, dreamy"');
    assert.equal(complete(['---', 'prompt: "dre|"', '---'], INVOKE).apply('dreamy'), 'prompt: "dreamy"');
  });

  it('is never forced: not on other characters, nor after a comma typed earlier', () => {
    assert.deepEqual(complete(['---', 'prompt: Note:|', '---'], typed(':')).entries, []);
    assert.deepEqual(complete(['---', 'prompt: pop, ro|', '---'], typed(',')).entries, []);
    assert.deepEqual(complete(['---', 'prompt: pop # a note,|', '---'], typed(',')).entries, []);
  });

  it('works inside a block prompt, not on its header', () => {
    const block = ['---', 'prompt: >-', '  Dreamy synth-pop,|', '  slow', 'title: t', '---'];
    assert.equal(complete(block, typed(',')).apply('120 BPM'), '  Dreamy synth-pop, 120 BPM');
    assert.equal(complete(['---', 'prompt: >', '  Dreamy synth-pop', '  |', '---'], INVOKE).apply('piano'), '  piano');
    assert.deepEqual(complete(['---', 'prompt: >|', '  x', '---'], INVOKE).entries, []);
    // Indented lines under another key are that key's value.
    assert.deepEqual(complete(['---', 'title: >', '  a,|', 'prompt: p', '---'], typed(',')).entries, []);
  });

  it('counts columns in UTF-16 after an emoji', () => {
    const { entries, apply } = complete(['---', 'prompt: 🎸 rock,|', '---'], typed(','));
    assert.deepEqual(entries[0]?.range, { start: { line: 1, character: 16 }, end: { line: 1, character: 16 } });
    assert.equal(apply('piano'), 'prompt: 🎸 rock, piano');
  });
});
