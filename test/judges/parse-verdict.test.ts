import { describe, expect, it } from 'vitest';
import { parseVerdict } from '../../src/judges/parse-verdict.js';
import { rubricJsonSchema } from '../../src/judges/verdict.js';
import type { ParseStatus } from '../../src/records/lists.js';

const CRITERIA = ['completeness', 'correctness', 'best_practices', 'error_handling'];

interface Case {
  name: string;
  reply: string;
  parse: ParseStatus;
  /** The score, exactly; undefined for every failed verdict. */
  score: number | undefined;
  /** `json` and `repaired`: the wrappers taken off, exactly. `failed`: a substring of the reason. */
  notes: string[] | string;
}

/** A rubric reply as asked, with any member replaced (`overall` first, as models write it). */
const rubric = (fields: Record<string, string> = {}) => {
  const members = {
    overall: '8',
    criteria: '{"completeness": 8, "correctness": 9, "best_practices": 7, "error_handling": 6}',
    issues: '["No input validation"]',
    suggestions: '["Validate n"]',
    assessment: '"Solid solution."',
    ...fields,
  };
  return `{${Object.entries(members)
    .filter(([, value]) => value !== '')
    .map(([key, value]) => `"${key}": ${value}`)
    .join(', ')}}`;
};
const CLEAN = rubric();
const PRETTY = `{
  "overall": 7,
  "criteria": { "completeness": 7, "correctness": 8, "best_practices": 6, "error_handling": 5 },
  "issues": ["빈 리스트 입력을 처리하지 않습니다"],
  "suggestions": ["타입 힌트를 추가하세요"],
  "assessment": "전반적으로 좋은 코드입니다"
}`;

