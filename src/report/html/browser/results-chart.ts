/** pass@1 per strategy with its 95% interval; the baseline as a reference line, oracle rows below a divider. */
export const resultsChart = String.raw`
function drawPassAt1() {
  // Fair comparisons first; oracle rows (hidden-test feedback) last, below a divider.
  const rows = data.rows.filter(function (row) { return row.passAt1 && !row.oracle; })
    .concat(data.rows.filter(function (row) { return row.passAt1 && row.oracle; }));
  const firstOracle = rows.findIndex(function (row) { return row.oracle; });
  const baseline = rows.find(function (row) { return row.baseline; });
  const lines = [];
  if (baseline) lines.push({ axis: 'x', value: baseline.passAt1.value, label: 'baseline ' + percentText(baseline.passAt1.value), color: '#4b5563' });
  if (firstOracle > 0) lines.push({ axis: 'y', between: firstOracle, label: '▼ oracle: upper bound', color: '#9a3412' });
  drawChart('chart-pass-at-1', {
    type: 'bar',
    data: {
      labels: rows.map(rowLabelLines),
      datasets: [{
        label: 'pass@1',
        data: rows.map(function (row) { return row.passAt1.value; }),
        backgroundColor: rows.map(function (row) { return withAlpha(rowColor(row), row.oracle ? 0.35 : 0.85); }),
        borderColor: rows.map(rowColor),
        borderWidth: rows.map(function (row) { return row.oracle ? 2 : 0; }),
        intervals: rows.map(function (row) { return row.passAt1; }),
        intervalAxis: 'x',
        valueLabels: rows.map(function (row) {
          return percentText(row.passAt1.value) + '  [' + percentText(row.passAt1.low) + ', ' + percentText(row.passAt1.high) + ']  ' + row.passAt1.successes + '/' + row.passAt1.n;
        }),
      }],
    },
    options: {
      indexAxis: 'y',
      // Room for the value labels written past the whiskers.
      layout: { padding: { right: 190 } },
      scales: {
        x: { min: 0, max: 1, title: { display: true, text: 'pass@1: share of trials whose final answer passes the hidden tests (95% interval)' }, ticks: { callback: function (value) { return percentText(value); } } },
        y: { title: { display: true, text: 'strategy' } },
      },
      plugins: {
        legend: { display: false },
        title: { display: true, text: 'pass@1 per strategy' },
        referenceLines: { lines: lines },
        tooltip: { callbacks: { label: function (item) { return item.dataset.valueLabels[item.dataIndex]; } } },
      },
    },
  });
}
`;
