import { attemptRows } from './csv/attempts-csv.js';
import { judgeRows } from './csv/judges-csv.js';
import { pairwiseRows } from './csv/pairwise-csv.js';
import { recognitionRows } from './csv/recognition-csv.js';
import { toCsv } from './csv/stringify.js';
import { summaryRows } from './csv/summary-csv.js';
import { trialRow } from './csv/trials-csv.js';
import type { Reporter } from './types.js';

/** Machine-readable reports; column names are stable, empty cells mean n/a. */
export const csvReporter: Reporter = {
  name: 'csv',
  render({ meta, records, analysis }) {
    return [
      { fileName: 'summary.csv', content: toCsv(summaryRows(analysis, meta.simulated)) },
      { fileName: 'trials.csv', content: toCsv(records.map(trialRow)) },
      { fileName: 'attempts.csv', content: toCsv(attemptRows(records)) },
      { fileName: 'judges.csv', content: toCsv(judgeRows(analysis)) },
      ...(analysis.pairwise ? [{ fileName: 'pairwise.csv', content: toCsv(pairwiseRows(analysis)) }] : []),
      ...(analysis.recognition ? [{ fileName: 'recognition.csv', content: toCsv(recognitionRows(analysis.recognition)) }] : []),
    ];
  },
};
