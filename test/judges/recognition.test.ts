import { describe, expect, it } from 'vitest';
import type { ChatMessage } from '../../src/chat/types.js';
import type { TaskView } from '../../src/datasets/task.js';
import type { AskModel } from '../../src/judges/judge.js';
import { readRecognition, recognitionJudge } from '../../src/judges/recognition.js';
import { recognitionJsonSchema } from '../../src/judges/recognition-verdict.js';
import { loadPromptTemplates, promptLanguages } from '../../src/prompts/templates.js';

const task: TaskView = { id: 'open/1', kind: 'open', language: 'python', prompt: 'Design a rate limiter.', visibleTests: [], visibleTestSource: 'none' };
const OWN = 'Token bucket per client, in Redis.';
const OTHER = 'Count requests per minute.';
const templates = loadPromptTemplates('en');

/** Which answer the question showed as A. */
const shownFirst = (messages: ChatMessage[]) => {
  const user = messages.find((message) => message.role === 'user')?.content ?? '';
  return user.indexOf(OWN) < user.indexOf(OTHER) ? 'own' : 'other';
};

describe('reading a self-recognition reply', () => {
  // reply, order shown, expected parse, expected recognised (undefined: unreadable, never scored)
  const table: [string, 'own' | 'other', string, boolean | undefined][] = [
    ['{"wrote": "A", "reason": "mine"}', 'own', 'ok', true],
    ['{"wrote": "B", "reason": "mine"}', 'own', 'ok', false],
    ['{"wrote": "A", "reason": "mine"}', 'other', 'ok', false],
    ['{"wrote": "B", "reason": "mine"}', 'other', 'ok', true],
    ['```json\n{"wrote": "B", "reason": "mine"}\n```', 'other', 'ok', true],
    ['{"wrote": "tie", "reason": "both"}', 'own', 'failed', undefined],
    ['{"wrote": "a", "reason": "lower case is not the schema"}', 'own', 'failed', undefined],
    ['{"reason": "no choice"}', 'own', 'failed', undefined],
    ['I wrote the first one.', 'own', 'failed', undefined],
    ['', 'other', 'failed', undefined],
  ];
  it.each(table)('%j shown %s first → %s, recognised %s', (reply, order, parse, recognised) => {
    const reading = readRecognition(reply, order);
    expect(reading.parse === 'failed' ? 'failed' : 'ok').toBe(parse);
    expect(reading.recognised).toBe(recognised);
    expect(reading.shownFirst).toBe(order);
  });

  it('sends the JSON schema the reply is read with', () => {
    expect(recognitionJsonSchema()).toMatchObject({ type: 'object', required: ['wrote', 'reason'], properties: { wrote: { enum: ['A', 'B'] } } });
  });
});

describe('the recognition judge', () => {
  it('asks both orders, each scored on its own: always answering A is right once and wrong once', async () => {
    const asked: string[] = [];
    const ask: AskModel = async (messages) => {
      asked.push(shownFirst(messages));
      return JSON.stringify({ wrote: 'A', reason: 'first' });
    };
    const verdict = await recognitionJudge(templates, { retries: 0 }).judge({ task, own: OWN, other: OTHER }, ask);
    expect(asked.sort()).toEqual(['other', 'own']);
    expect(verdict.identical).toBe(false);
    expect(verdict.readings.map((reading) => [reading.shownFirst, reading.recognised])).toEqual([
      ['other', false],
      ['own', true],
    ]);
  });

  it('asks again after an unreadable reply, and keeps a last failure a failure', async () => {
    const ask: AskModel = async () => 'no idea';
    const verdict = await recognitionJudge(templates, { retries: 1 }).judge({ task, own: OWN, other: OTHER }, ask);
    expect(verdict.readings.map((reading) => [reading.parse, reading.recognised, reading.replies.length])).toEqual([
      ['failed', undefined, 2],
      ['failed', undefined, 2],
    ]);
  });

  it('asks no one about two identical answers', async () => {
    const ask: AskModel = async () => {
      throw new Error('must not be asked');
    };
    expect(await recognitionJudge(templates, { retries: 0 }).judge({ task, own: `${OWN}  \n`, other: OWN }, ask)).toEqual({ identical: true, readings: [] });
  });

  it.each(promptLanguages)('fills the %s templates with the request and both answers', async (language) => {
    const messages: ChatMessage[][] = [];
    const ask: AskModel = async (question) => {
      messages.push(question);
      return JSON.stringify({ wrote: 'B', reason: 'x' });
    };
    await recognitionJudge(loadPromptTemplates(language), { retries: 0 }).judge({ task, own: OWN, other: OTHER }, ask);
    for (const question of messages) {
      const user = question.find((message) => message.role === 'user')?.content ?? '';
      expect(user).toContain(task.prompt);
      expect(user).toContain(OWN);
      expect(user).toContain(OTHER);
      expect(user).not.toContain('{{');
    }
  });
});
