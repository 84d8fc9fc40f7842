/** Test documents shared by the lint and grammar benchmarks. */
import { LYRICS_LIMIT, PROMPT_LIMIT } from '../src/core/schema';

const PROMPT_WORDS = 'Upbeat indie pop, 118 BPM, A major, bright female vocals, handclaps, jangly guitars, warm analog synth pads, ';

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

/**
 * A song whose front matter is `bytes` long: one `key_N: value N` line after
 * another under the prompt, the shape that made linting quadratic (40,000
 * keys took 47 s) before the front matter had bounds.
 */
export function largeFrontMatterDocument(bytes: number): string {
  const lines = ['---', 'prompt: Upbeat indie pop, 118 BPM'];
  for (let size = 0, n = 0; size < bytes; n++) {
    const line = `key_${n}: value ${n}`;
    lines.push(line);
    size += line.length + 1;
  }
  return `${lines.join('\n')}\n---\n[Verse]\nWindows down and the radio loud\n`;
}

/** A front matter as large as is still read (core/document.ts bounds): one key a line up to the line bound. */
export function boundFrontMatterDocument(maxLines: number, maxChars: number): string {
  const lines = ['prompt: Upbeat indie pop, 118 BPM'];
  let size = lines[0]?.length ?? 0;
  for (let n = 0; lines.length < maxLines; n++) {
    const line = `key_${n}: value ${n}`;
    if (size + line.length + 1 > maxChars) break;
    lines.push(line);
    size += line.length + 1;
  }
  return `---\n${lines.join('\n')}\n---\n[Verse]\nWindows down and the radio loud\n`;
}
