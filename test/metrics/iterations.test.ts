import { describe, expect, it } from 'vitest';
import { iterationStats, meanIterations } from '../../src/metrics/iterations.js';
import { wilson } from '../../src/metrics/statistics.js';
import { attempt, feedback, trial } from './fixtures.js';

describe('iterationStats', () => {
  const records = [
    trial({ outcomes: [true], stopReason: 'threshold-met' }),
    trial({
      stopReason: 'max-iterations',
      attempts: [attempt(false), attempt(false), attempt(false, { feedback: feedback(true) })],
    }),
    trial({
      stopReason: 'tests-passed',
      attempts: [attempt(false, { feedback: feedback(false) }), attempt(false), attempt(true, { feedback: feedback(true) })],
    }),
    trial({ taskKind: 'open', stopReason: 'tests-passed', attempts: [attempt(undefined, { feedback: feedback(true) })] }),
    trial({ attempts: [], stopReason: 'skipped' }),
  ];

  it('counts attempts, stop reasons and feedback false positives', () => {
    expect(iterationStats(records)).toEqual({
      trials: 4,
      meanIterations: (1 + 3 + 3 + 1) / 4,
      distribution: [
        { attempts: 1, trials: 2 },
        { attempts: 3, trials: 2 },
      ],
      stopReasons: { 'threshold-met': 1, 'max-iterations': 1, 'tests-passed': 2, skipped: 1 },
      // Feedback passed on two graded attempts; the hidden tests failed one. The open task's attempt has no grade.
      feedbackFalsePositive: wilson(1, 2),
    });
  });

  it('has no values without trials or feedback', () => {
    const skipped = [trial({ attempts: [], stopReason: 'skipped' })];
    expect(meanIterations(skipped)).toBeUndefined();
    expect(iterationStats(skipped)).toMatchObject({ trials: 0, distribution: [], stopReasons: { skipped: 1 } });
    expect(iterationStats([trial()]).feedbackFalsePositive.value).toBeUndefined();
  });
});
