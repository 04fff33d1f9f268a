import { describe, expect, it } from 'vitest';
import { parseVerdict } from '../../src/judges/parse-verdict.js';
import { rubricJsonSchema } from '../../src/judges/verdict.js';
import type { ParseStatus } from '../../src/records/verdict.js';

const CRITERIA = ['completeness', 'correctness', 'best_practices', 'error_handling'];

interface Case {
  name: string;
  reply: string;
  parse: ParseStatus;
  score: number | undefined;
  /** Substrings that must each occur in some note. */
  notes?: string[];
}

/** A well-formed rubric reply with its first member (the overall score) written as given. */
const clean = (overall = '"overall": 8') =>
  `{${overall}, "criteria": {"completeness": 8, "correctness": 9, "best_practices": 7, "error_handling": 6}, ` +
  `"issues": ["No input validation"], "suggestions": ["Validate n"], "assessment": "Solid solution."}`;
const CLEAN = clean();

// Replies as llama3.1:8b, qwen2.5, gemma2 and deepseek-r1 write them when asked for the rubric.
const CASES: Case[] = [
  // --- exactly as asked ---
  { name: 'compact JSON', reply: CLEAN, parse: 'json', score: 8 },
  {
    name: 'pretty JSON with Korean text inside',
    reply: `{
  "overall": 7,
  "criteria": { "completeness": 7, "correctness": 8, "best_practices": 6, "error_handling": 5 },
  "issues": ["빈 리스트 입력을 처리하지 않습니다"],
  "suggestions": ["타입 힌트를 추가하세요"],
  "assessment": "전반적으로 좋은 코드입니다"
}`,
    parse: 'json',
    score: 7,
  },
  { name: 'a low score stays on 0–10 (4 is not 4/5)', reply: clean('"overall": 4'), parse: 'json', score: 4 },
  { name: '<think> block before the JSON', reply: `<think>\nThe code misses the empty case, so maybe 6.\n</think>\n\n${CLEAN}`, parse: 'json', score: 8 },

  // --- JSON wrapped in fences or prose ---
  { name: 'json fence after prose', reply: `Here is my evaluation:\n\`\`\`json\n${CLEAN}\n\`\`\``, parse: 'repaired', score: 8, notes: ['code fence', 'prose around JSON'] },
  { name: 'bare fence only', reply: `\`\`\`\n${CLEAN}\n\`\`\``, parse: 'repaired', score: 8, notes: ['code fence'] },
  {
    name: 'gemma: fence then a bold explanation',
    reply: `\`\`\`json\n${CLEAN}\n\`\`\`\n\n**Explanation:** The function is correct but does not guard against {} or None inputs.`,
    parse: 'repaired',
    score: 8,
  },
  { name: 'Korean prose around unfenced JSON', reply: `다음은 평가 결과입니다:\n${CLEAN}\n이상입니다.`, parse: 'repaired', score: 8, notes: ['prose around JSON'] },
  {
    name: 'deepseek-r1: draft JSON inside <think>, real one fenced',
    reply: `<think>Maybe {"overall": 3}? No, the tests pass.</think>\n\`\`\`json\n${CLEAN}\n\`\`\``,
    parse: 'repaired',
    score: 8,
  },
  {
    name: 'format example first, then the real verdict',
    reply: `The required format is {"overall": 0, "criteria": {}, "issues": [], "suggestions": [], "assessment": ""}.\n\nMy verdict:\n${CLEAN}`,
    parse: 'repaired',
    score: 8,
    notes: ['2 JSON objects'],
  },
  { name: 'verdict wrapped in an array', reply: `[${CLEAN}]`, parse: 'repaired', score: 8 },

  // --- JSON5-ish syntax ---
  {
    name: 'trailing commas',
    reply: `{\n  "overall": 6,\n  "criteria": {"completeness": 6, "correctness": 7, "best_practices": 5, "error_handling": 4,},\n  "issues": ["Off by one",],\n  "suggestions": [],\n  "assessment": "Mostly right.",\n}`,
    parse: 'repaired',
    score: 6,
    notes: ['trailing comma'],
  },
  {
    name: 'Python dict: single quotes, True and None',
    reply: `{'overall': 9.0, 'criteria': {'completeness': 9, 'correctness': 10, 'best_practices': 8, 'error_handling': 8}, 'issues': [], 'suggestions': ['Add a docstring'], 'assessment': 'It\\'s clean.', 'passes_tests': True, 'notes': None}`,
    parse: 'repaired',
    score: 9,
    notes: ['single quotes', 'Python literals'],
  },
  {
    name: 'unquoted keys and comments',
    reply: `{\n  overall: 7, // out of 10\n  criteria: { completeness: 7, correctness: 8, best_practices: 6, error_handling: 6 },\n  /* no major problems */\n  issues: [],\n  suggestions: ["Use enumerate"],\n  assessment: "Fine."\n}`,
    parse: 'repaired',
    score: 7,
    notes: ['unquoted keys', 'comments'],
  },
  {
    name: 'raw newline inside a string',
    reply: CLEAN.replace('"Solid solution."', '"Solid solution.\nMinor style issues."'),
    parse: 'repaired',
    score: 8,
    notes: ['string escapes'],
  },
  { name: 'unquoted fraction', reply: clean('"overall": 7/10'), parse: 'repaired', score: 7, notes: ['unquoted fraction'] },

  // --- scores as text, aliases, other scales ---
  { name: '"overall": "8/10"', reply: clean('"overall": "8/10"'), parse: 'repaired', score: 8, notes: ['overall as text "8/10"'] },
  { name: '"overall": "8.5 points"', reply: clean('"overall": "8.5 points"'), parse: 'repaired', score: 8.5 },
  { name: '"overall": "85/100"', reply: clean('"overall": "85/100"'), parse: 'repaired', score: 8.5, notes: ['overall scale 85/100'] },
  { name: '"overall": "85 out of 100"', reply: clean('"overall": "85 out of 100"'), parse: 'repaired', score: 8.5 },
  { name: '"overall": "4/5"', reply: clean('"overall": "4/5"'), parse: 'repaired', score: 8, notes: ['overall scale 4/5'] },
  {
    name: '"score": 4 with "scale": 5',
    reply: `{"score": 4, "scale": 5, "criteria": {"completeness": 4, "correctness": 5, "best_practices": 3, "error_handling": 3}, "issues": [], "suggestions": [], "assessment": "Good."}`,
    parse: 'repaired',
    score: 8,
    notes: ['"score" read as overall', 'overall scale 4/5'],
  },
  {
    name: '"overall": 85 read as percent',
    reply: `{"overall": 85, "criteria": {"completeness": 90, "correctness": 80, "best_practices": 85, "error_handling": 70}, "issues": [], "suggestions": [], "assessment": "Good."}`,
    parse: 'repaired',
    score: 8.5,
    notes: ['overall scale 85/100 (assumed percent)'],
  },
  { name: '"overall_score" alias', reply: clean('"overall_score": 6.5'), parse: 'repaired', score: 6.5 },
  { name: '"rating": "9/10" alias', reply: clean('"rating": "9/10"'), parse: 'repaired', score: 9 },
  {
    name: 'Korean key 총점 after Korean prose',
    reply: `평가 결과:\n{"총점": 8, "criteria": {"completeness": 8, "correctness": 8, "best_practices": 7, "error_handling": 7}, "issues": [], "suggestions": [], "assessment": "전반적으로 좋은 코드입니다"}`,
    parse: 'repaired',
    score: 8,
    notes: ['"총점" read as overall'],
  },
  { name: '"점수": "8점"', reply: `{"점수": "8점", "assessment": "좋습니다"}`, parse: 'repaired', score: 8, notes: ['missing criteria'] },
  {
    name: 'Title-case keys',
    reply: `{"Overall Score": 7, "Criteria": {"Completeness": 7, "Correctness": 8, "Best Practices": 6, "Error Handling": 5}, "Issues": [], "Suggestions": [], "Assessment": "OK"}`,
    parse: 'repaired',
    score: 7,
    notes: ['"Best Practices" read as best_practices'],
  },
  {
    name: 'llama3.1: criteria flattened to the top level',
    reply: `{"completeness": 8, "correctness": 9, "best_practices": 7, "error_handling": 6, "overall": 7.5, "issues": [], "suggestions": [], "assessment": "Good"}`,
    parse: 'repaired',
    score: 7.5,
    notes: ['criteria at top level'],
  },

  // --- missing or cut-off fields ---
  {
    name: 'only overall and assessment',
    reply: `{"overall": 6, "assessment": "Works but is slow."}`,
    parse: 'repaired',
    score: 6,
    notes: ['missing criteria', 'missing issues', 'missing suggestions'],
  },
  {
    name: 'truncated mid-string after a complete overall',
    reply: `\`\`\`json\n{"overall": 7, "criteria": {"completeness": 7, "correctness": 8, "best_practices": 6, "error_handling": 5}, "issues": ["Does not handle negative n"], "suggestions": [], "assessment": "The implementation is mostly correct but the loop boun`,
    parse: 'repaired',
    score: 7,
    notes: ['truncated', 'missing assessment'],
  },
  { name: 'truncated right after the overall digit (maybe 85)', reply: `{"overall": 8`, parse: 'failed', score: undefined, notes: ['truncated'] },
  {
    name: 'truncated before overall',
    reply: `{"criteria": {"completeness": 8, "correctness": 7, "best_practices": 6, "error_handling": 5}, "issues": ["The function does not che`,
    parse: 'failed',
    score: undefined,
  },

  // --- no usable score ---
  { name: 'empty reply', reply: '', parse: 'failed', score: undefined, notes: ['empty reply'] },
  { name: 'whitespace only', reply: ' \n\t ', parse: 'failed', score: undefined },
  { name: 'still thinking when cut off', reply: '<think>Let me check the edge cases. First, n = 0', parse: 'failed', score: undefined },
  {
    name: 'pure prose',
    reply: 'The code looks reasonable overall and handles the main cases, so I would rate it fairly highly.',
    parse: 'failed',
    score: undefined,
  },
  { name: 'overall missing', reply: `{"criteria": {"completeness": 8, "correctness": 9}, "issues": [], "assessment": "Good"}`, parse: 'failed', score: undefined },
  { name: '"overall": 150', reply: clean('"overall": 150'), parse: 'failed', score: undefined, notes: ['exceeds 100'] },
  { name: '"overall": -1', reply: clean('"overall": -1'), parse: 'failed', score: undefined, notes: ['negative'] },
  { name: '"overall": "12/10"', reply: clean('"overall": "12/10"'), parse: 'failed', score: undefined },
  { name: '"overall": NaN', reply: clean('"overall": NaN'), parse: 'failed', score: undefined },
  { name: '"overall": null', reply: clean('"overall": null'), parse: 'failed', score: undefined },
  { name: '"overall": "excellent"', reply: clean('"overall": "excellent"'), parse: 'failed', score: undefined },

  // --- a labelled score in prose ---
  {
    name: 'markdown prose with a bold overall score',
    reply: `**Evaluation**\n\n- Completeness: 8/10\n- Correctness: 7/10\n\n**Overall Score:** 7/10\n\nThe solution works for the sample inputs.`,
    parse: 'repaired',
    score: 7,
    notes: ['prose score'],
  },
  { name: 'prose "Score: 8"', reply: 'The function is correct and readable.\nScore: 8', parse: 'repaired', score: 8 },
  { name: 'prose "Rating: 4/5"', reply: 'Rating: 4/5 — clean, but no error handling.', parse: 'repaired', score: 8, notes: ['overall scale 4/5'] },
  { name: 'prose "Overall: 85 out of 100"', reply: 'Overall: 85 out of 100. Good job.', parse: 'repaired', score: 8.5 },
  { name: 'Korean prose "총점: 7/10"', reply: '코드가 깔끔합니다.\n총점: 7/10', parse: 'repaired', score: 7 },
  { name: 'only a criterion score in prose', reply: 'Correctness score: 9/10. The rest is fine.', parse: 'failed', score: undefined },
  { name: 'unlabelled "7/10" in prose', reply: "I'd give this a solid 7/10.", parse: 'failed', score: undefined },
];

