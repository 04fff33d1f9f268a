/** What retrying does: pass rate after each iteration, and why each strategy's loops stopped. */
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
        y: { min: 0, max: 1, title: { display: true, text: 'pass rate of the answer held' }, ticks: { callback: percentTick } },
      },
      plugins: {
        title: { display: true, text: 'Pass rate by iteration' },
        legend: { position: 'bottom', labels: { usePointStyle: true, pointStyle: 'line' } },
        tooltip: { callbacks: { label: function (item) { return item.dataset.label + ': ' + percentText(item.parsed.y); } } },
      },
    },
  });
}

function drawStopReasons() {
  const shown = data.stopReasons.filter(function (stop) {
    return data.rows.some(function (row) { return row.stopReasons.some(function (entry) { return entry.reason === stop.reason; }); });
  });
  drawStackedRows(
    'chart-stop-reasons',
    data.rows,
    shown.map(function (stop) {
      return {
        label: stop.reason,
        backgroundColor: stop.color,
        data: data.rows.map(function (row) {
          const entry = row.stopReasons.find(function (candidate) { return candidate.reason === stop.reason; });
          return entry ? entry.trials : 0;
        }),
      };
    }),
    { title: 'Why the loops stopped', axis: 'trials', explain: stopReasonMeaning },
  );
}
