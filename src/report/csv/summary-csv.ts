import type { RunAnalysis, StrategyResult } from '../../metrics/analysis.js';
import { csvNumber, csvPValue } from '../format.js';
import { tasksToDetect } from '../../metrics/power.js';
import { gpuRatio } from '../time-text.js';
import { estimateColumns, inflationColumns, rateColumns, type CsvRow } from './columns.js';
import { STOP_REASONS } from '../../records/lists.js';

/** summary.csv: one row per strategy instance × generator. Names are stable: scripts downstream read them. */
export function summaryRows(analysis: RunAnalysis, simulated: boolean): CsvRow[] {
  return analysis.results.map((result) => summaryRow(result, analysis, simulated));
}

function summaryRow(result: StrategyResult, analysis: RunAnalysis, simulated: boolean): CsvRow {
  const { summary, vsBaseline, fixAndBreak, iterations, transitions } = result;
  const { cost } = summary;
  const perTrial = (ms: number) => (cost.trials === 0 ? undefined : ms / cost.trials);
  const passAt1 = summary.passAt1;
  return {
    strategy: result.strategy,
    use: result.use,
    feedback: result.feedback,
    feedback_used: summary.feedbackUsed.map(({ kind, trials }) => `${kind} ${trials}`).join(' / '),
    oracle: result.oracle,
    generator: result.generator,
    model: result.model,
    simulated,
    trials: summary.trials,
    graded: summary.graded,
    passed: passAt1.successes,
    pass_at_1: csvNumber(passAt1.value),
    pass_at_1_low: passAt1.value === undefined ? '' : csvNumber(passAt1.low),
    pass_at_1_high: passAt1.value === undefined ? '' : csvNumber(passAt1.high),
    pass_at_1_interval: passAt1.interval,
    // Runs with plus inputs (HumanEval+): pass_at_1 is base + plus; these are base alone and the base passes plus exposes.
    passed_base: result.weakTests?.basePassAt1.successes ?? '',
    ...rateColumns('pass_at_1_base', result.weakTests?.basePassAt1),
    weak_test_false_passes: result.weakTests?.falsePass.successes ?? '',
    ...rateColumns('weak_test_false_pass_rate', result.weakTests?.falsePass),
    pass_at_k: csvNumber(result.passAtK?.value),
    pass_at_k_k: result.passAtK?.k ?? '',
    baseline: vsBaseline?.baseline ?? '',
    pairs: vsBaseline?.pairs ?? '',
    ...estimateColumns('delta_vs_baseline', vsBaseline?.delta),
    mcnemar_p: csvPValue(vsBaseline?.mcnemarP),
    delta_unconfirmed: vsBaseline === undefined ? '' : vsBaseline.testsDisagree,
    pairs_pass_pass: vsBaseline?.outcomes.passPass ?? '',
    pairs_pass_fail: vsBaseline?.outcomes.passFail ?? '',
    pairs_fail_pass: vsBaseline?.outcomes.failPass ?? '',
    pairs_fail_fail: vsBaseline?.outcomes.failFail ?? '',
    min_detectable_delta: csvNumber(vsBaseline?.minimumDetectableDelta),
    ...rateColumns('fix_rate', fixAndBreak.fixRate),
    ...rateColumns('break_rate', fixAndBreak.breakRate),
    net_gain: csvNumber(fixAndBreak.netGain),
    ...rateColumns('retry_recover_rate', transitions.pooled.recover),
    ...rateColumns('retry_regress_rate', transitions.pooled.regress),
    ...rateColumns('feedback_false_positive_rate', iterations.feedbackFalsePositive),
    errors: summary.errors,
    skipped: summary.skipped,
    mean_iterations: csvNumber(summary.meanIterations),
    ...Object.fromEntries(STOP_REASONS.map((reason) => [`stop_${reason.replace(/-/g, '_')}`, iterations.stopReasons[reason] ?? 0])),
    task_ms_p50: csvNumber(summary.taskMsP50, 1),
    task_ms_p95: csvNumber(summary.taskMsP95, 1),
    queue_ms_p50: csvNumber(summary.queueMsP50, 1),
    queue_ms_p95: csvNumber(summary.queueMsP95, 1),
    call_ms_p50: csvNumber(summary.callMsP50, 1),
    call_ms_p95: csvNumber(summary.callMsP95, 1),
    warm_call_ms_p50: csvNumber(cost.warmCallMs.p50, 1),
    cold_call_ms_p50: csvNumber(cost.coldCallMs.p50, 1),
    calls: summary.calls,
    cached_calls: summary.cachedCalls,
    failed_calls: cost.failedCalls,
    cold_calls: cost.coldCalls,
    model_switches: cost.modelSwitches,
    tokens_in: csvNumber(summary.tokensIn, 0),
    tokens_out: csvNumber(summary.tokensOut, 0),
    wall_ms: csvNumber(summary.wallMs, 1),
    queue_ms: csvNumber(cost.queueMs, 1),
    grading_ms: csvNumber(cost.gradingMs, 1),
    // Per trial that ran: model (live calls), queue and grading time; the quantiles of model and queue time are above.
    wall_ms_per_trial: csvNumber(perTrial(cost.wallMs), 1),
    queue_ms_per_trial: csvNumber(perTrial(cost.queueMs), 1),
    grading_ms_per_trial: csvNumber(perTrial(cost.gradingMs), 1),
    grading_ms_p50: csvNumber(cost.taskGradingMs.p50, 1),
    grading_ms_p95: csvNumber(cost.taskGradingMs.p95, 1),
    model_reported_ms: csvNumber(summary.modelReportedMs, 1),
    model_load_ms: csvNumber(cost.modelTime?.loadMs, 1),
    model_prompt_ms: csvNumber(cost.modelTime?.promptMs, 1),
    model_generate_ms: csvNumber(cost.modelTime?.generateMs, 1),
    // Compute-matched comparison: the budget per trial, and resampling (pass@k with a perfect pick) at its generations.
    generations_per_trial: csvNumber(result.computeMatch?.budget.generations),
    output_tokens_per_trial: csvNumber(result.computeMatch?.budget.outputTokens, 1),
    // GPU time: model seconds per trial with cached answers at their first time, and its ratio to the baseline's.
    model_seconds_per_trial: csvNumber(result.computeMatch?.budget.modelSeconds),
    gpu_time_vs_baseline: csvNumber(gpuRatio(result, analysis)),
    // The tasks that would detect a gain of detect_delta, by the formula of min_detectable_delta.
    detect_delta: csvNumber(vsBaseline?.pairsToDetect.delta),
    tasks_to_detect_delta: vsBaseline === undefined ? '' : tasksToDetect(vsBaseline, analysis),
    ...estimateColumns('resampling_at_equal_generations', result.computeMatch?.resampling?.estimate),
    resampling_source: result.computeMatch?.resampling?.source ?? '',
    ...rateColumns('selection_accuracy', result.selectionAccuracy),
    ...inflationColumns(result.inflation),
    ...estimateColumns('score_inflation_first_answers', result.inflationBySelection.first?.all),
    ...estimateColumns('score_inflation_final_answers', result.inflationBySelection.final?.all),
  };
}