describe('parseVerdict on real-world judge replies', () => {
  it.each(CASES)('$name → $parse $score', ({ reply, parse, score, notes = [] }) => {
    const verdict = parseVerdict(reply, CRITERIA);
    expect(verdict.parse).toBe(parse);
    expect(verdict.score).toBe(score);
    for (const note of notes) expect(verdict.notes.some((n) => n.includes(note))).toBe(true);

    // Honesty invariants: only a clean reply is `json`; a failure says why and has no score key at all.
    expect(verdict.notes.length === 0).toBe(parse === 'json');
    if (parse === 'failed') expect('score' in verdict).toBe(false);
    for (const value of [verdict.score ?? 0, ...Object.values(verdict.criteria)]) {
      expect(value).toBeGreaterThanOrEqual(0);
      expect(value).toBeLessThanOrEqual(10);
    }
  });

  it('has at least 30 cases', () => {
    expect(CASES.length).toBeGreaterThanOrEqual(30);
  });

  it('reads every field of a clean reply', () => {
    expect(parseVerdict(CLEAN, CRITERIA)).toEqual({
      parse: 'json',
      score: 8,
      criteria: { completeness: 8, correctness: 9, best_practices: 7, error_handling: 6 },
      issues: ['No input validation'],
      suggestions: ['Validate n'],
      assessment: 'Solid solution.',
      notes: [],
    });
  });

  it('rescales criteria the same way as overall', () => {
    const percent = CASES.find((c) => c.name === '"overall": 85 read as percent')!;
    expect(parseVerdict(percent.reply, CRITERIA).criteria).toEqual({
      completeness: 9,
      correctness: 8,
      best_practices: 8.5,
      error_handling: 7,
    });
  });

  it('round-trips a json verdict', () => {
    const verdict = parseVerdict(CLEAN, CRITERIA);
    const { score, criteria, issues, suggestions, assessment } = verdict;
    const reply = JSON.stringify({ overall: score, criteria, issues, suggestions, assessment });
    expect(parseVerdict(reply, CRITERIA)).toEqual(verdict);
  });

  it('uses the configured criteria names', () => {
    const verdict = parseVerdict(`{"overall": 5, "criteria": {"a": 4, "b": 6}, "issues": [], "suggestions": [], "assessment": ""}`, ['a', 'b']);
    expect(verdict).toMatchObject({ parse: 'json', score: 5, criteria: { a: 4, b: 6 } });
  });
});

describe('rubricJsonSchema', () => {
  it('requires every field and bounds the scores to 0–10', () => {
    const schema = rubricJsonSchema(['a', 'b']) as {
      type: string;
      required: string[];
      properties: Record<string, { type: string; required?: string[]; properties?: Record<string, unknown> }>;
    };
    const score = { type: 'number', minimum: 0, maximum: 10 };
    expect(schema.type).toBe('object');
    expect(schema.required).toEqual(['overall', 'criteria', 'issues', 'suggestions', 'assessment']);
    expect(schema.properties.overall).toEqual(score);
    expect(schema.properties.criteria!.required).toEqual(['a', 'b']);
    expect(schema.properties.criteria!.properties).toEqual({ a: score, b: score });
    expect(schema.properties.issues).toEqual({ type: 'array', items: { type: 'string' } });
    expect(schema.properties.assessment).toEqual({ type: 'string' });
    expect(schema).not.toHaveProperty('$schema');
  });
});
