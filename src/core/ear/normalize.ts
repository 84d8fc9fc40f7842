/**
 * Lyric spelling → the spellings to look up. Songs write words the way they
 * are sung (`lovin'`, `'cause`, `sooo`, `ev'ry`, `24/7`); CMUdict already
 * lists many sung forms (`gonna`, `wanna`, `gotta`, `'em`, `y'all`, `outta`,
 * `kinda`, `lemme`, `gimme`, `dunno`), so apostrophes are kept for the first
 * look-up and the other forms are tried after it.
 */

/**
 * A word as the dictionary spells it: lower case, straight apostrophes,
 * accents removed (`café` → `cafe`), and punctuation around it dropped
 * (`"Heart,"` → `heart`) except a leading or trailing apostrophe, which may
 * be part of the word (`'cause`, `lovin'`). Empty when nothing of a word is left.
 */
export function normalizeWord(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[’‘ʼ`´]/g, "'")
    .replace(/^[^\p{L}\p{N}']+|[^\p{L}\p{N}']+$/gu, '')
    .replace(/^'{2,}/, "'")
    .replace(/'{2,}$/, "'");
}

/**
 * Sung forms CMUdict does not list, with their sounds (ARPAbet). Only words
 * a songwriter writes on purpose; g-dropping (`lovin'`) and elongation
 * (`sooo`) are rules, not entries.
 */
export const SUNG_FORMS: Readonly<Record<string, string>> = {
  tryna: 'T R AY1 N AH0',
  finna: 'F IH1 N AH0',
  imma: 'AY1 M AH0',
  ima: 'AY1 M AH0',
  "i'ma": 'AY1 M AH0',
  "gon'": 'G AA1 N',
  cuz: 'K AH1 Z',
  "'cuz": 'K AH1 Z',
  cos: 'K AH1 Z',
  "'cos": 'K AH1 Z',
  wassup: 'W AH0 S AH1 P',
  whatcha: 'W AH1 CH AH0',
  betcha: 'B EH1 CH AH0',
  "lil'": 'L IH1 L',
  "'fore": 'F AO1 R',
  "'bout": 'B AW1 T',
  "'round": 'R AW1 N D',
  "o'": 'AH0',
  "'n'": 'AH0 N',
  "n'": 'AH0 N',
  "e'er": 'EH1 R',
  "o'er": 'OW1 R',
};

/**
 * The forms of a normalised word to look up, in order: as written; without
 * a leading or trailing apostrophe; a stretched word shrunk (`sooo` → `so`,
 * `yeahhh` → `yeah`, `loooove` → `love`). G-dropping and elision are rules
 * (pronounce.ts): they change the sounds, not only the spelling.
 */
export function lookupForms(word: string): string[] {
  const forms = [word];
  const add = (form: string): void => {
    if (form !== '' && !forms.includes(form)) forms.push(form);
  };
  if (word.startsWith("'")) add(word.slice(1));
  if (word.endsWith("'") && !word.endsWith("in'")) {
    add(word.slice(0, -1));
    if (word.startsWith("'")) add(word.slice(1, -1)); // a quoted word: 'hello'
  }
  for (const form of [...forms]) {
    if (/(\p{L})\1\1/u.test(form)) {
      add(form.replace(/(\p{L})\1{2,}/gu, '$1'));
      add(form.replace(/(\p{L})\1{2,}/gu, '$1$1'));
    }
  }
  return forms;
}

const ONES = [
  'zero',
  'one',
  'two',
  'three',
  'four',
  'five',
  'six',
  'seven',
  'eight',
  'nine',
  'ten',
  'eleven',
  'twelve',
  'thirteen',
  'fourteen',
  'fifteen',
  'sixteen',
  'seventeen',
  'eighteen',
  'nineteen',
];
const TENS = ['', '', 'twenty', 'thirty', 'forty', 'fifty', 'sixty', 'seventy', 'eighty', 'ninety'];

/**
 * A number as it is sung: `7` → seven, `24` → twenty four, `1999` →
 * nineteen ninety nine (four digits from 1100 to 2099 read as a year),
 * `300` → three hundred. Undefined past 9,999 or for other digits.
 */
export function numberWords(digits: string): string[] | undefined {
  if (!/^\d{1,4}$/.test(digits)) return undefined;
  const n = Number(digits);
  const underHundred = (value: number): string[] => {
    if (value < 20) return [ONES[value] ?? ''];
    const tens = TENS[Math.floor(value / 10)] ?? '';
    return value % 10 === 0 ? [tens] : [tens, ONES[value % 10] ?? ''];
  };
  const underThousand = (value: number): string[] => {
    if (value < 100) return underHundred(value);
    const rest = value % 100;
    return [ONES[Math.floor(value / 100)] ?? '', 'hundred', ...(rest === 0 ? [] : underHundred(rest))];
  };
  if (n < 1000) return underThousand(n);
  if (n >= 1100 && n < 2100 && n % 1000 !== 0 && !(n >= 2000 && n < 2010)) {
    const rest = n % 100;
    return [...underHundred(Math.floor(n / 100)), ...(rest === 0 ? ['hundred'] : rest < 10 ? ['oh', ONES[rest] ?? ''] : underHundred(rest))];
  }
  const rest = n % 1000;
  return [ONES[Math.floor(n / 1000)] ?? '', 'thousand', ...(rest === 0 ? [] : underThousand(rest))];
}
