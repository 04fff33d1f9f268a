/**
 * pass@1 per strategy with its 95% interval; the baseline as a reference line, oracle rows below a divider.
 * With plus inputs (HumanEval+) each row also gets a lighter bar for the base tests alone, labelled with its weak-test false passes.
 */

/** On a narrow page the interval is left to the whisker and the table. */
function rateLabel(rate: CountedRate): string {
  if (narrowScreen) return percentText(rate.value) + ' ' + rate.successes + '/' + rate.n;
  return percentText(rate.value) + '  [' + percentText(rate.low) + ', ' + percentText(rate.high) + ']  ' + rate.successes + '/' + rate.n;
}

function drawPassAt1() {
  // Fair comparisons first; oracle rows (hidden-test feedback) last, below a divider.
  const graded = data.rows.filter(isGraded);
  const rows = graded.filter(function (row) { return !row.oracle; })
    .concat(graded.filter(function (row) { return row.oracle; }));
  const firstOracle = rows.findIndex(function (row) { return row.oracle; });
  const baseline = rows.find(function (row) { return row.baseline; });
  const plus = rows.some(function (row) { return row.weakTests; });
  const lines: ReferenceLine[] = [];
  if (baseline) lines.push({ axis: 'x', value: baseline.passAt1.value, label: 'baseline ' + percentText(baseline.passAt1.value), color: '#4b5563' });
  if (firstOracle > 0) lines.push({ axis: 'y', between: firstOracle, label: '▼ oracle: upper bound', color: '#9a3412' });
  const passed: ChartDataset<'bar', (number | null)[]> = {
    label: plus ? 'pass@1 base + plus' : 'pass@1',
    data: rows.map(function (row) { return row.passAt1.value; }),
    backgroundColor: rows.map(function (row) { return withAlpha(rowColor(row), row.oracle ? 0.35 : 0.85); }),
    borderColor: rows.map(rowColor),
    borderWidth: rows.map(function (row) { return row.oracle ? 2 : 0; }),
    intervals: rows.map(function (row) { return row.passAt1; }),
    intervalAxis: 'x',
    valueLabels: rows.map(function (row) { return (plus ? 'base + plus ' : '') + rateLabel(row.passAt1); }),
  };
  const baseOf = function (row: StrategyRow) { return row.weakTests && row.weakTests.base ? row.weakTests.base : null; };
  const onBase: ChartDataset<'bar', (number | null)[]> = {
    label: 'pass@1 base tests only',
    data: rows.map(function (row) { const base = baseOf(row); return base ? base.value : null; }),
    backgroundColor: rows.map(function (row) { return withAlpha(rowColor(row), 0.3); }),
    borderColor: rows.map(rowColor),
    borderWidth: 1,
    intervals: rows.map(baseOf),
    intervalAxis: 'x',
    valueLabels: rows.map(function (row) {
      const base = baseOf(row);
      const falsePass = row.weakTests && row.weakTests.falsePass;
      if (!base) return 'base n/a';
      return 'base ' + rateLabel(base) + (falsePass ? '  · false pass ' + falsePass.successes + '/' + falsePass.n : '');
    }),
  };
  drawChart('chart-pass-at-1', {
    type: 'bar',
    data: {
      labels: rows.map(rowLabelLines),
      datasets: plus ? [onBase, passed] : [passed],
    },
    options: {
      indexAxis: 'y',
      // Room for the value labels written past the whiskers.
      layout: { padding: { right: narrowScreen ? (plus ? 150 : 80) : plus ? 300 : 190 } },
      scales: {
        x: { min: 0, max: 1, title: { display: !narrowScreen, text: 'pass@1: share of trials whose final answer passes the hidden tests (95% interval)' }, ticks: { callback: percentTick } },
        y: { title: { display: !narrowScreen, text: 'strategy' } },
      },
      plugins: {
        legend: { display: plus, position: 'bottom' },
        title: { display: true, text: plus ? 'pass@1 per strategy: base tests alone and base + plus' : 'pass@1 per strategy' },
        referenceLines: { lines: lines },
        tooltip: { callbacks: { label: function (item) { return item.dataset.valueLabels?.[item.dataIndex]; } } },
      },
    },
  });
}
