/**
 * MiniMax's lyrics model: `POST /v1/lyrics_generation`, Bearer key, $0.01 a
 * call. `write_full_song` drafts a song from a prompt; `edit` revises or
 * continues the lyrics it is given, following the prompt. There is no `model`
 * field. Errors come as a non-zero `base_resp.status_code` (HTTP 200), as for
 * music generation; the answer has no `trace_id`.
 *
 * The body is checked strictly, so a client that sends a field the endpoint
 * does not have, or lyrics in draft mode, finds out here: `mode`, `prompt`
 * (≤ 2,000 characters, empty means a random song), `lyrics` (edit mode only,
 * 1–3,500 characters), `title` (kept as given).
 */
import type { ProviderContext } from './context';
import { bearerToken, isRecord, LYRICS_MAX, PROMPT_MAX, type ParsedRequest } from './music';
import type { MinimaxFake } from './minimax';
import { jsonReply, type Reply } from './wire';

export const MINIMAX_LYRICS_PATH = '/minimax/v1/lyrics_generation';
export const LYRICS_MODES: readonly string[] = ['write_full_song', 'edit'];
const LYRICS_FIELDS: readonly string[] = ['mode', 'prompt', 'lyrics', 'title'];

/** The title a draft gets when the request names none. */
export const FAKE_DRAFT_TITLE = 'Midnight Drive';
/** Style tags as MiniMax sends them: one comma-separated string. */
export const FAKE_STYLE_TAGS = 'Synthwave, Nostalgic, Driving, Female Vocals';

/** A draft in the lyrics model's own tags (numbered verses, `[Pre-Chorus]`, `[Build-up]`), as it writes them. */
export const FAKE_DRAFT_LYRICS = [
  '[Verse 1]',
  'Streetlights blur into a silver line',
  'Your hand is resting over mine',
  '',
  '[Pre-Chorus]',
  'Hold on, the night is young',
  '',
  '[Chorus]',
  'We drive until the morning comes',
  'Echoes of the city drums',
  '',
  '[Build-up]',
  'Faster, faster',
  '',
  '[Verse 2]',
  'Neon signs are fading out of view',
  'Every mile I drive is back to you',
].join('\n');

/** What `edit` adds when the fake has no answer set: a continuation, as "continue with a bridge" asks. */
export const FAKE_EDIT_CONTINUATION = ['', '', '[Bridge]', 'Headlights fold into the dawn', 'Every road we wander on'].join('\n');

/** Code points, as the API counts characters. */
function length(text: string): number {
  let count = 0;
  for (const _character of text) count++;
  return count;
}

/** Problems with a lyrics request, as `field: problem` strings; empty when valid. */
export function lyricsRequestProblems(body: Record<string, unknown>): string[] {
  const problems: string[] = [];
  for (const key of Object.keys(body)) {
    // `model` in particular: music generation has one, this endpoint does not.
    if (!LYRICS_FIELDS.includes(key)) problems.push(`${key}: unknown field`);
  }
  const mode = body.mode;
  if (typeof mode !== 'string' || !LYRICS_MODES.includes(mode)) problems.push(`mode: must be one of ${LYRICS_MODES.join(', ')}`);
  if (body.prompt !== undefined && typeof body.prompt !== 'string') problems.push('prompt: must be a string');
  else if (typeof body.prompt === 'string' && length(body.prompt) > PROMPT_MAX) problems.push(`prompt: at most ${PROMPT_MAX} characters`);
  if (body.title !== undefined && typeof body.title !== 'string') problems.push('title: must be a string');
  if (mode === 'edit') {
    if (typeof body.lyrics !== 'string' || body.lyrics.trim() === '') problems.push('lyrics: required in edit mode, a non-empty string');
    else if (length(body.lyrics) > LYRICS_MAX) problems.push(`lyrics: at most ${LYRICS_MAX} characters`);
  } else if (body.lyrics !== undefined) {
    problems.push('lyrics: only in edit mode');
  }
  return problems;
}

export function lyricsReply(context: ProviderContext, minimax: MinimaxFake, request: ParsedRequest): Reply {
  if (bearerToken(request.headers) !== context.credentials.minimax.apiKey) return minimax.baseRespReply(200, 1004, undefined, {}, false);
  const body = request.body;
  if (!isRecord(body)) return minimax.baseRespReply(200, 2013, 'invalid params, body must be a JSON object', {}, false);
  const problems = lyricsRequestProblems(body);
  if (problems.length > 0) return minimax.baseRespReply(200, 2013, `invalid params, ${problems.join('; ')}`, {}, false);

  const answer = context.settings().minimax.lyricsAnswer ?? {};
  const title = typeof body.title === 'string' && body.title.trim() !== '' ? body.title : FAKE_DRAFT_TITLE;
  const lyrics = answer.lyrics ?? (body.mode === 'edit' ? `${String(body.lyrics)}${FAKE_EDIT_CONTINUATION}` : FAKE_DRAFT_LYRICS);
  return jsonReply(200, {
    song_title: answer.title ?? title,
    style_tags: answer.styleTags ?? FAKE_STYLE_TAGS,
    lyrics,
    base_resp: { status_code: 0, status_msg: 'success' },
  });
}
