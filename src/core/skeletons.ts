/**
 * Song skeletons: the one home of the New Song command's templates and of
 * snippets/lyrics.code-snippets, which is generated from them (a unit test
 * holds the file equal to `snippetsFileText()`). The command reads that file
 * (so the templates stay out of the activation bundle): a skeleton's id is
 * its prefix without `song-`. Each is a VS Code snippet:
 * `${1:text}` placeholders to tab through, `${2|a,b|}` choices, and the
 * chorus is one placeholder used in every chorus, so it is written once and
 * mirrored. The choices come from the schema, so they never offer a value the
 * linter would refuse. Expanded with their defaults, the skeletons lint clean
 * and are already formatted (unit-tested).
 */
import { AUDIO_FORMATS, BITRATES, DEFAULT_PROVIDER, PROVIDER_IDS, SAMPLE_RATES } from './schema';

export const SKELETON_IDS = ['pop', 'ballad', 'hip-hop', 'instrumental'] as const;
export type SkeletonId = (typeof SKELETON_IDS)[number];

export interface SongSkeleton {
  readonly id: SkeletonId;
  /** Shown in the New Song pick and as the snippet's name. */
  readonly label: string;
  readonly description: string;
  /** The snippet's trigger word: `song-<id>` (the New Song command reads the id back from it). */
  readonly prefix: `song-${SkeletonId}`;
  /** The song as snippet text, one entry per line. */
  readonly lines: readonly string[];
}

/** A choice of values, the first being the default: `${n|a,b,c|}`. */
function choice(tabStop: number, values: readonly (string | number)[]): string {
  return `\${${tabStop}|${values.join(',')}|}`;
}

/** The default first, then the rest in their schema order. */
function defaultFirst<T>(values: readonly T[], first: T): T[] {
  return [first, ...values.filter((value) => value !== first)];
}

/** Highest first: the best quality is the default. */
function descending(values: readonly number[]): number[] {
  return [...values].sort((a, b) => b - a);
}

/** The front matter every skeleton starts with: tab stops 1 to 6; the lyrics go on from 7. */
function frontMatter(title: string, prompt: string, instrumental: boolean): string[] {
  return [
    '---',
    `title: \${1:${title}}`,
    `prompt: \${2:${prompt}}`,
    `provider: ${choice(3, defaultFirst(PROVIDER_IDS, DEFAULT_PROVIDER))}`,
    `is_instrumental: ${instrumental}`,
    `sample_rate: ${choice(4, descending(SAMPLE_RATES))}`,
    `bitrate: ${choice(5, descending(BITRATES))}`,
    `format: ${choice(6, AUDIO_FORMATS)}`,
    '---',
  ];
}

/** The chorus (or hook): one placeholder in every chorus, so it is written once. */
const chorus = (tabStop: number): string => `\${${tabStop}:The line everybody sings back}`;

