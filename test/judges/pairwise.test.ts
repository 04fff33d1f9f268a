import { describe, expect, it } from 'vitest';
import { ContextFullError } from '../../src/chat/context-full.js';
import type { ChatMessage } from '../../src/chat/types.js';
import type { TaskView } from '../../src/datasets/task.js';
import type { AskModel } from '../../src/judges/judge.js';
import { pairwiseJudge, readPairwise } from '../../src/judges/pairwise.js';
import { loadPromptTemplates, promptLanguages } from '../../src/prompts/templates.js';

const task: TaskView = { id: 'open/1', kind: 'open', language: 'python', prompt: 'Design a rate limiter.', visibleTests: [], visibleTestSource: 'none' };
const ANSWER = 'Token bucket per client, in Redis, with a Lua script for atomicity.';
const BASELINE = 'Count requests.';
const question = { task, answer: ANSWER, baseline: BASELINE };
const templates = loadPromptTemplates('en');

/** Which answer the question showed as A. */
const shownFirst = (messages: ChatMessage[]) => {
  const user = messages.find((message) => message.role === 'user')?.content ?? '';
  return user.indexOf(ANSWER) < user.indexOf(BASELINE) ? 'answer' : 'baseline';
};

/** A judge model that answers each order with `reply(order)`, logging what it was asked. */
function judgeModel(reply: (order: 'answer' | 'baseline', asked: number) => string) {
  const log: { order: 'answer' | 'baseline'; messages: ChatMessage[]; schema: Record<string, unknown> }[] = [];
  const ask: AskModel = async (messages, schema) => {
    const order = shownFirst(messages);
    log.push({ order, messages, schema });
    return reply(order, log.filter((entry) => entry.order === order).length);
  };
  return { ask, log };
}

const choice = (winner: string) => JSON.stringify({ winner, reason: 'because' });

