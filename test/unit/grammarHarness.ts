/**
 * Helpers to load TextMate grammars the way VS Code does (vscode-textmate +
 * the Oniguruma WASM build) and to tokenize whole documents line by line,
 * carrying the rule stack from one line to the next.
 *
 * Used by test/unit/grammar.test.ts and bench/grammar.ts.
 */
import * as fs from 'fs';
import * as path from 'path';
import * as oniguruma from 'vscode-oniguruma';
import * as vsctm from 'vscode-textmate';

/** Repository root, found from this file's location in either test/unit (ts-node) or out/test/unit (tsc). */
export const repoRoot: string = findRepoRoot(__dirname);

export const LYRICS_SCOPE = 'source.lyrics';
export const YAML_SCOPE = 'source.yaml';
export const MARKDOWN_SCOPE = 'text.html.markdown';

/** scopeName -> absolute path of the grammar file. Anything else (e.g. languages embedded in Markdown code fences) resolves to null. */
export function grammarPaths(): Record<string, string> {
  return {
    [LYRICS_SCOPE]: path.join(repoRoot, 'syntaxes', 'lyrics.tmLanguage.json'),
    // tm-grammars ships the grammars VS Code uses, as JSON (Markdown: microsoft/vscode markdown-basics; YAML: textmate/yaml.tmbundle).
    [YAML_SCOPE]: resolvePackageFile('tm-grammars/grammars/yaml.json'),
    [MARKDOWN_SCOPE]: resolvePackageFile('tm-grammars/grammars/markdown.json'),
  };
}

export interface Token {
  readonly text: string;
  readonly scopes: readonly string[];
}

export type TokenizedLine = readonly Token[];

let onigLibPromise: Promise<vsctm.IOnigLib> | undefined;

/** Loads the Oniguruma WASM once per process (vscode-oniguruma's loadWASM may only be called once). */
export function loadOnigLib(): Promise<vsctm.IOnigLib> {
  if (!onigLibPromise) {
    onigLibPromise = (async () => {
      const wasmPath = resolvePackageFile('vscode-oniguruma/release/onig.wasm');
      const wasm = fs.readFileSync(wasmPath);
      // Copy into a standalone ArrayBuffer: Node may hand out a slice of a shared pool.
      await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
      return {
        createOnigScanner: (patterns: string[]) => oniguruma.createOnigScanner(patterns),
        createOnigString: (s: string) => oniguruma.createOnigString(s),
      };
    })();
  }
  return onigLibPromise;
}

/** A registry that knows the Lyrics, YAML and Markdown grammars. `overrides` replaces a grammar's raw JSON text (used to check tests fail on a broken grammar). */
export async function createRegistry(overrides: Record<string, string> = {}): Promise<vsctm.Registry> {
  const onigLib = loadOnigLib();
  const paths = grammarPaths();
  return new vsctm.Registry({
    onigLib,
    loadGrammar: async (scopeName: string): Promise<vsctm.IRawGrammar | null> => {
      const file = paths[scopeName];
      if (!file) {
        return null;
      }
      const content = overrides[scopeName] ?? fs.readFileSync(file, 'utf8');
      return vsctm.parseRawGrammar(content, file);
    },
  });
}

export async function loadGrammar(registry: vsctm.Registry, scopeName: string): Promise<vsctm.IGrammar> {
  const grammar = await registry.loadGrammar(scopeName);
  if (!grammar) {
    throw new Error(`Grammar ${scopeName} could not be loaded`);
  }
  return grammar;
}

/** Splits like VS Code's text model: on \r\n, \r or \n, without the terminators. */
export function splitLines(text: string): string[] {
  return text.split(/\r\n|\r|\n/);
}

/**
 * Tokenizes `lines` as one document, passing each line's rule stack to the next
 * (exactly what VS Code's tokenizer does). Lines are given as-is, so callers can
 * also feed lines that still carry a trailing '\r'.
 */
export function tokenizeLines(grammar: vsctm.IGrammar, lines: readonly string[]): TokenizedLine[] {
  let ruleStack: vsctm.StateStack = vsctm.INITIAL;
  const result: TokenizedLine[] = [];
  for (const line of lines) {
    const r = grammar.tokenizeLine(line, ruleStack);
    result.push(r.tokens.map((t) => ({ text: line.substring(t.startIndex, t.endIndex), scopes: t.scopes })));
    ruleStack = r.ruleStack;
  }
  return result;
}

export function tokenizeText(grammar: vsctm.IGrammar, text: string): TokenizedLine[] {
  return tokenizeLines(grammar, splitLines(text));
}

/** Tokenizes without building token objects; returns the final rule stack (for benchmarks). */
export function tokenizeLinesFast(grammar: vsctm.IGrammar, lines: readonly string[]): vsctm.StateStack {
  let ruleStack: vsctm.StateStack = vsctm.INITIAL;
  for (const line of lines) {
    ruleStack = grammar.tokenizeLine(line, ruleStack).ruleStack;
  }
  return ruleStack;
}

/** Human-readable dump, handy in assertion messages: `"[" source.lyrics markup.heading… | …`. */
export function describeLine(line: TokenizedLine): string {
  return line.map((t) => `${JSON.stringify(t.text)} ${t.scopes.join(' ')}`).join('\n');
}

function resolvePackageFile(request: string): string {
  return require.resolve(request, { paths: [repoRoot] });
}

function findRepoRoot(start: string): string {
  let dir = start;
  for (;;) {
    // tsc may copy package.json into out/ (resolveJsonModule), so also require the grammar source next to it.
    const pkg = path.join(dir, 'package.json');
    if (fs.existsSync(pkg) && fs.existsSync(path.join(dir, 'syntaxes', 'lyrics.tmLanguage.json'))) {
      const name: unknown = (JSON.parse(fs.readFileSync(pkg, 'utf8')) as { name?: unknown }).name;
      if (name === 'lyrics-studio') {
        return dir;
      }
    }
    const parent = path.dirname(dir);
    if (parent === dir) {
      throw new Error(`Could not find the lyrics-studio repository root above ${start}`);
    }
    dir = parent;
  }
}

/** Scopes of the character at `offset` in a tokenized line (empty array past the end). */
export function scopesAt(line: TokenizedLine, offset: number): readonly string[] {
  let pos = 0;
  for (const token of line) {
    if (offset >= pos && offset < pos + token.text.length) {
      return token.scopes;
    }
    pos += token.text.length;
  }
  return [];
}
