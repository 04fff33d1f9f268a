import { scoreInflation, type ScoreInflation } from '../../metrics/inflation.js';
import { judgeQuality, loopJudgements, panelJudgements, type JudgedAnswer } from '../../metrics/judges.js';
import type { Estimate, Proportion } from '../../metrics/statistics.js';
import type { TrialRecord } from '../../records/record.js';
import { judgeLabel } from '../labels.js';
import type { ReportInput } from '../types.js';
import type { JudgeResult } from '../../metrics/analysis.js';
import type { InflationBar, IntervalValue, JudgeData, JudgeVsPlusRow, RocCurve, ScoreDistribution, StrategyRow, VerdictCountRow } from './page-types.js';
import { rowKey } from './strategy-rows.js';

export function judgeData(input: ReportInput, rows: readonly StrategyRow[]): JudgeData {
  return {
    distributions: scoreDistributions(input.records),
    inflation: inflationBars(input, rows),
    selfPreference: input.analysis.selfPreference.map((entry) => ({
      judges: entry.judges.join(' vs '),
      difference: interval(entry.difference),
      answers: entry.answers,
    })),
    roc: [...panelCurves(input), ...loopCurves(input, rows)],
    verdicts: verdictRows(input, rows),
    vsPlus: vsPlusRows(input, rows),
  };
}

/** `panel on one-shot: critic`, `self-reflection loop: coder (self)`: a judge on one strategy row's answers. */
function judgeRowLabel(judge: JudgeResult, rows: readonly StrategyRow[]): string {
  const row = rows.find((candidate) => rowKey(candidate.strategy, candidate.generator) === rowKey(judge.strategy, judge.generator));
  const answers = row?.label ?? judge.strategy;
  return `${judge.role === 'loop' ? `${answers} loop` : `panel on ${answers}`}: ${judgeLabel(judge.judge, judge.self)}`;
}

/** Every judge of every strategy row, in the analysis' order. */
function verdictRows({ analysis }: ReportInput, rows: readonly StrategyRow[]): VerdictCountRow[] {
  return analysis.judges.map((judge) => {
    const { parses, scoredPassing, scoredFailing, calibrated, auroc, brier } = judge.calibration;
    return { label: judgeRowLabel(judge, rows), parses, scoredPassing, scoredFailing, calibrated, auroc, brier };
  });
}

/** Judges that scored answers graded with plus inputs, in the analysis' order. */
function vsPlusRows({ analysis }: ReportInput, rows: readonly StrategyRow[]): JudgeVsPlusRow[] {
  return analysis.judges.flatMap((judge) => {
    const { vsPlus } = judge;
    if (!vsPlus) return [];
    const saidWrong = vsPlus.saidWrong;
    return [
      {
        label: judgeRowLabel(judge, rows),
        threshold: judge.threshold,
        scored: vsPlus.scored,
        aurocBase: vsPlus.aurocBase,
        aurocBasePlus: vsPlus.aurocBasePlus,
        saidWrong: saidWrong && {
          failsBase: counts(saidWrong.failsBase),
          weakTestMiss: counts(saidWrong.weakTestMiss),
          passesBoth: counts(saidWrong.passesBoth),
        },
      },
    ];
  });
}

function counts({ successes, n }: Proportion): { successes: number; n: number } {
  return { successes, n };
}

function interval({ value, low, high }: Estimate): IntervalValue {
  return { value, low, high };
}

/** Panel scores only: there the same answers are scored by the generator itself and by other models. */
function scoreDistributions(records: readonly TrialRecord[]): JudgeData['distributions'] {
  const answers = panelJudgements(records);
  if (!answers.some((answer) => answer.self) || !answers.some((answer) => !answer.self)) return undefined;
  const of = (self: boolean): ScoreDistribution => {
    const mine = answers.filter((answer) => answer.self === self);
    return {
      judges: [...new Set(mine.map((answer) => (self ? judgeLabel(answer.judge, true) : answer.judge)))].sort().join(', '),
      passing: histogram(mine.filter((answer) => answer.passed === true)),
      failing: histogram(mine.filter((answer) => answer.passed === false)),
    };
  };
  return { self: of(true), cross: of(false) };
}

/** Scores rounded to 0…10 (judges may give decimals); unparsed verdicts have no score and are left out. */
function histogram(answers: readonly JudgedAnswer[]): ScoreDistribution['passing'] {
  const counts = Array.from({ length: 11 }, () => 0);
  let scored = 0;
  for (const { score } of answers) {
    if (score === undefined) continue;
    const bin = Math.min(10, Math.max(0, Math.round(score)));
    counts[bin] = (counts[bin] as number) + 1;
    scored += 1;
  }
  return { counts, answers: scored };
}

