/** What retrying does: pass rate after each iteration, and why each strategy's loops stopped. */
export const retryCharts = String.raw`
function drawPassByIteration() {
  const length = Math.max.apply(null, [0].concat(data.rows.map(function (row) { return row.passByIteration.length; })));
  const labels = Array.from({ length: length }, function (_, index) { return String(index + 1); });
  drawChart('chart-pass-by-iteration', {
    type: 'line',
    data: {
      labels: labels,
      datasets: data.rows.map(function (row) {
        return {
          label: rowLabel(row),
          data: row.passByIteration,
          borderColor: rowColor(row),
          backgroundColor: rowColor(row),
          borderDash: row.baseline || row.oracle ? [6, 4] : [],
          pointRadius: 4,
          borderWidth: 2.5,
        };
      }),
    },
    options: {
      scales: {
        x: { title: { display: true, text: 'iteration (generation number); stopped trials keep their submitted answer' } },
        y: { min: 0, max: 1, title: { display: true, text: 'pass rate of the answer held' }, ticks: { callback: function (value) { return percentText(value); } } },
      },
      plugins: {
        title: { display: true, text: 'Pass rate by iteration' },
        legend: { position: 'bottom', labels: { usePointStyle: true, pointStyle: 'line' } },
        tooltip: { callbacks: { label: function (item) { return item.dataset.label + ': ' + percentText(item.raw); } } },
      },
    },
  });
}

const stopReasonColors = {
  'threshold-met': '#59a14f',
  'tests-passed': '#76b7b2',
  'max-iterations': '#8a8f98',
  'no-change': '#edc948',
  'judge-error': '#f28e2b',
  skipped: '#d1d5db',
  error: '#e15759',
};

function drawStopReasons() {
  const reasons = Object.keys(stopReasonColors).filter(function (reason) {
    return data.rows.some(function (row) { return row.stopReasons.some(function (entry) { return entry.reason === reason; }); });
  });
  drawStackedRows(
    'chart-stop-reasons',
    data.rows,
    reasons.map(function (reason) {
      return {
        label: reason,
        backgroundColor: stopReasonColors[reason],
        data: data.rows.map(function (row) {
          const entry = row.stopReasons.find(function (candidate) { return candidate.reason === reason; });
          return entry ? entry.trials : 0;
        }),
      };
    }),
    { title: 'Why the loops stopped', axis: 'trials' },
  );
}
`;
