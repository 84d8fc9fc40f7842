/**
 * The words that ask the lyrics model to keep a song's shape and to change
 * only what the writer chose. A model asked to "make the chorus punchier"
 * happily writes a chorus of another length and rhyme scheme; told the
 * syllables of each line and the scheme, it mostly keeps them. The shape
 * comes from the ear (core/ear, through shapeOf) as a small interface, so the
 * text is built, and tested, from plain numbers and letters.
 */
import { PROMPT_LIMIT } from '../schema';
import { countCodePoints } from '../text';

/** A sung line as the constraint text needs it. */
export interface LineShape {
  /** The line's syllables (the common count; cues in parentheses left out). */
  readonly syllables: number;
  /** The line's letter in its section's rhyme scheme; undefined for a line without a word. */
  readonly rhyme: string | undefined;
}

/** A section as the constraint text needs it. */
export interface SectionShape {
  /** The tag as written, without brackets (`Verse 1`); null for sung lines before the first tag. */
  readonly name: string | null;
  readonly lines: readonly LineShape[];
}

const ORDINALS = ['first', 'second', 'third', 'fourth', 'fifth', 'sixth', 'seventh', 'eighth', 'ninth', 'tenth'];

/**
 * How a section is named to the model: `the [Chorus] section`; `the second
 * [Chorus] section` when the song has several of that name (`occurrence` of
 * `total`, 1-based); the lines before the first tag have no name.
 */
export function sectionPhrase(name: string | null, occurrence = 1, total = 1): string {
  if (name === null) return 'the opening lines (before the first tag)';
  const ordinal = total > 1 ? `${ORDINALS[occurrence - 1] ?? `${occurrence}th`} ` : '';
  return `the ${ordinal}[${name}] section`;
}

/**
 * One sentence for a section: `[Chorus]: 4 lines of 8, 8, 7, 8 syllables, rhyme scheme AABB.`
 * A line without a word is `-` in the scheme; a section without sung lines gets none.
 */
export function sectionConstraint(section: SectionShape): string | undefined {
  const count = section.lines.length;
  if (count === 0) return undefined;
  const syllables = section.lines.map((line) => line.syllables).join(', ');
  const scheme = section.lines.map((line) => line.rhyme ?? '-').join('');
  const label = section.name === null ? 'The opening lines' : `[${section.name}]`;
  return `${label}: ${count} ${count === 1 ? 'line' : 'lines'} of ${syllables} ${count === 1 && section.lines[0]?.syllables === 1 ? 'syllable' : 'syllables'}, rhyme scheme ${scheme}.`;
}

const SHAPE_HEADER = 'Keep the shape: the same number of lines in each section, the same syllables in each line and the same rhyme scheme.';

/** The sentence that names what may change: `Change only the [Verse 2] section; keep every other line exactly as it is.` */
export function scopeSentence(phrases: readonly string[]): string {
  const named = phrases.length <= 1 ? (phrases[0] ?? '') : `${phrases.slice(0, -1).join(', ')} and ${phrases[phrases.length - 1] ?? ''}`;
  return `Change only ${named}; keep every other line exactly as it is.`;
}

export interface EditPromptParts {
  /** The writer's instruction, as typed. */
  readonly instruction: string;
  /** The sections a selection covers (sectionPhrase): the model is told to change only these. Empty or absent: the whole song. */
  readonly scope?: readonly string[] | undefined;
  /** The shape to keep (the affected sections'), or absent when the writer turned the option off. */
  readonly shape?: readonly SectionShape[] | undefined;
}

export type EditPrompt =
  | {
      readonly ok: true;
      readonly prompt: string;
      /** Sections whose shape is in the prompt, and those left out because the prompt would pass its limit. */
      readonly shapeKept: number;
      readonly shapeDropped: number;
    }
  | { readonly ok: false; readonly reason: string };

/**
 * The `prompt` of an edit request: the instruction, the scope sentence, then
 * the shape, one line per section, as many as fit within the prompt's limit
 * (the instruction itself must fit: it is never cut).
 */
export function editPrompt(parts: EditPromptParts, limit: number = PROMPT_LIMIT): EditPrompt {
  const instruction = parts.instruction.trim();
  if (instruction === '') return { ok: false, reason: 'the instruction is empty' };
  // The instruction as typed when it stands alone; a full stop before what follows it.
  const sentence = (text: string): string => text.replace(/([^.!?…])$/u, '$1.');
  const head = parts.scope && parts.scope.length > 0 ? `${sentence(instruction)} ${scopeSentence(parts.scope)}` : instruction;
  const headLength = countCodePoints(head);
  if (headLength > limit) {
    return {
      ok: false,
      reason: `the instruction is ${headLength.toLocaleString('en-US')} characters${head === instruction ? '' : ' with the sections it names'}; MiniMax's lyrics model takes at most ${limit.toLocaleString('en-US')}`,
    };
  }
  const lines = (parts.shape ?? []).map(sectionConstraint).filter((line): line is string => line !== undefined);
  let prompt = head;
  let kept = 0;
  for (const line of lines) {
    const next = kept === 0 ? `${sentence(prompt)}\n\n${SHAPE_HEADER}\n${line}` : `${prompt}\n${line}`;
    if (countCodePoints(next) > limit) break;
    prompt = next;
    kept++;
  }
  return { ok: true, prompt, shapeKept: kept, shapeDropped: lines.length - kept };
}
