import { SUITE_NAMES } from '../../records/lists.js';
import type { PanelInflation } from '../../metrics/analysis.js';
import { gradingMethodOf } from '../../metrics/grading-method.js';
import type { Estimate, Proportion } from '../../metrics/statistics.js';
import type { Grade } from '../../records/record.js';
import { csvNumber } from '../format.js';

/** Column groups shared by the CSV files, so a metric has the same names wherever it appears. */
export type CsvRow = Record<string, string | number | boolean>;

/** `<name>`, `<name>_low`, `<name>_high` and `<name>_n` (the denominator); empty when the rate does not exist. */
export function rateColumns(name: string, p: Proportion | undefined): CsvRow {
  const exists = p?.value !== undefined;
  return {
    [name]: csvNumber(p?.value),
    [`${name}_low`]: exists ? csvNumber(p.low) : '',
    [`${name}_high`]: exists ? csvNumber(p.high) : '',
    [`${name}_n`]: p ? p.n : '',
  };
}

/** `<name>`, `<name>_low`, `<name>_high`. */
export function estimateColumns(name: string, estimate: Estimate | undefined): CsvRow {
  return {
    [name]: csvNumber(estimate?.value),
    [`${name}_low`]: csvNumber(estimate?.low),
    [`${name}_high`]: csvNumber(estimate?.high),
  };
}

/**
 * How an attempt was graded and, for differential grades, each suite as recorded: `grading_method`,
 * then `<suite>_passed`, `<suite>_passed_inputs`, `<suite>_inputs` per suite (`base`, `plus`); empty where absent.
 */
export function gradeColumns(grade: Grade | undefined): CsvRow {
  return {
    grading_method: gradingMethodOf(grade) ?? '',
    ...Object.fromEntries(
      SUITE_NAMES.flatMap((name) => {
        const suite = grade?.suites?.find((entry) => entry.name === name);
        return [
          [`${name}_passed`, suite?.passed ?? ''],
          [`${name}_passed_inputs`, suite?.passedInputs ?? ''],
          [`${name}_inputs`, suite?.inputs ?? ''],
        ];
      }),
    ),
  };
}

/** Self − cross panel scores on the same answers. */
export function inflationColumns(inflation: PanelInflation | undefined): CsvRow {
  return {
    inflation_pairs: inflation?.pairs ?? '',
    self_judge_mean_score: csvNumber(inflation?.selfMean),
    cross_judge_mean_score: csvNumber(inflation?.crossMean),
    ...estimateColumns('score_inflation', inflation?.all),
    score_inflation_passing: csvNumber(inflation?.passing?.value),
    score_inflation_failing: csvNumber(inflation?.failing?.value),
  };
}
