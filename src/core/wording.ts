import { closest, distance } from 'fastest-levenshtein';

/** " Did you mean 'X'?" when a known name is close to the unknown one, else "". */
export function didYouMean(name: string, known: Iterable<string>): string {
  const candidates = [...known];
  if (candidates.length === 0) return '';
  const best = closest(name, candidates);
  const limit = Math.max(2, Math.floor(best.length / 3));
  return distance(name.toLowerCase(), best.toLowerCase()) <= limit ? ` Did you mean '${best}'?` : '';
}

/** "a" or "an" before a word, for messages: `an event`, `a command`. */
export function withArticle(word: string): string {
  return `${/^[aeiou]/i.test(word) ? 'an' : 'a'} ${word}`;
}
