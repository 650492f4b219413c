import type { CannedResponse } from '@parley/protocol';

/** What placeholders in a canned response are filled with. */
export interface CannedValues {
  visitorName: string;
  agentName: string;
  room: string;
}

/**
 * Fills `{{visitor.name}}`, `{{agent.name}}` and `{{room}}` (spaces inside the braces allowed); an
 * unknown placeholder stays as written, so a typo shows instead of vanishing.
 */
export function fillPlaceholders(text: string, values: CannedValues): string {
  const known: Record<string, string> = { 'visitor.name': values.visitorName, 'agent.name': values.agentName, room: values.room };
  return text.replace(/\{\{\s*([\w.]+)\s*\}\}/g, (whole, key: string) => known[key] ?? whole);
}

/**
 * A fuzzy score of `query` against `target`: every query character in order (a subsequence), better
 * when consecutive and at the start. Undefined when it does not match at all.
 */
export function fuzzyScore(query: string, target: string): number | undefined {
  const q = query.toLowerCase();
  const t = target.toLowerCase();
  if (q === '') return 0;
  let score = 0;
  let at = -1;
  for (const char of q) {
    const next = t.indexOf(char, at + 1);
    if (next < 0) return undefined;
    score += next === at + 1 ? 3 : 1;
    if (next === 0) score += 2;
    at = next;
  }
  return score - t.length / 100;
}

/** Canned responses matching what follows `/`: by shortcut first, then by text; best first. */
export function matchCanned(query: string, responses: readonly CannedResponse[], max = 8): CannedResponse[] {
  const scored: { response: CannedResponse; score: number }[] = [];
  for (const response of responses) {
    const byShortcut = fuzzyScore(query, response.shortcut);
    const byText = query.length >= 3 && response.text.toLowerCase().includes(query.toLowerCase()) ? 0.5 : undefined;
    const score = byShortcut !== undefined ? byShortcut + 10 : byText;
    if (score !== undefined) scored.push({ response, score });
  }
  return scored.sort((a, b) => b.score - a.score || (a.response.shortcut < b.response.shortcut ? -1 : 1)).slice(0, max).map((entry) => entry.response);
}

/** The `/word` being typed when the draft is one: `/` at the start, no space yet. */
export function slashQuery(draft: string): string | undefined {
  const match = /^\/(\S*)$/.exec(draft);
  return match ? match[1] : undefined;
}
