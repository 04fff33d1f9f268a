import { atAGlanceItems } from '../at-a-glance.js';
import { plural } from '../format.js';
import { gradingLabel } from '../labels.js';
import { markdownText } from '../rich-text.js';
import type { ReportInput } from '../types.js';
import { bullets, code, section } from './blocks.js';

const simulatedBanner =
  '> **SIMULATED** — these numbers come from the built-in simulated models, whose behaviour was planted in the config. They test the harness, not any real model.';

/** Title, SIMULATED banner, what was asked and what ran, and a warning when any task was graded assert-style. */
export function overview({ meta, records, analysis }: ReportInput): string {
  const strategies = new Set(analysis.results.map((result) => result.strategy)).size;
  const generators = new Set(analysis.results.map((result) => result.generator)).size;
  const grading = gradingLabel(analysis.grading);
  return [
    `# selfbench run: ${meta.name}`,
    ...(meta.simulated ? [simulatedBanner] : []),
    '**Question.** Do self-improvement strategies (self-reflection, a separate AI judge, Reflexion) make a model\'s code better than answering once, at what cost, and how much do judges flatter their own answers?',
    `**This run.** ${plural(strategies, 'strategy', 'strategies')} × ${plural(generators, 'generator')} × ${plural(analysis.tasks, 'task')} of ${code(meta.dataset.source)} × ${plural(analysis.repeats, 'repeat')} = ${plural(records.length, 'trial')}, started ${meta.createdAt}. ${records.length > 0 && records.every((record) => record.taskKind === 'open') ? 'These requests are open-ended: they have no tests, so answers are judged, never graded' : 'Every final answer is graded by hidden tests that no strategy sees (except an oracle, which is marked)'}. Definitions are in the glossary at the end.`,
    ...(grading?.warning ? [`> **Grading.** ${grading.text}`] : []),
  ].join('\n\n');
}

/** The answer in plain words (at-a-glance.ts, shared with report.html). */
export function atAGlance(input: ReportInput): string {
  return section('At a glance', bullets(atAGlanceItems(input).map(markdownText)));
}
