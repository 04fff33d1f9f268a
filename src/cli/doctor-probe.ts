import type { ChatResult } from '../chat/types.js';
import { defaultOutputCaps } from '../chat/output-caps.js';
import type { RunConfig } from '../config/load.js';
import { loadDataset } from '../datasets/load.js';
import type { Task } from '../datasets/task.js';
import { rubricJudge } from '../judges/rubric.js';
import { defaultCriteria } from '../judges/verdict.js';
import { packageRoot } from '../package-root.js';
import { loadPromptTemplates, type PromptTemplates } from '../prompts/templates.js';
import type { CallPurpose } from '../records/call.js';
import type { Verdict } from '../records/verdict.js';
import { PromptBook } from '../strategies/prompt-book.js';
import type { Provider } from '../providers/types.js';

/** The built-in task doctor asks about: short, and the same on every machine. */
const PROBE_TASK = { source: 'builtin:py-core', ids: ['py-core/001'] };

/** Enough tokens to see a model answer; what it says does not matter, that it loads and replies does. */
const TINY_CHAT_TOKENS = 16;

/**
 * What doctor asks each model of the run, in the run's language and templates: the first generation prompt of one
 * built-in task, cut short (the tiny chat), and the rubric judge's question about the answer that chat began — the
 * model's own words, as a run's judges see; no hidden part of the task is read.
 */
export interface DoctorProbe {
  /** Whole, for the simulated models' oracle; doctor itself reads only its view. */
  task: Task;
  templates: PromptTemplates;
  criteria: readonly string[];
}

export async function loadDoctorProbe(config: RunConfig): Promise<DoctorProbe> {
  const { tasks } = await loadDataset(PROBE_TASK, { packageRoot });
  const [task] = tasks;
  if (task === undefined) throw new Error(`${PROBE_TASK.source} has no task ${PROBE_TASK.ids[0]}`);
  return { task, templates: loadPromptTemplates(config.promptLanguage, config.prompts), criteria: config.panel?.criteria ?? defaultCriteria };
}

/** One model on one server, as doctor found it: the tiny chat's reply, and the rubric verdict read from the judge call. */
export interface ProbedServer {
  provider: Provider;
  chat: ChatResult;
  verdict: Verdict;
  /** The judge call's reply, which the verdict was read from. */
  judgeReply: ChatResult;
}

/**
 * The tiny chat, then one structured judge call (the rubric's JSON Schema, read by the judges' strict reader, asked
 * once: no re-ask). Provider errors are thrown; an unreadable verdict is returned as the failed verdict it is.
 */
export async function probeServer(provider: Provider, probe: DoctorProbe, judgeCap: number | undefined, timeoutMs: number): Promise<ProbedServer> {
  const chat = await tinyChat(provider, probe, timeoutMs);
  let judgeReply: ChatResult | undefined;
  const { verdict } = await rubricJudge(probe.templates, { criteria: probe.criteria, retries: 0 }).judge(
    { task: probe.task.view, answer: chat.text },
    async (messages, jsonSchema) => {
      judgeReply = await provider.chat(
        { messages, jsonSchema, maxTokens: judgeCap ?? defaultOutputCaps.judge, purpose: purposeOf(probe, 'judge') },
        AbortSignal.timeout(timeoutMs),
      );
      return judgeReply.text;
    },
  );
  if (judgeReply === undefined) throw new Error(`the rubric question was not asked: ${verdict.notes.join('; ')}`);
  return { provider, chat, verdict, judgeReply };
}

/** The run's first prompt for the probe task, cut short: it loads the model, and its reply says how long that took. */
export function tinyChat(provider: Provider, probe: DoctorProbe, timeoutMs: number): Promise<ChatResult> {
  const messages = new PromptBook(probe.templates, probe.task.view).initial();
  return provider.chat({ messages, maxTokens: TINY_CHAT_TOKENS, purpose: purposeOf(probe, 'generate') }, AbortSignal.timeout(timeoutMs));
}

function purposeOf(probe: DoctorProbe, role: 'generate' | 'judge'): CallPurpose {
  return { taskId: probe.task.view.id, strategy: 'doctor', role, iteration: 1, repeat: 0 };
}
