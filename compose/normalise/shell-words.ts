/**
 * Splits a command string into words the way a POSIX shell would, without
 * running anything: blanks separate words; '…' is literal; in "…" a backslash
 * escapes only $ ` " \ and newline; elsewhere a backslash escapes any
 * character; backslash-newline joins lines. Variables are not expanded (the
 * compose loader has already interpolated) and operators such as ; | && are
 * ordinary characters: Compose passes them to the program, not to a shell.
 */

export type SplitResult = { words: string[] } | { error: string };

const BLANK = new Set([' ', '\t', '\n', '\r']);
const DOUBLE_QUOTE_ESCAPES = new Set(['$', '`', '"', '\\']);

export function splitShellWords(text: string): SplitResult {
  const words: string[] = [];
  let word = '';
  let inWord = false;
  let i = 0;
  while (i < text.length) {
    const c = text[i] as string;
    if (BLANK.has(c)) {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
      i++;
    } else if (c === "'") {
      const close = text.indexOf("'", i + 1);
      if (close < 0) return { error: `unterminated single quote at offset ${i}` };
      word += text.slice(i + 1, close);
      inWord = true;
      i = close + 1;
    } else if (c === '"') {
      const start = i;
      i++;
      let closed = false;
      while (i < text.length) {
        const d = text[i] as string;
        if (d === '"') {
          closed = true;
          i++;
          break;
        }
        if (d === '\\' && i + 1 < text.length) {
          const next = text[i + 1] as string;
          if (next === '\n') {
            i += 2;
            continue;
          }
          if (DOUBLE_QUOTE_ESCAPES.has(next)) {
            word += next;
            i += 2;
            continue;
          }
        }
        word += d;
        i++;
      }
      if (!closed) return { error: `unterminated double quote at offset ${start}` };
      inWord = true;
    } else if (c === '\\') {
      if (i + 1 >= text.length) return { error: 'a trailing backslash escapes nothing' };
      const next = text[i + 1] as string;
      if (next !== '\n') {
        word += next;
        inWord = true;
      }
      i += 2;
    } else {
      word += c;
      inWord = true;
      i++;
    }
  }
  if (inWord) words.push(word);
  return { words };
}
