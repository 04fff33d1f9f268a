/** Same-model vs cross-model judging: score distributions on passing vs failing answers, and inflation per judge. */
function drawScoreDistribution(id: string, title: string, distribution: ScoreDistribution) {
  const share = function (group: ScoreDistribution['passing']) {
    return group.counts.map(function (count) { return group.answers === 0 ? 0 : count / group.answers; });
  };
  drawChart(id, {
    type: 'bar',
    data: {
      labels: ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9', '10'],
      datasets: [
        { label: 'passing answers (' + distribution.passing.answers + ')', data: share(distribution.passing), backgroundColor: withAlpha(passingColor, 0.8) },
        { label: 'failing answers (' + distribution.failing.answers + ')', data: share(distribution.failing), backgroundColor: withAlpha(failingColor, 0.8) },
      ],
    },
    options: {
      scales: {
        x: { title: { display: true, text: 'panel score (0–10, rounded)' } },
        y: { min: 0, title: { display: true, text: 'share of answers' }, ticks: { callback: percentTick } },
      },
      plugins: {
        title: { display: true, text: title + ': ' + distribution.judges },
        tooltip: { callbacks: { label: function (item) { return item.dataset.label + ': ' + percentText(item.parsed.y); } } },
      },
    },
  });
}

function drawScoreDistributions() {
  const distributions = data.judges.distributions;
  if (!distributions) return;
  drawScoreDistribution('chart-scores-self', 'Same-model judge', distributions.self);
  drawScoreDistribution('chart-scores-cross', 'Cross-model judge', distributions.cross);
}

/** Bars with the intervals their tooltips quote. */
type IntervalBars = ChartDataset<'bar', (number | null)[]> & { intervals: (IntervalValue | null)[] };

function drawInflation() {
  const bars = data.judges.inflation;
  const scoreText = function (value: number) { return signedText(value, 2); };
  const dataset = function (label: string, key: 'all' | 'passing' | 'failing', color: string): IntervalBars {
    return {
      label: label,
      data: bars.map(function (bar) { return bar[key] ? bar[key].value : null; }),
      intervals: bars.map(function (bar) { return bar[key] || null; }),
      intervalAxis: 'x',
      backgroundColor: withAlpha(color, 0.8),
    };
  };
  const datasets = [dataset('all answers', 'all', '#4e79a7'), dataset('on passing answers', 'passing', passingColor), dataset('on failing answers', 'failing', failingColor)];
  drawChart('chart-inflation', {
    type: 'bar',
    data: { labels: bars.map(function (bar) { return bar.label + ' (' + bar.pairs + ' pairs)'; }), datasets: datasets },
    options: {
      indexAxis: 'y',
      scales: {
        x: Object.assign(intervalRange(datasets), { title: { display: true, text: 'score inflation: self-judge − cross-judge score on the same answer (0–10 points, 95% interval)' } }),
        y: { title: { display: true, text: 'answers scored' } },
      },
      plugins: {
        title: { display: true, text: 'Score inflation per cross judge: how much higher a model scores its own answers' },
        referenceLines: { lines: [{ axis: 'x', value: 0, color: '#374151' }] },
        tooltip: { callbacks: { label: function (item) {
          const interval = datasets[item.datasetIndex]?.intervals[item.dataIndex];
          return interval ? item.dataset.label + ': ' + intervalText(interval, scoreText) : item.dataset.label + ': n/a';
        } } },
      },
    },
  });
}
