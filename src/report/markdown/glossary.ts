import { stopReasonDisplay } from '../stop-reasons.js';
import type { ReportInput } from '../types.js';
import { bullets, section } from './blocks.js';
import { STOP_REASONS } from '../../records/lists.js';

/** Term, definition, and `plus` for terms only runs with plus inputs (HumanEval+) use. */
const terms: readonly (readonly [string, string, 'plus'?])[] = [
  ['pass@1', "share of graded trials whose final answer passes every hidden test; 95% Wilson interval (with repeats: mean over repeats, bootstrap over tasks)."],
  ['pass@1 base', 'with plus inputs (HumanEval+): the share of graded trials whose final answer passes the base tests (the original tests\' inputs) alone; pass@1 itself needs base and plus.', 'plus'],
  ['weak-test false pass', 'of final answers that pass the base tests and ran on plus inputs, the share that fail plus: answers the original tests wrongly accept.', 'plus'],
  ['pass@k', 'chance that at least one of k answers to a task passes, estimated without bias from the repeats (Chen et al. 2021).'],
  ['Δ vs baseline', 'pass@1 of the strategy minus pass@1 of the baseline (one-shot) on the same tasks, in percentage points (pp); 95% percentile bootstrap over tasks.'],
  ['p (McNemar)', "exact two-sided McNemar test on the paired trials where exactly one of the two passed; small p means the split is unlikely under 'no difference'."],
  ['pass→fail, fail→pass', 'paired trials where the baseline passed and the strategy failed, and the reverse; only these move Δ.'],
  ['min. detectable Δ', 'the smallest true Δ this comparison would detect with 80% power at α = 0.05 (see the caveats).'],
  ['fix rate', "of trials whose first answer failed, the share whose final answer passes."],
  ['break rate', 'of trials whose first answer passed, the share whose final answer fails.'],
  ['net gain', '(fixed − broken) / trials: final pass@1 minus first-answer pass@1.'],
  ['recover / regress', 'per retry step i → i+1: P(next passes | this failed) and P(next fails | this passed).'],
  ['feedback false positive', 'an attempt whose feedback tests (visible or self-written) passed while the hidden tests failed.'],
  ['iterations', 'generations per trial, the first answer included.'],
  ['pass rate by iteration', "pass@1 if every trial had stopped after i attempts (a stopped trial keeps its submitted answer)."],
  ['tokens', 'prompt + completion tokens of the calls a strategy made; cached calls at their original count.'],
  ['p50 / p95 per trial', 'median and 95th percentile of the model wall time a trial used, summed over its calls.'],
  ['cold load', 'a call on which the server reported loading the model (load time over 500 ms).'],
  ['model switch', 'a call that followed a call to another model on the same endpoint: an estimated model reload.'],
  ['self judge / cross judge', 'the generator scoring its own answer / another model scoring it, with the same rubric.'],
  ['score inflation', 'self-judge score − cross-judge score on the same answer (0–10 scale), averaged; 95% bootstrap over tasks.'],
  ['self-preference', "difference in differences of two generators judging each other's answers; above 0 each judge favours its own model."],
  ['self-recognition', "a generator shown its own answer and another generator's to the same task, asked which it wrote: the share of orders in which it named its own; 50% is a guess."],
  ['τ (threshold)', "the score at or above which a judge accepts an answer: the strategy's own, or the panel's."],
  ['false accept', 'P(score ≥ τ | the answer fails the hidden tests).'],
  ['false reject', 'P(score < τ | the answer passes the hidden tests).'],
  ['AUROC', 'chance that a passing answer outscores a failing one (ties count half); 0.5 is chance.'],
  ['Brier', 'mean of (score/10 − passed)²: 0 is perfect, 0.25 is a constant score of 5.'],
  ['parse failure', 'a judge reply from which no score could be read, even after re-asking; it is in no other judge metric.'],
  ['stop precision', "of trials a loop stopped because the judge's score met τ, the share whose final answer passes."],
  ['said wrong', 'with plus inputs: a judge score below τ, counted separately on answers that fail base, pass base but fail plus, and pass both.', 'plus'],
  ['differential grading', "the answer is called on each input in the sandbox and its return values are compared with the reference solution's outside the candidate's process."],
  ['assert-style grading', "the dataset's test code decides, in a process of its own that calls the answer's function in the answer's process over a pipe and gets plain data back; before 2026-12-01 it ran inside the answer's process, where a determined program could fake a pass; records without a grading method were graded that way."],
  ['oracle', 'feedback from the hidden tests themselves: an upper bound, not a fair comparison.'],
  ['n/a', 'the value does not exist (e.g. no trials to compute it on); never the same as 0.'],
  ...STOP_REASONS.map((reason): [string, string] => [`stop: ${reason}`, `${stopReasonDisplay[reason].meaning}.`]),
];

/** Every metric in the report, one line each; the base vs plus terms only when the run has plus inputs. */
export function glossary({ analysis }: ReportInput): string {
  const shown = terms.filter(([, , only]) => only !== 'plus' || analysis.plusTasks > 0);
  return section('Glossary', bullets(shown.map(([term, definition]) => `**${term}**: ${definition}`)));
}
