/** What a model call was for and what it cost, as every call record keeps it. */
import type { CommentRole } from './lists.js';

/**
 * `compare`: a pairwise judgment (which of two answers is better), one order of it; `recognise`: a self-recognition
 * question (which of two answers the judge wrote), one order of it.
 */
export type CallRole = 'generate' | 'judge' | 'compare' | 'recognise' | 'write-tests' | CommentRole;

/** Why a call was made; travels into every call record. */
export interface CallPurpose {
  taskId: string;
  /** Strategy instance id (`reflect-9`), or `panel` for post-hoc judging. */
  strategy: string;
  role: CallRole;
  /** 1-based generation index within the trial. */
  iteration: number;
  repeat: number;
  /** For judge calls: the config name of the model that wrote the judged answer (for a recognition question, answer A). */
  answerBy?: string;
}

export interface ChatTimings {
  /** Measured around the HTTP call by the harness. */
  wallMs: number;
  /** Reported by the server, where it reports them. */
  loadMs?: number;
  promptMs?: number;
  generateMs?: number;
}

/** Tokens and how generation ended, as the server reported them. */
export interface ChatUsage {
  promptTokens?: number;
  completionTokens?: number;
  thinkingTokens?: number;
  doneReason?: string;
}

/** One model call as the gateway saw it: every retry is its own record. */
export interface CallRecord extends ChatTimings, ChatUsage {
  id: string;
  /** The server it went to; model loads are counted per endpoint. */
  endpoint: string;
  /** Config name of the model (`coder`), and its tag on the server. */
  modelName: string;
  model: string;
  provider: string;
  purpose: CallPurpose;
  /** 1-based try number within the gateway's retries. */
  try: number;
  /** When the call left the endpoint's queue for the server (or was answered from the cache). */
  startedAt: string;
  /**
   * How long the try waited in the endpoint's queue for a slot (and for its model's turn) before it left for the
   * server: the harness's wait, not the model's time, which `wallMs` measures from there. Absent on cache hits and
   * in records written before it existed.
   */
  queueMs?: number;
  /** The prompt as sent, kept once per content in the run's `prompts/<promptHash>.json`; absent in older runs. */
  promptHash?: string;
  ok: boolean;
  error?: string;
  /**
   * The server refused the structured-output schema with this message, and the call was asked once more without
   * it (the reply is free-form text, read by the same strict parser). Only this call: the next one sends it again.
   */
  schemaRefusal?: string;
  /**
   * Answered from the response cache or by joining an identical call in flight. Its tokens and timings are the
   * original's, because they are part of what the answer cost whichever strategy happened to ask first; costs
   * count its tokens (and the compute-matched budget its time) but no time figure does: it took no model time.
   */
  cached: boolean;
}