describe('the pairwise judge', () => {
  it('asks both orders and reads a preference they share: the answer wins', async () => {
    const { ask, log } = judgeModel((order) => choice(order === 'answer' ? 'A' : 'B'));
    const verdict = await pairwiseJudge(templates, { retries: 1 }).judge(question, ask);
    expect(log.map((entry) => entry.order).sort()).toEqual(['answer', 'baseline']);
    expect(verdict).toMatchObject({ outcome: 'win', identical: false, consistent: true });
    expect(verdict.readings.map((reading) => [reading.shownFirst, reading.preferred, reading.parse])).toEqual([
      ['baseline', 'answer', 'json'],
      ['answer', 'answer', 'json'],
    ]);
  });

  it('makes a tie of a pair whose orders disagree (a judge that always picks A), and says it was inconsistent', async () => {
    const { ask } = judgeModel(() => choice('A'));
    const verdict = await pairwiseJudge(templates, { retries: 1 }).judge(question, ask);
    expect(verdict).toMatchObject({ outcome: 'tie', consistent: false });
  });

  it('reads a loss, and a tie said in both orders as a consistent tie', async () => {
    const loss = await pairwiseJudge(templates, { retries: 0 }).judge(question, judgeModel((order) => choice(order === 'baseline' ? 'A' : 'B')).ask);
    expect(loss).toMatchObject({ outcome: 'loss', consistent: true });
    const tie = await pairwiseJudge(templates, { retries: 0 }).judge(question, judgeModel(() => choice('tie')).ask);
    expect(tie).toMatchObject({ outcome: 'tie', consistent: true });
  });

  it('calls no one for two answers that are the same text, and marks the tie identical', async () => {
    const { ask, log } = judgeModel(() => choice('A'));
    const verdict = await pairwiseJudge(templates, { retries: 1 }).judge({ task, answer: `${BASELINE}  \n\n`, baseline: BASELINE }, ask);
    expect(verdict).toEqual({ outcome: 'tie', identical: true, readings: [] });
    expect(log).toHaveLength(0);
  });

  it('never guesses a winner from an unreadable reply: re-asked, then the pair has no outcome', async () => {
    const { ask, log } = judgeModel((order) => (order === 'answer' ? '{"winner": "A", "reas' : choice('B')));
    const verdict = await pairwiseJudge(templates, { retries: 2 }).judge(question, ask);
    expect(verdict.outcome).toBeUndefined();
    expect(verdict.consistent).toBeUndefined();
    const failed = verdict.readings.find((reading) => reading.shownFirst === 'answer');
    expect(failed).toMatchObject({ parse: 'failed', notes: ['JSON cut off: the reply ends inside the object'] });
    expect(failed?.preferred).toBeUndefined();
    expect(failed?.replies).toHaveLength(3);
    expect(log.filter((entry) => entry.order === 'answer')).toHaveLength(3);
    // The re-ask shows the judge its reply.
    expect(log.filter((entry) => entry.order === 'answer').at(-1)?.messages.at(-2)).toEqual({ role: 'assistant', content: '{"winner": "A", "reas' });
  });

  it('accepts a re-asked reply that reads', async () => {
    const { ask } = judgeModel((order, asked) => (asked === 1 ? 'A is better.' : choice(order === 'answer' ? 'A' : 'B')));
    const verdict = await pairwiseJudge(templates, { retries: 1 }).judge(question, ask);
    expect(verdict).toMatchObject({ outcome: 'win', consistent: true });
    expect(verdict.readings.map((reading) => reading.replies.length)).toEqual([2, 2]);
  });

  it('fails a reading whose question does not fit the judge’s context, without asking again', async () => {
    let asked = 0;
    const ask: AskModel = async (messages) => {
      asked++;
      if (shownFirst(messages) === 'answer') throw new ContextFullError('prompt needs 9000 tokens, 8192 fit');
      return choice('B');
    };
    const verdict = await pairwiseJudge(templates, { retries: 3 }).judge(question, ask);
    expect(asked).toBe(2);
    expect(verdict.outcome).toBeUndefined();
    expect(verdict.readings.find((reading) => reading.shownFirst === 'answer')?.notes).toEqual(['context full: prompt needs 9000 tokens, 8192 fit']);
  });

  it('sends the schema that validates the reply: winner A, B or tie, and a reason', async () => {
    const { ask, log } = judgeModel(() => choice('tie'));
    await pairwiseJudge(templates, { retries: 0 }).judge(question, ask);
    expect(log[0]?.schema).toMatchObject({ type: 'object', required: ['winner', 'reason'], properties: { winner: { enum: ['A', 'B', 'tie'] } } });
  });

  it.each(promptLanguages)('shows the request and both answers in %s, the system prompt first', async (language) => {
    const { ask, log } = judgeModel(() => choice('tie'));
    await pairwiseJudge(loadPromptTemplates(language), { retries: 0 }).judge(question, ask);
    for (const { messages } of log) {
      expect(messages.map((message) => message.role)).toEqual(['system', 'user']);
      expect(messages[1]?.content).toContain(task.prompt);
      expect(messages[1]?.content).toContain(ANSWER);
      expect(messages[1]?.content).toContain(BASELINE);
    }
  });
});

describe('reading one order strictly', () => {
  it.each([
    ['{"winner": "A", "reason": "clearer"}', 'baseline', 'json', 'baseline'],
    ['{"winner": "B", "reason": "clearer"}', 'baseline', 'json', 'answer'],
    ['Here is my verdict:\n```json\n{"winner": "B", "reason": "clearer"}\n```', 'answer', 'repaired', 'baseline'],
    ['<think>A looks longer, but B is right.</think>{"winner": "tie", "reason": "equal"}', 'answer', 'repaired', 'tie'],
    ['두 답변을 비교한 결과입니다: {"winner": "A", "reason": "더 완전합니다"}', 'answer', 'repaired', 'answer'],
  ] as const)('%s (A = %s) is %s, preferring %s', (reply, first, parse, preferred) => {
    expect(readPairwise(reply, first)).toMatchObject({ parse, preferred });
  });

  it.each([
    ['{"winner": "a", "reason": "x"}', 'winner'],
    ['{"winner": "first", "reason": "x"}', 'winner'],
    ['{"winner": "A"}', 'reason'],
    ['{"winner": "A", "reason": "x"} {"winner": "B", "reason": "y"}', '2 JSON objects'],
    ['{"winner": "A", "reason": "x", "winner": "B"}', 'duplicate key'],
    ['Answer A is better.', 'no JSON object'],
    ['{"winner": "A", "reason": "it is', 'cut off'],
    ['', 'empty reply'],
  ])('%s fails (%s), with no preference', (reply, reason) => {
    const read = readPairwise(reply, 'answer');
    expect(read.parse).toBe('failed');
    expect(read.preferred).toBeUndefined();
    expect(read.notes.join(' ')).toContain(reason);
  });
});
