/**
 * Olausson et al.'s figure: each strategy's pass@1 against the output tokens it spent per trial, over the pass@k
 * curve of resampling (k samples cost k times a sample's tokens). A strategy above the curve beats spending its
 * tokens on samples with a perfect pick; below it, resampling could have done better.
 */
function drawComputeMatched() {
  const rows = data.rows.filter(isGraded).filter(function (row) { return row.cost.tokensOutPerTrial !== undefined; });
  const strategies = rows.map(function (row) {
    return {
      label: rowLabel(row),
      data: [{ x: row.cost.tokensOutPerTrial as number, y: row.passAt1.value }],
      intervals: [row.passAt1],
      intervalAxis: 'y' as const,
      pointRadius: 7,
      pointStyle: row.oracle ? 'triangle' : 'circle',
      backgroundColor: rowColor(row),
      borderColor: '#111827',
    };
  });
  const frontiers = data.frontiers.map(function (frontier: FrontierView, index: number) {
    return {
      label: 'resampling, pass@k of ' + frontier.source + (data.frontiers.length > 1 ? ' (' + frontier.generator + ')' : ''),
      data: frontier.points.map(function (point) { return { x: point.tokens, y: point.value }; }),
      intervals: frontier.points.map(function () { return null; }),
      showLine: true,
      borderDash: [6, 4],
      borderColor: cycledColor(['#6b7280', '#374151'], index),
      backgroundColor: '#ffffff',
      pointRadius: 4,
      pointStyle: 'rectRot',
    };
  });
  drawChart('chart-compute-matched', {
    type: 'scatter',
    data: { datasets: [...frontiers, ...strategies] },
    options: {
      scales: {
        x: { min: 0, title: { display: true, text: 'output tokens per trial (all of a strategy\'s calls; k samples for the curve)' } },
        y: { min: 0, max: 1, title: { display: true, text: 'pass@1 (95% interval) · pass@k for the curve' }, ticks: { callback: percentTick } },
      },
      plugins: {
        title: { display: true, text: 'Is the loop worth its tokens? pass@1 against resampling at equal compute' },
        legend: { position: 'bottom' },
        tooltip: { callbacks: { label: function (item) {
          const frontier = data.frontiers[item.datasetIndex];
          const tokens = Math.round(item.parsed.x as number) + ' output tokens';
          if (frontier) return 'pass@' + frontier.points[item.dataIndex]?.k + ' of resampling: ' + percentText(item.parsed.y) + ' at ' + tokens;
          return item.dataset.label + ': pass@1 ' + percentText(item.parsed.y) + ' at ' + tokens + ' per trial';
        } } },
      },
    },
  });
}
