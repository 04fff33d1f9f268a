/** What each strategy spends: model time split by phase, tokens, and pass@1 against calls made. */
function drawLatencySplit() {
  const rows = data.rows.filter(function (row) { return row.cost.modelMsPerTrial; });
  const phase = function (label: string, key: 'load' | 'prompt' | 'generation', color: string) {
    return { label: label, backgroundColor: color, data: rows.map(function (row) { return row.cost.modelMsPerTrial?.[key]; }) };
  };
  drawStackedRows(
    'chart-latency',
    rows,
    [phase('model load', 'load', '#9c755f'), phase('prompt processing', 'prompt', '#76b7b2'), phase('generation', 'generation', '#4e79a7')],
    { title: 'Where the time goes: load / prompt / generation', axis: 'model time per trial, as the server reports it (ms)', unit: ' ms per trial' },
  );
}

function drawTokens() {
  const rows = data.rows.filter(function (row) { return row.cost.tokensInPerTrial !== undefined; });
  drawStackedRows(
    'chart-tokens',
    rows,
    [
      { label: 'prompt tokens (in)', backgroundColor: '#a0cbe8', data: rows.map(function (row) { return row.cost.tokensInPerTrial; }) },
      { label: 'completion tokens (out)', backgroundColor: '#4e79a7', data: rows.map(function (row) { return row.cost.tokensOutPerTrial; }) },
    ],
    { title: 'Tokens per trial', axis: 'tokens per trial', unit: '' },
  );
}

function drawAccuracyVsCalls() {
  const rows = data.rows.filter(isGraded).filter(function (row) { return row.cost.callsPerTrial !== undefined; });
  drawChart('chart-accuracy-vs-calls', {
    type: 'scatter',
    data: {
      datasets: rows.map(function (row) {
        return {
          label: rowLabel(row),
          data: [{ x: row.cost.callsPerTrial, y: row.passAt1.value }],
          intervals: [row.passAt1],
          intervalAxis: 'y',
          pointRadius: 7,
          pointStyle: row.oracle ? 'triangle' : 'circle',
          backgroundColor: rowColor(row),
          borderColor: '#111827',
        };
      }),
    },
    options: {
      scales: {
        x: { min: 0, suggestedMax: 1, title: { display: true, text: 'model calls per trial (strategy calls, panel left out)' } },
        y: { min: 0, max: 1, title: { display: true, text: 'pass@1 (95% interval)' }, ticks: { callback: percentTick } },
      },
      plugins: {
        title: { display: true, text: 'Accuracy vs cost: pass@1 against model calls' },
        legend: { position: 'bottom' },
        tooltip: { callbacks: { label: function (item) {
          // A tooltip is shown only for a drawn point, so its x is not a gap (null).
          return item.dataset.label + ': pass@1 ' + percentText(item.parsed.y) + ' at ' + (item.parsed.x as number).toFixed(2) + ' calls per trial';
        } } },
      },
    },
  });
}
