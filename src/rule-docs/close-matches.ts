/** Edit distance (Levenshtein), for "did you mean" suggestions. */
export function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[b.length]!;
}

/**
 * Ids close to `query`: same name in another category, a substring either way, a shared word, or
 * a small edit distance on the id or its name part; best first, at most `max`.
 */
export function closeMatches(query: string, ids: readonly string[], max = 5): string[] {
  const q = query.toLowerCase().trim();
  const qName = q.includes('/') ? q.slice(q.indexOf('/') + 1) : q;
  const qWords = new Set(qName.split(/[-/\s]+/).filter((w) => w.length > 2));
  const scored = ids.map((id) => {
    const name = id.slice(id.indexOf('/') + 1);
    const d = Math.min(editDistance(q, id), editDistance(qName, name));
    let score = d;
    if (id.includes(q) || q.includes(name) || name.includes(qName)) score -= 10;
    if (name.split('-').some((w) => qWords.has(w))) score -= 3;
    return { id, score, d };
  });
  const limit = Math.max(3, Math.floor(qName.length / 3));
  return scored
    .filter((s) => s.score < s.d || s.d <= limit)
    .sort((a, b) => a.score - b.score || a.id.localeCompare(b.id))
    .slice(0, max)
    .map((s) => s.id);
}
