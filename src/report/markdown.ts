import { caveats } from './markdown/caveats.js';
import { errors } from './markdown/errors.js';
import { computeMatched } from './markdown/compute-matched.js';
import { configuration } from './markdown/configuration.js';
import { glossary } from './markdown/glossary.js';
import { judges } from './markdown/judges.js';
import { notes } from './markdown/notes.js';
import { atAGlance, overview } from './markdown/overview.js';
import { pairedOutcomes } from './markdown/paired.js';
import { pairwise } from './markdown/pairwise.js';
import { cost, passAtKTable, results, time } from './markdown/results.js';
import { passByIteration, retrying, stopReasons } from './markdown/retries.js';
import type { Reporter, ReportInput } from './types.js';

/** report.md, in reading order: the answer first, then the evidence, the caveats, and how the run was set up. */
const sections: readonly ((input: ReportInput) => string)[] = [
  overview,
  atAGlance,
  results,
  pairwise,
  pairedOutcomes,
  passAtKTable,
  cost,
  time,
  computeMatched,
  retrying,
  passByIteration,
  stopReasons,
  judges,
  errors,
  notes,
  caveats,
  configuration,
  glossary,
];

export const markdownReporter: Reporter = {
  name: 'markdown',
  render(input) {
    const content = sections.map((render) => render(input)).filter((text) => text !== '').join('\n\n');
    return [{ fileName: 'report.md', content: `${content}\n` }];
  },
};
