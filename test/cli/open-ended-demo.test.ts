import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { repoRoot, runCli } from '../support/cli.js';
import { readCsv } from '../report/csv-table.js';

const interval = String.raw`\d+\.\d% \[\d+\.\d%, \d+\.\d%\]`;

describe('bench --config configs/demo-open-ended.yaml', () => {
  let runDir = '';
  const read = (file: string) => readFileSync(join(runDir, file), 'utf8');

  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'selfbench-open-'));
    writeFileSync(join(dir, 'demo-open-ended.yaml'), readFileSync(join(repoRoot, 'configs/demo-open-ended.yaml'), 'utf8').replace(/latencyMs: 5\b/g, 'latencyMs: 0'));
    const result = await runCli(['--config', join(dir, 'demo-open-ended.yaml'), '--out', join(dir, 'out')]);
    expect(result.code, result.stderr).toBe(0);
    runDir = join(dir, 'out', readdirSync(join(dir, 'out')).find((name) => name.startsWith('demo-open-ended-')) as string);
  });

  it('leads report.md with how often self-reflection beat its first answer, pairwise, and each judge’s position consistency', () => {
    const report = read('report.md');
    const glance = report.slice(report.indexOf('## At a glance'), report.indexOf('\n## ', report.indexOf('## At a glance') + 1));
    const bullets = glance.split('\n').filter((line) => line.startsWith('- '));
    expect(bullets[0]).toMatch(new RegExp(`^- \\*\\*self-reflection\\*\\*: pairwise, both orders: by writer \\(self\\) its final answer beat its first in ${interval} of \\d+ pairs`));
    expect(bullets[0]).toMatch(new RegExp(`by judge its final answer beat its first in ${interval}`));
    expect(bullets[0]).toMatch(/its own \(self-judge\) score rose [+-]\d+\.\d\d \[/);
    expect(bullets[1]).toMatch(new RegExp(`^- \\*\\*Position consistency\\*\\*: .*judge ${interval} of \\d+ pairs`));
    expect(report).toContain('## Pairwise: did the final answer beat the first?');
    expect(report).toMatch(new RegExp(`\\| self-reflection \\| writer \\| judge \\| 32 \\| ${interval} \\| ${interval} \\| ${interval} \\|`));
    expect(report).toMatch(new RegExp(`\\| judge \\| \\d+ \\| ${interval} \\| \\d+ / 0 / 0 \\| n/a \\| n/a \\|`));
  });

  it('shows the same in report.html and pairwise.csv', () => {
    const html = read('report.html');
    expect(html).toContain('<a href="#pairwise">Pairwise</a>');
    expect(html).toMatch(/<section id="pairwise">.*<table id="pairwise-rates">.*<table id="pairwise-judges">/s);
    expect(html).toMatch(/position consistency \[95% CI\]/);
    const { rows } = readCsv(read('pairwise.csv'));
    const row = rows.find((entry) => entry.strategy === 'self-reflection' && entry.judge === 'judge');
    expect(Number(row?.pairs)).toBe(32);
    expect(Number(row?.win_rate) + Number(row?.tie_rate) + Number(row?.loss_rate)).toBeCloseTo(1, 3);
    expect(Number(row?.win_rate)).toBeGreaterThan(0);
    expect(Number(row?.position_consistency_n)).toBeGreaterThan(0);
    // Replies counted as judges.csv names them: a pair with both orders read gave at least two readings.
    const readings = Number(row?.parse_json) + Number(row?.parse_repaired) + Number(row?.parse_failed);
    expect(readings).toBeGreaterThanOrEqual(2 * Number(row?.position_consistency_n));
  });
});