export const SONG_SKELETONS: readonly SongSkeleton[] = [
  {
    id: 'pop',
    label: 'Pop song',
    description: 'Intro, verse, pre-chorus, chorus, bridge, outro',
    prefix: 'song-pop',
    lines: [
      ...frontMatter('Untitled Pop Song', 'Upbeat pop, 118 BPM, A major, bright female vocals, punchy drums, synth hooks', false),
      '[Intro]',
      '${7:(ooh)}',
      '',
      '[Verse]',
      '${8:First line of the verse}',
      '',
      '[Pre Chorus]',
      '${9:The lift into the chorus}',
      '',
      '[Chorus]',
      chorus(10),
      '',
      '[Verse 2]',
      '${11:The story moves on}',
      '',
      '[Pre Chorus]',
      '${9}',
      '',
      '[Chorus]',
      chorus(10),
      '',
      '[Bridge]',
      '${12:Something new, something quieter}',
      '',
      '[Chorus]',
      chorus(10),
      '',
      '[Outro]',
      '${0:(la la la)}',
    ],
  },
  {
    id: 'ballad',
    label: 'Ballad',
    description: 'Verse, chorus, verse, chorus, bridge, chorus, outro',
    prefix: 'song-ballad',
    lines: [
      ...frontMatter('Untitled Ballad', 'Slow piano ballad, 68 BPM, E flat major, intimate male vocals, strings, soft reverb', false),
      '[Verse]',
      '${7:A quiet first line}',
      '',
      '[Chorus]',
      chorus(8),
      '',
      '[Verse 2]',
      '${9:A memory, a place, a name}',
      '',
      '[Chorus]',
      chorus(8),
      '',
      '[Bridge]',
      '${10:The turn of the song}',
      '',
      '[Chorus]',
      chorus(8),
      '',
      '[Outro]',
      '${0:The last word, held}',
    ],
  },
  {
    id: 'hip-hop',
    label: 'Hip-hop track',
    description: 'Intro, verse, hook, verse, hook, outro',
    prefix: 'song-hip-hop',
    lines: [
      ...frontMatter('Untitled Track', 'Boom bap hip-hop, 90 BPM, dusty vinyl drums, deep bass, confident male rap vocals', false),
      '[Intro]',
      '${7:(yeah, uh)}',
      '',
      '[Verse]',
      '${8:Sixteen bars start here}',
      '',
      '[Hook]',
      chorus(9),
      '',
      '[Verse 2]',
      '${10:Flip the flow on the second verse}',
      '',
      '[Hook]',
      chorus(9),
      '',
      '[Outro]',
      '${0:(yeah)}',
    ],
  },
  {
    id: 'instrumental',
    label: 'Instrumental',
    description: 'No lyrics: the prompt carries the arrangement; sections as notes',
    prefix: 'song-instrumental',
    lines: [
      ...frontMatter('Untitled Instrumental', 'Dark synthwave instrumental, 96 BPM, F minor, pulsing analog bass, gated reverb drums', true),
      '# Instrumental: no lyrics are sent. Notes for the arrangement go in comments.',
      '# Intro: ${7:soft pads and a filtered arpeggio}',
      '# Build Up: ${8:drums enter, the filter opens}',
      '# Drop: ${9:full bass and lead}',
      '# Outro: ${0:fade on the arpeggio}',
    ],
  },
];

export function findSkeleton(id: string): SongSkeleton | undefined {
  return SONG_SKELETONS.find((skeleton) => skeleton.id === id);
}

/** The skeleton as one snippet string, lines joined with `\n` (VS Code adapts them to the document's line ending). */
export function skeletonSnippet(skeleton: SongSkeleton): string {
  return skeleton.lines.join('\n') + '\n';
}

/**
 * The song a skeleton gives when every placeholder keeps its default:
 * `${n:text}` → text, `${n|a,b|}` → a, and a bare `${n}` mirrors placeholder
 * n. (What New Song shows before the writer types anything; the tests check it.)
 */
export function skeletonText(skeleton: SongSkeleton): string {
  const defaults = new Map<string, string>();
  return skeletonSnippet(skeleton)
    .replace(/\$\{(\d+)(?::([^}]*)|\|([^|]*)\|)\}/g, (_, tabStop: string, text: string | undefined, choices: string | undefined) => {
      const value = text ?? choices?.split(',')[0] ?? '';
      defaults.set(tabStop, value);
      return value;
    })
    .replace(/\$\{(\d+)\}/g, (_, tabStop: string) => defaults.get(tabStop) ?? '');
}

/**
 * The text of snippets/lyrics.code-snippets. `isFileTemplate` also offers
 * each one in "Snippets: Fill File with Snippet" for an empty file.
 */
export function snippetsFileText(): string {
  const snippets = Object.fromEntries(
    SONG_SKELETONS.map((skeleton) => [
      skeleton.label,
      { prefix: skeleton.prefix, description: `Song skeleton: ${skeleton.description}`, isFileTemplate: true, body: [...skeleton.lines, ''] },
    ]),
  );
  return `${JSON.stringify(snippets, null, 2)}\n`;
}
