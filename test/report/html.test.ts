import { describe, expect, it } from 'vitest';
import { htmlReporter } from '../../src/report/html/html-reporter.js';
import { pageData } from '../../src/report/html/page-data.js';
import { browserScripts, simulatedBanner } from '../../src/report/html/page-shell.js';
import type { ReportInput } from '../../src/report/types.js';
import type { TrialRecord } from '../../src/records/record.js';
import { verdict } from '../metrics/fixtures.js';
import { fixtureInput, fixtureMeta, fixtureRecords, tenfoldRecords } from './run-fixture.js';

function render(input: ReportInput = fixtureInput()): string {
  const [file] = htmlReporter.render(input);
  expect(file?.fileName).toBe('report.html');
  return file?.content ?? '';
}

const dataElementStart = '<script type="application/json" id="report-data">';

function embeddedData(html: string): unknown {
  const start = html.indexOf(dataElementStart) + dataElementStart.length;
  return JSON.parse(html.slice(start, html.indexOf('</script>', start)));
}

/** Text that would end the data element, open a comment over the page, or run as markup if injected. */
const hostile = '</script><script>window.pwned = 1</script><!-- <img src=x onerror=alert(1)> </SCRIPT>';

function hostileRecords(): TrialRecord[] {
  const records = fixtureRecords();
  const first = records[0] as TrialRecord;
  const attempt = first.attempts[0];
  if (!attempt) throw new Error('fixture trial without an attempt');
  attempt.code = hostile;
  attempt.comment = { role: 'critique', text: hostile };
  attempt.verdict = { ...verdict(3, 'gen'), assessment: hostile, issues: [hostile] };
  first.notes = [hostile];
  return records;
}