// Replies as small local models (llama3.1:8b, qwen2.5, gemma2, deepseek-r1, phi3, tinyllama) write them, through Ollama
// and llama-server, with and without structured output. Every case states its exact outcome.
const CASES: Case[] = [
  // --- exactly as asked: json ---
  { name: 'compact JSON', reply: CLEAN, parse: 'json', score: 8, notes: [] },
  { name: 'pretty JSON with Korean text inside', reply: PRETTY, parse: 'json', score: 7, notes: [] },
  { name: 'surrounding blank lines only', reply: `\n\n  ${CLEAN}\n  `, parse: 'json', score: 8, notes: [] },
  { name: 'a low score stays on 0–10 (4 is not 4/5)', reply: rubric({ overall: '4' }), parse: 'json', score: 4, notes: [] },
  { name: 'the bottom of the scale', reply: rubric({ overall: '0' }), parse: 'json', score: 0, notes: [] },
  { name: 'the top of the scale', reply: rubric({ overall: '10' }), parse: 'json', score: 10, notes: [] },
  { name: 'a decimal score', reply: rubric({ overall: '7.5' }), parse: 'json', score: 7.5, notes: [] },
  { name: 'an extra field the rubric does not ask for', reply: rubric({ confidence: '0.9' }), parse: 'json', score: 8, notes: [] },
  {
    name: 'schema-shaped gibberish that fits the schema (grammar-forced zeros and empty strings): form is checked, not sense',
    reply: rubric({ overall: '0', criteria: '{"completeness": 0, "correctness": 0, "best_practices": 0, "error_handling": 0}', issues: '[""]', suggestions: '[]', assessment: '""' }),
    parse: 'json',
    score: 0,
    notes: [],
  },

  // --- wrappers taken off one complete object: repaired ---
  { name: 'json fence after prose', reply: `Here is my evaluation:\n\`\`\`json\n${CLEAN}\n\`\`\``, parse: 'repaired', score: 8, notes: ['code fence', 'prose around JSON'] },
  { name: 'bare fence only', reply: `\`\`\`\n${CLEAN}\n\`\`\``, parse: 'repaired', score: 8, notes: ['code fence'] },
  { name: 'tilde fence', reply: `~~~json\n${PRETTY}\n~~~`, parse: 'repaired', score: 7, notes: ['code fence'] },
  {
    name: 'gemma: fence then a bold explanation',
    reply: `\`\`\`json\n${CLEAN}\n\`\`\`\n\n**Explanation:** The function is correct but does not guard against empty input.`,
    parse: 'repaired',
    score: 8,
    notes: ['code fence', 'prose around JSON'],
  },
  { name: 'Korean prose around unfenced JSON', reply: `다음은 평가 결과입니다:\n${CLEAN}\n이상입니다.`, parse: 'repaired', score: 8, notes: ['prose around JSON'] },
  { name: 'Korean prose and a fence', reply: `평가 결과:\n\`\`\`json\n${PRETTY}\n\`\`\`\n도움이 되었기를 바랍니다.`, parse: 'repaired', score: 7, notes: ['code fence', 'prose around JSON'] },
  { name: 'a closing pleasantry', reply: `${CLEAN}\n\nI hope this helps!`, parse: 'repaired', score: 8, notes: ['prose around JSON'] },
  { name: '<think> block before the JSON', reply: `<think>\nThe code misses the empty case, so maybe 6.\n</think>\n\n${CLEAN}`, parse: 'repaired', score: 8, notes: ['thinking block'] },
  { name: 'a thought whose opening tag was in the prompt', reply: `The loop looks right.\n</think>\n${CLEAN}`, parse: 'repaired', score: 8, notes: ['thinking block'] },
  {
    name: 'deepseek-r1: a draft JSON inside <think>, the real one fenced',
    reply: `<think>Maybe {"overall": 3}? No, the tests pass.</think>\n\`\`\`json\n${CLEAN}\n\`\`\``,
    parse: 'repaired',
    score: 8,
    notes: ['thinking block', 'code fence'],
  },
  { name: 'a brace in prose that is no object', reply: `The {brace} style is fine.\n${CLEAN}`, parse: 'repaired', score: 8, notes: ['prose around JSON'] },

  // --- cut off: failed, never closed and read ---
  { name: 'cut off right after the overall digit (maybe 85)', reply: '{"overall": 8', parse: 'failed', score: undefined, notes: 'cut off' },
  { name: 'cut off after a complete overall (the issue’s reply)', reply: '{"overall": 8, "assess', parse: 'failed', score: undefined, notes: 'cut off' },
  {
    name: 'cut off mid-assessment inside a fence',
    reply: `\`\`\`json\n{"overall": 7, "criteria": {"completeness": 7, "correctness": 8, "best_practices": 6, "error_handling": 5}, "issues": ["Does not handle negative n"], "suggestions": [], "assessment": "The implementation is mostly correct but the loop boun`,
    parse: 'failed',
    score: undefined,
    notes: 'cut off',
  },
  {
    name: 'cut off before the overall',
    reply: '{"criteria": {"completeness": 8, "correctness": 7, "best_practices": 6, "error_handling": 5}, "issues": ["The function does not che',
    parse: 'failed',
    score: undefined,
    notes: 'cut off',
  },
  { name: 'grammar-forced whitespace until the output cap', reply: `{"overall": 7, "criteria": {${'\n'.repeat(400)}`, parse: 'failed', score: undefined, notes: 'cut off' },
  { name: 'a complete verdict, then a second one cut off', reply: `${CLEAN}\n${rubric({ overall: '9' }).slice(0, 40)}`, parse: 'failed', score: undefined, notes: '2 JSON objects (the last cut off)' },

  // --- out of range: failed ---
  { name: '"overall": 150', reply: rubric({ overall: '150' }), parse: 'failed', score: undefined, notes: 'overall: Too big' },
  { name: '"overall": -1', reply: rubric({ overall: '-1' }), parse: 'failed', score: undefined, notes: 'overall: Too small' },
  { name: '"overall": 10.5', reply: rubric({ overall: '10.5' }), parse: 'failed', score: undefined, notes: 'overall: Too big' },
  { name: '"overall": 85 on a percent scale', reply: rubric({ overall: '85' }), parse: 'failed', score: undefined, notes: 'overall: Too big' },
  { name: '"overall": 9e247', reply: rubric({ overall: '9e247' }), parse: 'failed', score: undefined, notes: 'overall: Too big' },
  {
    name: 'a criterion out of range',
    reply: rubric({ criteria: '{"completeness": 8, "correctness": 11, "best_practices": 7, "error_handling": 6}' }),
    parse: 'failed',
    score: undefined,
    notes: 'criteria.correctness: Too big',
  },

  // --- numbers as strings: failed ---
  { name: '"overall": "8"', reply: rubric({ overall: '"8"' }), parse: 'failed', score: undefined, notes: 'overall: Invalid input: expected number, received string' },
  { name: '"overall": "8/10"', reply: rubric({ overall: '"8/10"' }), parse: 'failed', score: undefined, notes: 'overall: Invalid input' },
  { name: '"overall": "8점"', reply: rubric({ overall: '"8점"' }), parse: 'failed', score: undefined, notes: 'overall: Invalid input' },
  {
    name: 'a criterion as a string',
    reply: rubric({ criteria: '{"completeness": "8", "correctness": 9, "best_practices": 7, "error_handling": 6}' }),
    parse: 'failed',
    score: undefined,
    notes: 'criteria.completeness: Invalid input',
  },

  // --- NaN and Infinity: not JSON, failed ---
  { name: '"overall": NaN', reply: rubric({ overall: 'NaN' }), parse: 'failed', score: undefined, notes: 'not valid JSON' },
  { name: '"overall": Infinity', reply: rubric({ overall: 'Infinity' }), parse: 'failed', score: undefined, notes: 'not valid JSON' },
  {
    name: 'criteria of -Infinity and 9e247 (the issue’s reply)',
    reply: rubric({ overall: '0', criteria: '{"completeness": -Infinity, "correctness": 9e247, "best_practices": 0, "error_handling": 0}' }),
    parse: 'failed',
    score: undefined,
    notes: 'not valid JSON',
  },
  {
    name: 'criteria of 9e247 alone',
    reply: rubric({ overall: '0', criteria: '{"completeness": 0, "correctness": 9e247, "best_practices": 0, "error_handling": 0}' }),
    parse: 'failed',
    score: undefined,
    notes: 'criteria.correctness: Too big',
  },

  // --- two objects: failed ---
  {
    name: 'the format example first, then the verdict',
    reply: `The required format is {"overall": 0, "criteria": {}, "issues": [], "suggestions": [], "assessment": ""}.\n\nMy verdict:\n${CLEAN}`,
    parse: 'failed',
    score: undefined,
    notes: '2 JSON objects',
  },
  { name: 'the same verdict twice', reply: `${CLEAN}\n${CLEAN}`, parse: 'failed', score: undefined, notes: '2 JSON objects' },
  { name: 'a verdict and an empty object in the prose after it', reply: `${CLEAN}\nIt returns {} for empty input.`, parse: 'failed', score: undefined, notes: '2 JSON objects' },
  { name: 'a Python-dict draft, then the JSON', reply: `Draft: {'overall': 6}\nFinal:\n${CLEAN}`, parse: 'failed', score: undefined, notes: '2 JSON objects' },
  { name: 'a key given twice', reply: `{"overall": 3, ${rubric({ overall: '9' }).slice(1)}`, parse: 'failed', score: undefined, notes: 'duplicate key "overall"' },

  // --- JSON5 and Python syntax: failed ---
  {
    name: 'trailing commas',
    reply: '{\n  "overall": 6,\n  "criteria": {"completeness": 6, "correctness": 7, "best_practices": 5, "error_handling": 4,},\n  "issues": [],\n  "suggestions": [],\n  "assessment": "Mostly right.",\n}',
    parse: 'failed',
    score: undefined,
    notes: 'not valid JSON',
  },
  {
    name: 'a Python dict: single quotes, True and None',
    reply: "{'overall': 9.0, 'criteria': {'completeness': 9, 'correctness': 10, 'best_practices': 8, 'error_handling': 8}, 'issues': [], 'suggestions': [], 'assessment': 'Clean.', 'passes_tests': True}",
    parse: 'failed',
    score: undefined,
    notes: 'not valid JSON',
  },
  {
    name: 'unquoted keys and comments',
    reply: '{\n  overall: 7, // out of 10\n  criteria: { completeness: 7, correctness: 8, best_practices: 6, error_handling: 6 },\n  issues: [],\n  suggestions: [],\n  assessment: "Fine."\n}',
    parse: 'failed',
    score: undefined,
    notes: 'not valid JSON',
  },
  { name: 'a raw newline inside a string', reply: rubric({ assessment: '"Solid.\nMinor style issues."' }), parse: 'failed', score: undefined, notes: 'not valid JSON: Bad control character' },
  { name: 'an unquoted fraction', reply: rubric({ overall: '7/10' }), parse: 'failed', score: undefined, notes: 'not valid JSON' },

  // --- fields missing or renamed: failed ---
  { name: '"score" instead of "overall"', reply: rubric({ overall: '', score: '8' }), parse: 'failed', score: undefined, notes: 'overall: Invalid input' },
  { name: 'Korean key 총점 after Korean prose', reply: `평가 결과:\n${rubric({ overall: '', 총점: '8' })}`, parse: 'failed', score: undefined, notes: 'overall: Invalid input' },
  {
    name: 'llama3.1: criteria flattened to the top level',
    reply: '{"completeness": 8, "correctness": 9, "best_practices": 7, "error_handling": 6, "overall": 7.5, "issues": [], "suggestions": [], "assessment": "Good"}',
    parse: 'failed',
    score: undefined,
    notes: 'criteria: Invalid input',
  },
  { name: 'only overall and assessment', reply: '{"overall": 6, "assessment": "Works but is slow."}', parse: 'failed', score: undefined, notes: 'criteria: Invalid input' },
  {
    name: 'one criterion missing',
    reply: rubric({ criteria: '{"completeness": 8, "correctness": 9, "best_practices": 7}' }),
    parse: 'failed',
    score: undefined,
    notes: 'criteria.error_handling: Invalid input',
  },
  { name: 'issues as one string', reply: rubric({ issues: '"none"' }), parse: 'failed', score: undefined, notes: 'issues: Invalid input' },
  { name: '"overall": null', reply: rubric({ overall: 'null' }), parse: 'failed', score: undefined, notes: 'overall: Invalid input' },

  // --- schema-shaped gibberish: failed ---
  {
    name: 'the JSON Schema echoed back instead of filled in',
    reply: JSON.stringify(rubricJsonSchema(CRITERIA)),
    parse: 'failed',
    score: undefined,
    notes: 'overall: Invalid input',
  },
  { name: 'the overall nested one level too deep', reply: rubric({ overall: '{"score": 8}' }), parse: 'failed', score: undefined, notes: 'overall: Invalid input' },
  { name: 'criteria as a list of numbers', reply: rubric({ criteria: '[8, 9, 7, 6]' }), parse: 'failed', score: undefined, notes: 'criteria: Invalid input' },
  { name: 'field names repeated as values', reply: rubric({ overall: '"overall"', assessment: '"assessment"' }), parse: 'failed', score: undefined, notes: 'overall: Invalid input' },
  { name: 'the verdict wrapped in an array', reply: `[${CLEAN}]`, parse: 'failed', score: undefined, notes: 'reply: Invalid input: expected object, received array' },
  { name: 'a bare number', reply: '8', parse: 'failed', score: undefined, notes: 'reply: Invalid input: expected object' },

  // --- nothing to read: failed ---
  { name: 'empty reply', reply: '', parse: 'failed', score: undefined, notes: 'empty reply' },
  { name: 'whitespace only', reply: ' \n\t ', parse: 'failed', score: undefined, notes: 'empty reply' },
  { name: 'still thinking when cut off', reply: '<think>Let me check the edge cases. First, n = 0', parse: 'failed', score: undefined, notes: 'empty reply' },
  { name: 'pure prose', reply: 'The code looks reasonable overall and handles the main cases, so I would rate it fairly highly.', parse: 'failed', score: undefined, notes: 'no JSON object' },
  { name: 'a labelled score in prose', reply: '**Overall Score:** 7/10\n\nThe solution works for the sample inputs.', parse: 'failed', score: undefined, notes: 'no JSON object' },
  { name: 'a labelled score in Korean prose', reply: '코드가 깔끔합니다.\n총점: 7/10', parse: 'failed', score: undefined, notes: 'no JSON object' },
];

