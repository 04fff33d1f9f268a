import type { TaskView } from '../datasets/task.js';
import { recognitionJudge } from '../judges/recognition.js';
import type { PromptTemplates } from '../prompts/templates.js';
import { callsOf, type ModelGateway } from '../providers/gateway.js';
import type { CallRecord } from '../records/call.js';
import { panelStrategy, type TrialRecord } from '../records/record.js';
import type { RecognitionRecord } from '../records/recognition.js';

/** The two trials of one self-recognition question: `own` (its generator is asked) against `other`, same strategy, task and repeat. */
export interface TrialPair {
  key: string;
  own: TrialRecord;
  other: TrialRecord;
}

export interface RecognitionDeps {
  gateway: ModelGateway;
  templates: PromptTemplates;
  tasks: ReadonlyMap<string, TaskView>;
  retries: number;
  signal: AbortSignal;
  /** Persists each answered question, in completion order. */
  onRecord: (record: RecognitionRecord) => void;
}

/** What became of the questions: how many were answered, and the failures that left the rest for `--resume`. */
export interface RecognitionOutcome {
  answered: number;
  failures: string[];
}

/**
 * `panel.recognition`: every ordered pair of generators whose trials of one strategy, task and repeat both have a final
 * answer. A trial stopped by an infrastructure error (no final answer) asks and answers nothing.
 */
export function recognitionQuestions(records: readonly TrialRecord[]): TrialPair[] {
  const answered = records.filter((record) => record.stopReason !== 'error' && record.attempts[record.finalIndex] !== undefined);
  const groups = new Map<string, TrialRecord[]>();
  for (const record of answered) {
    const group = [record.strategyId, record.taskId, record.repeat].join('|');
    groups.set(group, [...(groups.get(group) ?? []), record]);
  }
  return [...groups.entries()].flatMap(([group, trials]) =>
    trials.flatMap((own) => trials.filter((other) => other.generator !== own.generator).map((other) => ({ key: `${group}|${own.generator}|${other.generator}`, own, other }))),
  );
}

/**
 * Asks each question of the generator that wrote `own` (judges/recognition.ts), all at once: the endpoints' schedulers
 * order the calls. A question whose call failed (a dead server, a timeout) or was cancelled is not recorded, so
 * `--resume` asks it again; an unreadable reply is an answer, recorded as a failed reading.
 */
export async function askRecognition(questions: readonly TrialPair[], deps: RecognitionDeps): Promise<RecognitionOutcome> {
  const judge = recognitionJudge(deps.templates, { retries: deps.retries });
  const failures: string[] = [];
  let answered = 0;
  await Promise.all(
    questions.map(async ({ key, own, other }) => {
      const task = deps.tasks.get(own.taskId);
      if (task === undefined) throw new Error(`recognition: task "${own.taskId}" is not in the dataset`);
      const calls: CallRecord[] = [];
      const finalAttempt = (record: TrialRecord) => record.attempts[record.finalIndex];
      const shown = (record: TrialRecord) => finalAttempt(record)?.code ?? finalAttempt(record)?.raw ?? '';
      try {
        const verdict = await judge.judge({ task, own: shown(own), other: shown(other) }, async (messages, jsonSchema, shownFirst) => {
          const purpose = {
            taskId: own.taskId,
            strategy: panelStrategy,
            role: 'recognise' as const,
            iteration: finalAttempt(own)?.iteration ?? 1,
            repeat: own.repeat,
            answerBy: shownFirst === 'own' ? own.generator : other.generator,
          };
          const reply = await deps.gateway.chat(own.generator, { messages, seed: own.seed, jsonSchema, purpose }, deps.signal).catch((error: unknown) => {
            calls.push(...callsOf(error));
            throw error;
          });
          calls.push(...reply.calls);
          return reply.result.text;
        });
        if (deps.signal.aborted) return;
        deps.onRecord({ key, strategyId: own.strategyId, taskId: own.taskId, repeat: own.repeat, judge: own.generator, other: other.generator, ...verdict, calls });
        answered++;
      } catch (error) {
        if (!deps.signal.aborted) failures.push(`${key}: ${error instanceof Error ? error.message : String(error)}`);
      }
    }),
  );
  return { answered, failures };
}
