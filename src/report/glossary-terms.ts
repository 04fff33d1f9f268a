/**
 * Every term the reports use, defined once: report.md prints them as its glossary, report.html as its glossary and
 * as the hover of each table header, label and abbreviation that names one.
 */
import type { RunAnalysis } from '../metrics/analysis.js';
import { detectionPower } from '../metrics/power.js';
import { percent } from './format.js';
import { significanceLevel } from '../metrics/statistics.js';
import { FEEDBACK_KINDS, PARSE_STATUSES, STOP_REASONS } from '../records/lists.js';
import { feedbackKindMeanings, inflationPairsMeaning, parseStatusMeanings } from './labels.js';
import { stopReasonDisplay } from './stop-reasons.js';

export interface GlossaryTerm {
  term: string;
  definition: string;
  /** Only runs with plus inputs (HumanEval+) use it. */
  plus?: true;
  /** How tables and labels name it (a plural `s` also matches); the term itself when absent. */
  labels?: readonly string[];
  /** A short label report.html explains wherever its prose uses it, not only in table headers. */
  abbreviation?: true;
}

export const glossaryTerms: readonly GlossaryTerm[] = [
  {
    term: 'pass@1',
    definition: 'share of graded trials whose final answer passes every hidden test; 95% Wilson interval (with repeats: mean over repeats, bootstrap over tasks).',
    labels: ['pass@1', 'pass@1 base + plus'],
    abbreviation: true,
  },
  { term: 'pass@1 base', definition: "with plus inputs (HumanEval+): the share of graded trials whose final answer passes the base tests (the original tests' inputs) alone; pass@1 itself needs base and plus.", plus: true },
  { term: 'weak-test false pass', definition: 'of final answers that pass the base tests and ran on plus inputs, the share that fail plus: answers the original tests wrongly accept.', plus: true },
  { term: 'pass@k', definition: 'chance that at least one of k answers to a task passes, estimated without bias from the repeats (Chen et al. 2021).', labels: ['pass@k', 'pass@2', 'pass@3'], abbreviation: true },
  { term: '95% CI', definition: 'the 95% confidence interval in brackets: the range of true values the data are compatible with; a difference whose interval excludes 0 is unlikely to be chance.', labels: ['95% CI', '95% interval'] },
  { term: 'Δ vs baseline', definition: 'pass@1 of the strategy minus pass@1 of the baseline (one-shot) on the same tasks, in percentage points (pp); 95% percentile bootstrap over tasks.', labels: ['Δ vs', 'Δ'], abbreviation: true },
  { term: 'pp', definition: 'percentage points: the difference of two percentages (50% → 60% is +10 pp, not +20%).', abbreviation: true },
  { term: 'p (McNemar)', definition: "exact two-sided McNemar test on the paired trials where exactly one of the two passed; small p means the split is unlikely under 'no difference'.", labels: ['p (McNemar)', 'McNemar p', 'McNemar'], abbreviation: true },
  { term: 'pairs', definition: `two things set side by side on the same task. For Δ and McNemar: a strategy's trial and the baseline's on the same task, generator and repeat (at most tasks × repeats). Pairwise: a trial's final answer and its first. For score inflation: ${inflationPairsMeaning}.`, labels: ['pairs', 'pairs asked'], abbreviation: true },
  { term: 'pass→fail, fail→pass', definition: 'paired trials where the baseline passed and the strategy failed, and the reverse; only these move Δ.', labels: ['pass→fail', 'fail→pass'] },
  { term: 'min. detectable Δ', definition: `the smallest true Δ this comparison would detect with ${percent(detectionPower, 0)} power at α = ${significanceLevel} (see the caveats).` },
  { term: 'fix rate', definition: 'of trials whose first answer failed, the share whose final answer passes.', labels: ['fix rate', 'fix'] },
  { term: 'break rate', definition: 'of trials whose first answer passed, the share whose final answer fails.', labels: ['break rate', 'break'] },
  { term: 'net gain', definition: '(fixed − broken) / trials: final pass@1 minus first-answer pass@1.' },
  { term: 'recover / regress', definition: 'per retry step i → i+1: P(next passes | this failed) and P(next fails | this passed).', labels: ['recover', 'regress'] },
  {
    term: 'feedback kind',
    definition: `the signal a strategy's retries run on — ${FEEDBACK_KINDS.map((kind) => `${kind}: ${feedbackKindMeanings[kind]}`).join('; ')}. A row whose trials ran on different kinds (a fallback) shows each with its trials.`,
    labels: ['feedback kind', 'feedback'],
  },
  { term: 'feedback false positive', definition: 'an attempt whose feedback tests (visible or self-written) passed while the hidden tests failed.' },
  { term: 'iterations', definition: 'generations per trial, the first answer included.', labels: ['iterations', 'generations / trial'] },
  { term: 'pass rate by iteration', definition: 'pass@1 if every trial had stopped after i attempts (a stopped trial keeps its submitted answer).' },
  { term: 'tokens', definition: 'prompt + completion tokens of the calls a strategy made; cached calls at their original count.' },
  { term: 'output tokens', definition: 'completion tokens of all the calls a strategy made (answers, verdicts, reflections, tests); cached calls at their original count.' },
  { term: 'model time', definition: "from a call leaving its endpoint's queue to the reply, summed over a strategy's live calls; an answer from the response cache took none.", labels: ['model time', 'model s'] },
  {
    term: 'GPU time',
    definition: "model time per trial with each cached answer counted at the time it took when first computed: what the strategy would keep the model server busy if run alone. Shared first answers make live model time depend on which strategy asked first; this does not.",
    labels: ['GPU time', 'GPU s'],
    abbreviation: true,
  },
  { term: 'queue time', definition: "time calls waited for a free slot on their endpoint and their model's turn, before their model time.", labels: ['queue time', 'queue s', 'queue'] },
  { term: 'grading time', definition: 'time the sandbox took to grade attempts against the hidden tests; an answer several strategies share is graded once and counts for each at that time. Not spent by the strategy itself: it is what the benchmark spent checking it.', labels: ['grading time', 'grading s', 'grading'] },
  { term: 'p50 / p95 per trial', definition: 'median and 95th percentile over trials of the model time a trial used, summed over its calls.', labels: ['p50 / p95 per trial', 'p50 per trial'] },
  { term: 'cold load', definition: 'a call on which the server reported loading the model (load time over 500 ms).' },
  { term: 'model switch', definition: 'a call that followed a call to another model on the same endpoint: an estimated model reload.', labels: ['model switch', 'model switches'] },
  { term: 'self judge / cross judge', definition: 'the generator scoring its own answer / another model scoring it, with the same rubric.', labels: ['self judge', 'cross judge', 'self-judge mean', 'cross-judge mean'] },
  { term: 'score inflation', definition: 'self-judge score − cross-judge score on the same answer (0–10 scale), averaged; 95% bootstrap over tasks.', labels: ['score inflation', 'inflation'] },
  { term: 'self-preference', definition: "difference in differences of two generators judging each other's answers; above 0 each judge favours its own model." },
  { term: 'self-recognition', definition: "a generator shown its own answer and another generator's to the same task, asked which it wrote: the share of orders in which it named its own; 50% is a guess.", labels: ['self-recognition', 'named its own'] },
  { term: 'win / tie / loss', definition: 'pairwise, a final answer against its trial\'s first, asked in both orders: win — preferred in both; loss — the first preferred in both; tie — said so, or the two orders disagreed.', labels: ['win', 'tie', 'loss'] },
  { term: 'position consistency', definition: 'the share of pairs asked in both orders (both replies read) whose two orders gave the same preference; 1 for a judge that ignores the order.' },
  { term: 'τ (threshold)', definition: "the score at or above which a judge accepts an answer: the strategy's own, or the panel's.", labels: ['τ'], abbreviation: true },
  { term: 'false accept', definition: 'P(score ≥ τ | the answer fails the hidden tests).' },
  { term: 'false reject', definition: 'P(score < τ | the answer passes the hidden tests).' },
  { term: 'AUROC', definition: 'chance that a passing answer outscores a failing one (ties count half); 0.5 is chance.', abbreviation: true },
  { term: 'Brier', definition: 'mean of (score/10 − passed)²: 0 is perfect, 0.25 is a constant score of 5.', abbreviation: true },
  { term: 'parse failure', definition: 'a judge reply from which no score could be read, even after re-asking; it is in no other judge metric.', labels: ['parse failure', 'unreadable'] },
  ...PARSE_STATUSES.map((status): GlossaryTerm => ({ term: `reply ${status}`, definition: `how a judge's reply was read: ${parseStatusMeanings[status]}.`, labels: [status] })),
  { term: 'stop precision', definition: "of trials a loop stopped because the judge's score met τ, the share whose final answer passes." },
  { term: 'said wrong', definition: 'with plus inputs: a judge score below τ, counted separately on answers that fail base, pass base but fail plus, and pass both.', plus: true },
  { term: 'resampling', definition: 'pass@k of independent samples of the first prompt with a perfect pick, at a strategy\'s generations: the most any pick among that many samples could give (a loop that revises is not bound by it).' },
  { term: 'nearest fair sampler', definition: "the run's best-of-n row whose generations come closest, with a pick that sees no hidden test." },
  { term: 'selection accuracy', definition: 'for sampling strategies: how often the pick kept a passing sample when one existed.', labels: ['selection accuracy', 'pick kept a passing sample'] },
  { term: 'differential grading', definition: "the answer is called on each input in the sandbox and its return values are compared with the reference solution's outside the candidate's process." },
  {
    term: 'assert-style grading',
    definition:
      "the dataset's test code decides, in a process of its own that calls the answer's function in the answer's process over a pipe and gets plain data back; before 2026-12-01 it ran inside the answer's process, where a determined program could fake a pass; records without a grading method were graded that way.",
  },
  { term: 'oracle', definition: 'feedback from the hidden tests themselves: an upper bound, not a fair comparison.' },
  { term: 'n/a', definition: 'the value does not exist (e.g. no trials to compute it on); never the same as 0.' },
  ...STOP_REASONS.map((reason): GlossaryTerm => ({ term: `stop: ${reason}`, definition: `${stopReasonDisplay[reason].meaning}.`, labels: [reason] })),
];

