import { closest, distance } from 'fastest-levenshtein';

/** " Did you mean 'X'?" when a known name is close to the unknown one, else "". */
export function didYouMean(name: string, known: Iterable<string>): string {
  const best = suggestedName(name, known);
  return best === undefined ? '' : ` Did you mean '${best}'?`;
}

/** The known name close enough to the unknown one to suggest it (as `didYouMean` does), if any. */
export function suggestedName(name: string, known: Iterable<string>): string | undefined {
  const candidates = [...known];
  if (candidates.length === 0) return undefined;
  const best = closest(name, candidates);
  const limit = Math.max(2, Math.floor(best.length / 3));
  return distance(name.toLowerCase(), best.toLowerCase()) <= limit ? best : undefined;
}

/** "a" or "an" before a word, for messages: `an event`, `a command`. */
export function withArticle(word: string): string {
  return `${/^[aeiou]/i.test(word) ? 'an' : 'a'} ${word}`;
}
