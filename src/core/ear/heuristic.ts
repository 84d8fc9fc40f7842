/**
 * What the ear knows from spelling alone: the last resort for a word no
 * dictionary, user pronunciation or rule explains. The count comes from the
 * `syllable` package (MIT; 92.9 % exact against CMUdict); the split of a
 * spelling into syllables (for tooltips) and the spelling's rhyme are ours.
 */
import { syllable } from 'syllable';

/** The syllables of a word by its spelling (at least 1 for a word with a letter). */
export function heuristicSyllables(word: string): number {
  return Math.max(1, syllable(word));
}

const VOWEL_LETTERS = 'aeiouyàáâäèéêëìíîïòóôöùúûüÿæœ';
const isVowelLetter = (letter: string, previous: string | undefined): boolean =>
  VOWEL_LETTERS.includes(letter) && !(letter === 'y' && (previous === undefined || VOWEL_LETTERS.includes(previous))) && !(letter === 'u' && previous === 'q');

/** Letter pairs and triples that begin English syllables (`ta-ble`, `mis-ter`, `heart-brea-ker`). */
const ONSETS = new Set('bl br ch cl cr dr dw fl fr gl gr kn ph pl pr qu sc sh sk sl sm sn sp st sw th tr tw wh wr scr shr spl spr squ str thr'.split(' '));
/** Pairs never split between syllables. */
const DIGRAPHS = new Set('ch sh th ph wh ck ng gh'.split(' '));

/** The vowel groups of a spelling, as [start, end) index pairs, a final silent `e` (`love`, not `table`) left out. */
function vowelGroups(letters: string): Array<[number, number]> {
  const groups: Array<[number, number]> = [];
  for (let i = 0; i < letters.length; i++) {
    if (!isVowelLetter(letters[i] ?? '', letters[i - 1])) continue;
    const start = i;
    while (i + 1 < letters.length && isVowelLetter(letters[i + 1] ?? '', letters[i])) i++;
    groups.push([start, i + 1]);
  }
  const last = groups[groups.length - 1];
  const silentE =
    groups.length > 1 &&
    last !== undefined &&
    last[0] === letters.length - 1 &&
    letters.endsWith('e') &&
    !/[^aeiouy]le$/.test(letters) && // ta-ble
    !/^[^aeiouy]*e$/.test(letters);
  if (silentE) groups.pop();
  if (groups.length > 1 && /[^aeiouytd]ed$/.test(letters)) {
    // -ed after a sound other than t/d adds no syllable: kissed, loved.
    const final = groups[groups.length - 1];
    if (final && final[0] === letters.length - 2) groups.pop();
  }
  return groups;
}

/**
 * A spelling cut into `count` syllables for a tooltip (`heart·brea·ker`):
 * vowel groups are the nuclei; a consonant between two goes with the second
 * (`ba-by`), a cluster keeps at least one consonant with the first and gives
 * the second the longest onset English allows (`mis-ter`, `ap-ple`,
 * `heart-brea-ker`). When the spelling's groups and the count disagree,
 * groups are merged from the end or the longest is halved. Apostrophes and
 * hyphens stay with their letters.
 */
export function splitSpelling(word: string, count: number): string[] {
  if (count <= 1 || word.length <= 1) return [word];
  const letters = word.toLowerCase();
  const groups = vowelGroups(letters);
  while (groups.length > count) {
    const last = groups.pop();
    const previous = groups[groups.length - 1];
    if (last && previous) previous[1] = last[1];
  }
  while (groups.length > 0 && groups.length < count) {
    // Halve the longest group (li-on, cre-ate); stop when none has two letters.
    let longest = -1;
    for (let i = 0; i < groups.length; i++) {
      const group = groups[i];
      if (group && group[1] - group[0] >= 2 && (longest < 0 || group[1] - group[0] > (groups[longest]?.[1] ?? 0) - (groups[longest]?.[0] ?? 0))) longest = i;
    }
    const group = groups[longest];
    if (!group) break;
    const middle = group[0] + 1;
    groups.splice(longest, 1, [group[0], middle], [middle, group[1]]);
  }
  if (groups.length < 2) return [word];
  const cuts: number[] = [];
  for (let i = 0; i + 1 < groups.length; i++) {
    const from = groups[i]?.[1] ?? 0;
    const to = groups[i + 1]?.[0] ?? 0;
    const cluster = letters.slice(from, to).replace(/['’-]/g, '');
    cuts.push(to - onsetLength(cluster, to - from));
  }
  const parts: string[] = [];
  let start = 0;
  for (const cut of cuts) {
    if (cut > start) parts.push(word.slice(start, cut));
    start = Math.max(start, cut);
  }
  parts.push(word.slice(start));
  return parts;
}

/** How many letters of the consonants between two vowels begin the second syllable. */
function onsetLength(cluster: string, span: number): number {
  if (cluster.length === 0) return 0;
  if (cluster.length === 1) return Math.min(1, span);
  if (cluster.length === 2 && DIGRAPHS.has(cluster)) return cluster === 'ck' || cluster === 'ng' || cluster === 'gh' ? 0 : 2;
  for (let length = Math.min(3, cluster.length - 1); length >= 2; length--) {
    if (ONSETS.has(cluster.slice(-length))) return length;
  }
  return 1;
}

/**
 * The rhyme of a spelling, for words known only by their letters: the last
 * vowel group and what follows (`starlight` → `ight`, `tonight` → `ight`),
 * a final silent `e` kept with its group (`love` → `ove`).
 */
export function spellingRhyme(word: string): string {
  const letters = word.toLowerCase().replace(/[^a-zà-ÿæœ]/g, '');
  const groups = vowelGroups(letters);
  const last = groups[groups.length - 1];
  return last === undefined ? letters : letters.slice(last[0]);
}
