/**
 * `lyrics rhymes [--format json] [--limit N] <word>`: rhymes from the same
 * index the editor's completion and Find Rhymes use (core/ear), best first:
 * perfect, near, then assonance, common words first.
 *
 * Text: the word, its pronunciation and syllables, then one line per kind
 * and syllable count (`perfect, 1 syllable: start, part, art, smart`).
 * JSON: `{"word", "pronunciation", "syllables", "rhymes": [{"word",
 * "syllables", "kind"}]}`. Exit 1 when the word cannot be pronounced at all
 * (no dictionary entry, rule or sung form gives its sounds).
 */
import { parseArgs } from 'node:util';
import { groupBySyllables, RHYME_KINDS, type RhymeList } from '../core/ear';
import { escapeControlCharacters } from '../core/text';
import { loadEar } from './analyze';
import type { CliIo } from './io';

const EXIT_OK = 0;
const EXIT_UNKNOWN_WORD = 1;
const EXIT_USAGE = 2;
const DEFAULT_LIMIT = 50;

export async function runRhymes(args: readonly string[], io: CliIo): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...args],
      allowPositionals: true,
      strict: true,
      options: { format: { type: 'string', short: 'f', default: 'text' }, limit: { type: 'string', short: 'n', default: String(DEFAULT_LIMIT) } },
    });
  } catch (error) {
    return usageError(io, error instanceof Error ? error.message : String(error));
  }
  const { format, limit: limitText } = parsed.values;
  if (format !== 'text' && format !== 'json') return usageError(io, `--format must be text or json, not "${format}"`);
  const limit = Number(limitText);
  if (!/^\d+$/.test(limitText) || limit < 1 || limit > 1000) return usageError(io, `--limit must be a whole number from 1 to 1000, not "${limitText}"`);
  if (parsed.positionals.length !== 1) return usageError(io, 'rhymes needs exactly one word');
  const word = parsed.positionals[0] ?? '';

  const loaded = await loadEar();
  if (!loaded.ok) {
    io.stderr(`lyrics: ${loaded.message}\n`);
    return EXIT_USAGE;
  }
  const found = loaded.ear.findRhymes(word, { limit });
  if (!found) {
    io.stderr(`lyrics: "${escapeControlCharacters(word)}" can't be pronounced: no dictionary entry, rule or sung form gives its sounds\n`);
    return EXIT_UNKNOWN_WORD;
  }
  io.stdout(format === 'json' ? formatRhymesJson(found) : formatRhymesText(found));
  return EXIT_OK;
}

export function formatRhymesJson(found: RhymeList): string {
  return `${JSON.stringify(
    {
      word: found.word,
      pronunciation: found.pronunciation.join(' '),
      syllables: found.syllables.common,
      rhymes: found.rhymes.map(({ word, syllables, kind }) => ({ word, syllables, kind })),
    },
    null,
    2,
  )}\n`;
}

export function formatRhymesText(found: RhymeList): string {
  const plural = (count: number): string => `${count} syllable${count === 1 ? '' : 's'}`;
  let out = `${escapeControlCharacters(found.word)}  ${found.pronunciation.join(' ')}  ${plural(found.syllables.common)}\n`;
  for (const kind of RHYME_KINDS) {
    for (const group of groupBySyllables(found.rhymes.filter((rhyme) => rhyme.kind === kind))) {
      out += `${kind}, ${plural(group.syllables)}: ${group.rhymes.map((rhyme) => rhyme.word).join(', ')}\n`;
    }
  }
  if (found.rhymes.length === 0) out += 'no rhymes among the words the frequency list holds\n';
  return out;
}

function usageError(io: CliIo, message: string): number {
  io.stderr(`lyrics: ${message}\nRun "lyrics --help" for usage.\n`);
  return EXIT_USAGE;
}