describe('report.html', () => {
  it('references no external resource: no script src, link, stylesheet import, url() or fetch', () => {
    const html = render();
    // The first match, so a failure names it instead of printing the whole page.
    const found = (text: string, pattern: RegExp) => text.match(pattern)?.[0];
    // Chart.js's licence comments name its home pages; nothing else may hold an address.
    expect(found(html.replace(/\/\*![\s\S]*?\*\//g, ''), /.{0,40}https?:\/\/.{0,40}/i)).toBeUndefined();
    expect(found(html, /<(link|iframe|img|object|embed|base)\b/i)).toBeUndefined();
    expect(found(html, /<script\b[^>]*\bsrc\s*=/i)).toBeUndefined();
    const stylesheet = html.slice(html.indexOf('<style>'), html.indexOf('</style>'));
    expect(found(stylesheet, /@import|url\s*\(/i)).toBeUndefined();
    expect(found(html, /\bfetch\s*\(|XMLHttpRequest|sendBeacon|new WebSocket|EventSource|\bimport\s*\(/)).toBeUndefined();
    const links = [...html.matchAll(/\b(?:href|src)\s*=\s*"([^"]*)"/gi)].map((match) => match[1]);
    expect(links.length).toBeGreaterThan(0);
    for (const link of links) expect(link).toMatch(/^#[\w-]+$/);
  });

  it('embeds the page data as JSON that reads back exactly', () => {
    const input = fixtureInput();
    expect(embeddedData(render(input))).toEqual(JSON.parse(JSON.stringify(pageData(input))));
  });

  it('keeps model text that contains </script> or <!-- inside the data, as data', () => {
    const input = fixtureInput(fixtureMeta(), hostileRecords());
    const html = render(input);
    // The data, Chart.js and the page script: no fourth element closes, nothing opens a comment.
    expect(html.match(/<\/script/gi)).toHaveLength(3);
    expect(html.match(/<script/gi)).toHaveLength(3);
    expect(html).not.toContain('<!--');
    const data = embeddedData(html) as ReturnType<typeof pageData>;
    const trial = data.trials.find((candidate) => candidate.attempts[0]?.code === hostile);
    expect(trial?.attempts[0]?.comment).toEqual({ title: 'Critique', text: hostile });
    expect(trial?.attempts[0]?.verdict?.assessment).toBe(hostile);
    expect(trial?.notes).toEqual([hostile]);
  });

  it("shows a reflection from records written before comments under Reflexion's title", () => {
    const records = fixtureRecords();
    const attempt = records[0]!.attempts[0]!;
    attempt.reflection = 'I subtracted instead of adding.';
    const data = pageData(fixtureInput(fixtureMeta(), records));
    expect(data.trials[0]?.attempts[0]?.comment).toEqual({ title: 'Reflection', text: 'I subtracted instead of adding.' });
  });

  it('shows what an attempt did on the inputs of its tests, one line per call, nothing passed or failed', () => {
    const records = fixtureRecords();
    records[0]!.attempts[0]!.behaviour = {
      source: 'self-tests',
      status: 'failed',
      calls: [
        { call: 'add(1, 2)', test: 'assert add(1, 2) == 3', key: 'returned i3', shown: 'returned 3' },
        { call: 'add(0, 0)', test: 'assert add(0, 0) == 0', key: 'raised ValueError', shown: 'raised ValueError: zero' },
      ],
    };
    const data = pageData(fixtureInput(fixtureMeta(), records));
    expect(data.trials[0]?.attempts[0]?.behaviour).toEqual({
      source: 'self-tests',
      status: 'failed',
      calls: [
        { call: 'add(1, 2)', shown: 'returned 3' },
        { call: 'add(0, 0)', shown: 'raised ValueError: zero' },
      ],
    });
    expect(data.trials[0]?.attempts[1]?.behaviour).toBeUndefined();
  });

  it('builds model text into the page as text only, never as markup', () => {
    for (const code of browserScripts()) {
      expect(code).not.toMatch(/innerHTML|outerHTML|insertAdjacentHTML|document\.write|createContextualFragment/);
    }
  });

  it('shows the SIMULATED banner only for simulated runs', () => {
    const simulated = render(fixtureInput(fixtureMeta({ simulated: true })));
    expect(simulated).toContain(`<div class="banner" id="simulated-banner">${simulatedBanner}</div>`);
    const real = render(fixtureInput(fixtureMeta({ simulated: false })));
    expect(real).not.toContain('simulated-banner');
    expect(real).not.toContain(simulatedBanner);
  });

  it('measures score inflation against each cross judge on its own when the panel has several', () => {
    const single = pageData(fixtureInput()).judges.inflation;
    expect(single[0]?.label).toBe('all strategies');
    expect(single[0]?.all).toEqual(expect.objectContaining({ value: fixtureInput().analysis.inflation?.all.value }));
    // A second cross judge scoring every answer exactly 2 points higher than the critic.
    const records = fixtureRecords().map((record) => {
      const panel = record.panel ?? [];
      const lenient = panel
        .filter((entry) => !entry.self)
        .map((entry) => ({ ...entry, judge: 'lenient', verdict: { ...entry.verdict, score: entry.verdict.score === undefined ? undefined : entry.verdict.score + 2 } }));
      return { ...record, panel: [...panel, ...lenient] };
    });
    const bars = pageData(fixtureInput(fixtureMeta(), records)).judges.inflation;
    const inflation = (label: string) => bars.find((bar) => bar.label === label)?.all.value;
    expect(inflation('vs critic: all strategies')).toBeCloseTo(single[0]?.all.value as number);
    expect(inflation('vs lenient: all strategies')).toBeCloseTo((single[0]?.all.value as number) - 2);
    expect(inflation('vs lenient: one-shot')).toBeDefined();
  });

  it('counts each judge\'s verdicts by how they were read, says what "repaired" means, and draws calibration only from enough verdicts', () => {
    const few = render();
    expect(few).toContain('<table id="judge-verdicts">');
    expect(few).toContain('Repaired: one complete, valid rubric object');
    const tooFew = 'too few verdicts (3 passing, 2 failing)';
    expect(few).toContain(
      `<td>self-reflection loop: gen (self)</td><td class="number">5</td><td class="number">0</td><td class="number">1</td><td class="number">${tooFew}</td><td class="number">${tooFew}</td>`,
    );
    expect(pageData(fixtureInput()).judges.roc).toEqual([]);
    expect(few).toContain('no ROC curve is drawn');

    const enough = fixtureInput(fixtureMeta(), tenfoldRecords());
    expect(render(enough)).toContain('<td>panel on one-shot: critic</td><td class="number">40</td><td class="number">0</td><td class="number">0</td><td class="number">1.00</td>');
    expect(pageData(enough).judges.roc.map((curve) => curve.label)).toContain('panel: critic');
  });

  it('is the same file for the same input', () => {
    expect(render()).toBe(render());
  });

  it('embeds what the page shows and no more: no call records, raw judge replies or assembled programs', () => {
    const data = JSON.stringify(embeddedData(render()));
    expect(data).not.toMatch(/"(calls|replies|program|callIds)"/);
  });
});
