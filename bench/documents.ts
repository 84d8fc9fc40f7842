/** Test documents shared by the lint and grammar benchmarks. */
import { LYRICS_LIMIT, PROMPT_LIMIT } from '../src/core/schema';

const PROMPT_WORDS =
  'Upbeat indie pop, 118 BPM, A major, bright female vocals, handclaps, jangly guitars, warm analog synth pads, ';

const SECTIONS = [
  '[Verse]\nWindows down and the radio loud\nChasing the sun past the edge of town\n# TODO: stronger rhyme here\nMaps in the glovebox we never unfold (ooh)\n',
  '[Pre-Chorus]\nAnd the road keeps singing our names\n',
  '[Chorus 2]\nDrive, drive, till the stars come out (hey!)\nSummer in our lungs and we are shouting out\n',
  '[Bridge]\n(ooh, ahh) Close your eyes, feel the wind\nThis is where the good part begins\n',
];

/** A document at the model's limits: a 2,000-character prompt and 3,500 characters of lyrics. */
export function maxSizeDocument(): string {
  const prompt = PROMPT_WORDS.repeat(Math.ceil(PROMPT_LIMIT / PROMPT_WORDS.length)).slice(0, PROMPT_LIMIT);
  let lyrics = '';
  for (let i = 0; lyrics.length < LYRICS_LIMIT; i++) lyrics += `${SECTIONS[i % SECTIONS.length]}\n`;
  // Exactly 3,500 characters of body text (comments included, as a writer would have them).
  lyrics = lyrics.slice(0, LYRICS_LIMIT);
  return `---\ntitle: Bench\nprompt: "${prompt}"\nprovider: cloudflare\nformat: mp3\n---\n${lyrics}\n`;
}