/** The terms a run's reports use: the base vs plus ones only when it has plus inputs. */
export function shownTerms(analysis: Pick<RunAnalysis, 'plusTasks'>): GlossaryTerm[] {
  return glossaryTerms.filter((entry) => !entry.plus || analysis.plusTasks > 0);
}

/** The definition of a term by its name; a name not in the list is a programming error. */
export function definitionOf(term: string): string {
  const entry = glossaryTerms.find((candidate) => candidate.term === term);
  if (!entry) throw new Error(`glossary: no term "${term}"`);
  return entry.definition;
}

/** Where a label occurs in `text` as a whole word (a plural `s` allowed), for every label of every term. */
export interface TermMatch {
  term: GlossaryTerm;
  start: number;
  end: number;
}

const wordCharacter = /[\p{L}\p{N}@]/u;

function occurrences(text: string, label: string): { start: number; end: number }[] {
  const found: { start: number; end: number }[] = [];
  const lower = text.toLowerCase();
  const wanted = label.toLowerCase();
  for (let start = lower.indexOf(wanted); start >= 0; start = lower.indexOf(wanted, start + 1)) {
    let end = start + wanted.length;
    if (lower[end] === 's' && !wordCharacter.test(lower[end + 1] ?? ' ')) end += 1;
    const before = start === 0 ? ' ' : (text[start - 1] as string);
    const after = text[end] ?? ' ';
    // A label that starts or ends in a symbol (Δ, τ, p (McNemar)) needs no boundary on that side.
    const boundedBefore = !wordCharacter.test(label.charAt(0)) || !wordCharacter.test(before);
    const boundedAfter = !wordCharacter.test(label.charAt(label.length - 1)) || !wordCharacter.test(after);
    if (boundedBefore && boundedAfter) found.push({ start, end });
  }
  return found;
}

/**
 * The terms `text` names, in order, each once: the longest label wins where labels overlap (`pass@1 base` over
 * `pass@1`). `among` limits the search (report.html's prose looks for abbreviations only).
 */
export function termsIn(text: string, among: readonly GlossaryTerm[] = glossaryTerms): TermMatch[] {
  const candidates = among
    .flatMap((term) => (term.labels ?? [term.term]).flatMap((label) => occurrences(text, label).map((place) => ({ term, ...place }))))
    .sort((a, b) => b.end - b.start - (a.end - a.start) || a.start - b.start);
  const chosen: TermMatch[] = [];
  for (const candidate of candidates) {
    if (chosen.some((taken) => candidate.start < taken.end && taken.start < candidate.end)) continue;
    chosen.push(candidate);
  }
  return chosen.sort((a, b) => a.start - b.start);
}

/** `term: definition`, one per line: the hover of a label that names these terms. */
export function hoverText(matches: readonly TermMatch[]): string {
  const terms = [...new Set(matches.map((match) => match.term))];
  return terms.map((term) => `${term.term}: ${term.definition}`).join('\n');
}
