import type { JudgeResult, RunAnalysis } from '../../metrics/analysis.js';
import { ANSWER_CLASSES, type AnswerClass, type JudgeVsPlus } from '../../metrics/judges-vs-plus.js';
import { PARSE_STATUSES } from '../../records/lists.js';
import { csvNumber } from '../format.js';
import { inflationColumns, rateColumns, type CsvRow } from './columns.js';

/**
 * judges.csv: one row per judge × strategy × generator, loop judges and panel judges alike.
 * The inflation columns are filled on a panel judge's row when it is the self judge: its
 * scores minus the cross judges' on the same answers.
 */
export function judgeRows(analysis: RunAnalysis): CsvRow[] {
  return analysis.judges.map((judge) => judgeRow(judge, analysis));
}

function judgeRow(judge: JudgeResult, analysis: RunAnalysis): CsvRow {
  const { calibration } = judge;
  const result = analysis.results.find((entry) => entry.strategy === judge.strategy && entry.generator === judge.generator);
  return {
    role: judge.role,
    judge: judge.judge,
    self: judge.self,
    strategy: judge.strategy,
    feedback: result?.feedback ?? '',
    generator: judge.generator,
    threshold: csvNumber(judge.threshold),
    threshold_source: judge.thresholdSource ?? '',
    verdicts: calibration.verdicts,
    ...Object.fromEntries(PARSE_STATUSES.map((status) => [`parse_${status}`, calibration.parses[status]])),
    ...rateColumns('parse_failure_rate', calibration.parseFailures),
    scored: calibration.scored,
    // AUROC, Brier and the false accept/reject rates stay empty below MIN_VERDICTS_PER_CLASS of either.
    scored_passing: calibration.scoredPassing,
    scored_failing: calibration.scoredFailing,
    mean_score: csvNumber(calibration.meanScore),
    mean_score_passing: csvNumber(calibration.meanScorePassing),
    mean_score_failing: csvNumber(calibration.meanScoreFailing),
    ...rateColumns('false_accept_rate', calibration.falseAccept),
    ...rateColumns('false_reject_rate', calibration.falseReject),
    auroc: csvNumber(calibration.auroc),
    brier: csvNumber(calibration.brier),
    ...rateColumns('stop_precision', judge.stopPrecision),
    ...inflationColumns(judge.role === 'panel' && judge.self ? result?.inflation : undefined),
    ...plusColumns(judge.vsPlus),
  };
}

const answerClassColumns: Record<AnswerClass, string> = {
  failsBase: 'fails_base',
  weakTestMiss: 'weak_test_miss',
  passesBoth: 'passes_both',
};

/** Runs with plus inputs: on answers graded with them, AUROC against base alone and base + plus, and P(score < τ) per answer class. */
function plusColumns(vsPlus: JudgeVsPlus | undefined): CsvRow {
  return {
    plus_scored: vsPlus?.scored ?? '',
    auroc_base: csvNumber(vsPlus?.aurocBase),
    auroc_base_plus: csvNumber(vsPlus?.aurocBasePlus),
    ...Object.fromEntries(
      ANSWER_CLASSES.flatMap((kind) => [
        [`mean_score_${answerClassColumns[kind]}`, csvNumber(vsPlus?.meanScore[kind])],
        ...Object.entries(rateColumns(`said_wrong_${answerClassColumns[kind]}`, vsPlus?.saidWrong?.[kind])),
      ]),
    ),
  };
}
