/** Builds the data report.html embeds (see page-types.ts) from ReportInput. */
import { stopReasonDisplay } from '../stop-reasons.js';
import type { ReportInput } from '../types.js';
import { judgeData } from './judge-data.js';
import type { BrowserHovers, PageData } from './page-types.js';
import { definitionOf } from '../glossary-terms.js';
import { strategyRows } from './strategy-rows.js';
import { trialData } from './trial-data.js';
import { MessageTable } from './message-table.js';
import { PARSE_STATUSES, STOP_REASONS } from '../../records/lists.js';

export function pageData(input: ReportInput): PageData {
  const rows = strategyRows(input);
  const messages = new MessageTable(input.promptOf);
  return {
    title: `selfbench run: ${input.meta.name}`,
    simulated: input.meta.simulated,
    baseline: input.analysis.baseline,
    rows,
    frontiers: input.analysis.frontiers.flatMap(({ generator, source, tokensPerSample, points }) =>
      tokensPerSample === undefined ? [] : [{ generator, source, points: points.map(({ k, estimate }) => ({ k, tokens: k * tokensPerSample, value: estimate.value })) }],
    ),
    stopReasons: STOP_REASONS.map((reason) => ({ reason, ...stopReasonDisplay[reason] })),
    hovers: {
      reply: Object.fromEntries(PARSE_STATUSES.map((status) => [status, definitionOf(`reply ${status}`)])) as BrowserHovers['reply'],
      modelTime: definitionOf('model time'),
      queueTime: definitionOf('queue time'),
      gradingTime: definitionOf('grading time'),
    },
    judges: judgeData(input, rows),
    tasks: [...new Set(input.records.map((record) => record.taskId))].sort(),
    trials: trialData(input, messages),
    messages: messages.messages,
  };
}