/** Self − cross per cross judge, so one lenient or harsh cross judge cannot hide in a pooled mean. */
function inflationBars({ records, analysis }: ReportInput, rows: readonly StrategyRow[]): InflationBar[] {
  const crossJudges = [...new Set(records.flatMap((record) => (record.panel ?? []).filter((entry) => !entry.self).map((entry) => entry.judge)))].sort();
  // With one cross judge the analysis has measured exactly this already (its bootstraps are the slow part).
  if (crossJudges.length <= 1) {
    return [
      ...inflationBar('all strategies', analysis.inflation),
      // Unselected first answers (the judge's bias) beside final answers (a loop's own score chose them).
      ...inflationBar('first answers, unselected', analysis.inflationBySelection.first),
      ...inflationBar('final answers a strategy chose', analysis.inflationBySelection.final),
      ...analysis.results.flatMap((result, index) => inflationBar(rows[index]?.label ?? result.strategy, result.inflation)),
    ];
  }
  return crossJudges.flatMap((cross) => {
    const withCross = records.map((record) => ({
      ...record,
      panel: (record.panel ?? []).filter((entry) => entry.self || entry.judge === cross),
    }));
    return [
      ...inflationBar(`vs ${cross}: all strategies`, scoreInflation(withCross)),
      ...rows.flatMap((row) => {
        const ofRow = withCross.filter((record) => rowKey(record.strategyId, record.generator) === rowKey(row.strategy, row.generator));
        return inflationBar(`vs ${cross}: ${row.label}`, scoreInflation(ofRow));
      }),
    ];
  });
}

function inflationBar(label: string, inflation: ScoreInflation | undefined): InflationBar[] {
  if (!inflation) return [];
  return [
    {
      label,
      pairs: inflation.pairs,
      all: interval(inflation.all),
      passing: inflation.passing && interval(inflation.passing),
      failing: inflation.failing && interval(inflation.failing),
    },
  ];
}

/** Each panel judge over every answer it scored, split by whether it wrote the answer. */
function panelCurves({ records, config }: ReportInput): RocCurve[] {
  const answers = panelJudgements(records);
  // The same-model judge first, then the others by name.
  const judges = [...new Map(answers.map((answer) => [judgeLabel(answer.judge, answer.self), answer])).values()].sort(
    (a, b) => Number(b.self) - Number(a.self) || (a.judge < b.judge ? -1 : a.judge > b.judge ? 1 : 0),
  );
  return judges.flatMap(({ judge, self }) => {
    const label = `panel: ${judgeLabel(judge, self)}`;
    const mine = answers.filter((answer) => answer.judge === judge && answer.self === self);
    return rocCurve(label, 'panel', mine, config?.panel?.threshold);
  });
}

/** The verdicts that drove each judge-driven strategy, on every attempt it judged. */
function loopCurves({ records, analysis }: ReportInput, rows: readonly StrategyRow[]): RocCurve[] {
  return analysis.results.flatMap((result, index) => {
    const group = records.filter((record) => record.strategyId === result.strategy && record.generator === result.generator);
    const answers = loopJudgements(group);
    const judges = [...new Set(answers.map((answer) => answer.judge))].sort();
    return judges.flatMap((judge) => {
      const self = judge === result.generator;
      const label = `${rows[index]?.label ?? result.strategy} loop: ${judgeLabel(judge, self)}`;
      return rocCurve(label, 'loop', answers.filter((answer) => answer.judge === judge), result.threshold);
    });
  });
}

/** Empty with too few scored verdicts on passing or on failing answers (metrics/judges.ts): no curve is drawn from noise. */
function rocCurve(label: string, role: RocCurve['role'], answers: readonly JudgedAnswer[], threshold: number | undefined): RocCurve[] {
  const quality = judgeQuality(answers, threshold ?? 0);
  if (!quality.calibrated) return [];
  const scored = answers.flatMap(({ score, passed }) => (score === undefined || passed === undefined ? [] : [{ score, passed }]));
  const passing = quality.scoredPassing;
  const failing = quality.scoredFailing;
  const rates = (tau: number) => ({
    fpr: scored.filter((answer) => !answer.passed && answer.score >= tau).length / failing,
    tpr: scored.filter((answer) => answer.passed && answer.score >= tau).length / passing,
  });
  const thresholds = [...new Set(scored.map((answer) => answer.score))].sort((a, b) => b - a);
  return [
    {
      label,
      role,
      auroc: quality.auroc,
      points: [{ fpr: 0, tpr: 0 }, ...thresholds.map(rates)],
      operatingPoint: threshold === undefined ? undefined : { threshold, ...rates(threshold) },
      passing,
      failing,
    },
  ];
}