describe('parseVerdict on real small models’ replies', () => {
  it.each(CASES)('$name → $parse $score', ({ reply, parse, score, notes }) => {
    const verdict = parseVerdict(reply, CRITERIA);
    expect(verdict.parse).toBe(parse);
    expect(verdict.score).toBe(score);
    if (typeof notes === 'string') expect(verdict.notes.join('; ')).toContain(notes);
    else expect(verdict.notes).toEqual(notes);

    // A failure says why and has no score key at all; an accepted one holds only values in range.
    if (parse === 'failed') {
      expect('score' in verdict).toBe(false);
      expect(verdict.notes.length).toBeGreaterThan(0);
      expect(verdict.criteria).toEqual({});
    } else {
      for (const value of [verdict.score ?? -1, ...Object.values(verdict.criteria)]) {
        expect(value).toBeGreaterThanOrEqual(0);
        expect(value).toBeLessThanOrEqual(10);
      }
      expect(Object.keys(verdict.criteria)).toEqual(CRITERIA);
    }
  });

  it('has at least 40 cases, every outcome among them', () => {
    expect(CASES.length).toBeGreaterThanOrEqual(40);
    expect(new Set(CASES.map((c) => c.parse))).toEqual(new Set(['json', 'repaired', 'failed']));
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

  it('a repaired verdict holds the object’s own values, every field', () => {
    const { parse, notes, ...fields } = parseVerdict(`다음은 평가 결과입니다:\n\`\`\`json\n${PRETTY}\n\`\`\``, CRITERIA);
    expect({ parse, notes }).toEqual({ parse: 'repaired', notes: ['code fence', 'prose around JSON'] });
    const { parse: _json, notes: _none, ...direct } = parseVerdict(PRETTY, CRITERIA);
    expect(fields).toEqual(direct);
    expect(fields).toEqual({
      score: 7,
      criteria: { completeness: 7, correctness: 8, best_practices: 6, error_handling: 5 },
      issues: ['빈 리스트 입력을 처리하지 않습니다'],
      suggestions: ['타입 힌트를 추가하세요'],
      assessment: '전반적으로 좋은 코드입니다',
    });
  });

  it('round-trips a json verdict', () => {
    const verdict = parseVerdict(CLEAN, CRITERIA);
    const { score, criteria, issues, suggestions, assessment } = verdict;
    expect(parseVerdict(JSON.stringify({ overall: score, criteria, issues, suggestions, assessment }), CRITERIA)).toEqual(verdict);
  });

  it('uses the configured criteria names', () => {
    const verdict = parseVerdict('{"overall": 5, "criteria": {"a": 4, "b": 6}, "issues": [], "suggestions": [], "assessment": ""}', ['a', 'b']);
    expect(verdict).toMatchObject({ parse: 'json', score: 5, criteria: { a: 4, b: 6 } });
    expect(parseVerdict(CLEAN, ['a', 'b']).parse).toBe('failed');
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
