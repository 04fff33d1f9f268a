/** ROC curve per judge, with its AUROC and the operating point at the threshold τ, and a table of the same. */
type RocDataset = ChartDataset<'scatter', { x: number; y: number }[]>;

function drawRoc() {
  const curves = data.judges.roc;
  const colors = ['#4e79a7', '#e15759', '#59a14f', '#f28e2b', '#b07aa1', '#76b7b2', '#9c755f', '#edc948'];
  const colorOf = function (index: number) { return cycledColor(colors, index); };
  const xy = function (point: RocCurve['points'][number]) { return { x: point.fpr, y: point.tpr }; };
  const lines = curves.map(function (curve, index): RocDataset {
    return {
      label: curve.label + '  (AUROC ' + (curve.auroc === undefined ? 'n/a' : curve.auroc.toFixed(2)) + ')',
      data: curve.points.map(xy),
      showLine: true,
      borderColor: colorOf(index),
      backgroundColor: colorOf(index),
      borderDash: curve.role === 'loop' ? [6, 3] : [],
      borderWidth: 2.5,
      pointRadius: 0,
      pointHitRadius: 6,
      pointStyle: 'line',
    };
  });
  const operatingPoints = curves.flatMap(function (curve, index): RocDataset[] {
    if (!curve.operatingPoint) return [];
    return [{
      label: curve.label + ' at τ = ' + curve.operatingPoint.threshold,
      operatingPoint: true,
      data: [{ x: curve.operatingPoint.fpr, y: curve.operatingPoint.tpr }],
      pointStyle: 'rectRot',
      pointRadius: 8,
      backgroundColor: colorOf(index),
      borderColor: '#111827',
      borderWidth: 1.5,
    }];
  });
  const chance: RocDataset = { label: 'chance (AUROC 0.5)', data: [{ x: 0, y: 0 }, { x: 1, y: 1 }], showLine: true, borderColor: '#9ca3af', borderDash: [3, 3], pointRadius: 0, pointStyle: 'line' };
  const rateTicks = { stepSize: 0.2, maxRotation: 0, callback: function (value: number | string) { return Math.round(Number(value) * 100) + '%'; } };
  drawChart('chart-roc', {
    type: 'scatter',
    data: { datasets: lines.concat(operatingPoints, [chance]) },
    options: {
      scales: {
        x: { min: 0, max: 1, title: { display: true, text: 'false-positive rate (failing answers accepted)' }, ticks: rateTicks },
        y: { min: 0, max: 1, title: { display: true, text: 'true-positive rate (passing answers accepted)' }, ticks: rateTicks },
      },
      plugins: {
        title: { display: true, text: 'ROC: do judge scores separate passing from failing answers?' },
        legend: { position: 'bottom', labels: { usePointStyle: true, filter: function (item, chartData) { return item.datasetIndex === undefined || !chartData.datasets[item.datasetIndex]?.operatingPoint; } } },
        tooltip: { callbacks: { label: function (item) {
          return item.dataset.label + ': FPR ' + percentText(item.parsed.x) + ', TPR ' + percentText(item.parsed.y);
        } } },
      },
    },
  });
  fillCalibrationTable(curves, colorOf);
}

function fillCalibrationTable(curves: RocCurve[], colorOf: (index: number) => string) {
  const body = document.getElementById('calibration-rows');
  if (!body) return;
  curves.forEach(function (curve, index) {
    const point = curve.operatingPoint;
    const cells = [
      curve.label,
      curve.auroc === undefined ? 'n/a' : curve.auroc.toFixed(2),
      point ? String(point.threshold) : 'n/a',
      point ? percentText(point.fpr) : 'n/a',
      point ? percentText(1 - point.tpr) : 'n/a',
      curve.passing + ' / ' + curve.failing,
    ];
    const row = document.createElement('tr');
    cells.forEach(function (text, cellIndex) {
      const cell = document.createElement('td');
      if (cellIndex === 0) {
        const swatch = document.createElement('span');
        swatch.className = 'swatch';
        swatch.style.background = colorOf(index);
        cell.appendChild(swatch);
      } else {
        cell.className = 'number';
      }
      cell.appendChild(document.createTextNode(text));
      row.appendChild(cell);
    });
    body.appendChild(row);
  });
}
