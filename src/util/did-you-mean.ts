import { distance } from 'fastest-levenshtein';

/**
 * The known name `word` was most likely meant to be: the nearest by edit distance (case ignored), if a slip of a few
 * letters — at most three edits, fewer than six in ten letters (about commander's rule for its own) — so that a
 * name unlike any known one gets no guess.
 */
export function closestName(word: string, known: Iterable<string>): string | undefined {
  const typed = word.toLowerCase();
  let best: { name: string; edits: number } | undefined;
  for (const name of known) {
    const edits = distance(typed, name.toLowerCase());
    if (best === undefined || edits < best.edits) best = { name, edits };
  }
  if (best === undefined || best.name === word) return undefined;
  const close = best.edits <= 3 && best.edits / Math.max(typed.length, best.name.length) < 0.6;
  return close ? best.name : undefined;
}

/** `; did you mean "strategies"?`, or nothing without a guess: what every "unknown …" message appends. */
export function meant(guess: string | undefined): string {
  return guess === undefined ? '' : `; did you mean "${guess}"?`;
}

/** `meant` of the closest known name. */
export function didYouMean(word: string, known: Iterable<string>): string {
  return meant(closestName(word, known));
}
