/**
 * Browser code shared by every chart: colours, number formats, and two small Chart.js plugins
 * (interval whiskers with value labels, and reference lines).
 */
Chart.defaults.animation = false;
Chart.defaults.responsive = true;
Chart.defaults.maintainAspectRatio = false;
Chart.defaults.font.family = 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif';
Chart.defaults.font.size = 12;
Chart.defaults.color = '#1f2937';
Chart.defaults.plugins.title.font = { size: 14, weight: 600 };
Chart.defaults.plugins.title.align = 'start';
Chart.defaults.plugins.legend.labels.boxWidth = 14;

/** A phone-width page when it was opened: smaller type, and charts leave out labels that would not fit. */
const narrowScreen = window.matchMedia('(max-width: 600px)').matches;
if (narrowScreen) Chart.defaults.font.size = 10;

const palette = ['#4e79a7', '#f28e2b', '#59a14f', '#b07aa1', '#e15759', '#76b7b2', '#edc948', '#9c755f', '#ff9da7'];
const baselineColor = '#8a8f98';
const passingColor = '#2f9e5b';
const failingColor = '#d1495b';

/** The colour at this index, the list starting over when it runs out. */
function cycledColor(colors: readonly string[], index: number): string {
  return colors[index % colors.length] as string;
}

/** One colour per strategy row in every chart; the baseline is grey. */
function rowColor(row: StrategyRow): string {
  if (row.baseline) return baselineColor;
  const fair = data.rows.filter(function (other) { return !other.baseline; });
  return cycledColor(palette, fair.indexOf(row));
}

/** A row's label as lines: its name, then what it is (baseline, oracle, simulated in a mixed run). */
function rowLabelLines(row: StrategyRow): string[] {
  const lines = [row.label];
  if (row.baseline) lines.push('(baseline)');
  if (row.oracle) lines.push('(oracle: upper bound)');
  if (row.simulated && data.rows.some(function (other) { return !other.simulated; })) lines.push('SIMULATED');
  return lines;
}

/** The one-line label legends, tooltips and filters show for a row. */
function rowLabel(row: StrategyRow): string {
  return rowLabelLines(row).join(' ');
}

/** What a stop reason means, as the glossary says (page data `stopReasons`). */
function stopReasonMeaning(reason: string): string {
  const stop = data.stopReasons.find(function (candidate) { return candidate.reason === reason; });
  return stop ? stop.meaning : '';
}

/** A row graded by hidden tests: it has a pass@1. */
type GradedRow = StrategyRow & { passAt1: CountedRate };

function isGraded(row: StrategyRow): row is GradedRow {
  return row.passAt1 !== undefined;
}

function withAlpha(hex: string, alpha: number): string {
  const value = parseInt(hex.slice(1), 16);
  return 'rgba(' + (value >> 16) + ',' + ((value >> 8) & 255) + ',' + (value & 255) + ',' + alpha + ')';
}

function percentText(value: number | null | undefined): string {
  return value === undefined || value === null ? 'n/a' : (value * 100).toFixed(1) + '%';
}

/** A tick label on a rate axis (a linear axis: its tick values are numbers). */
function percentTick(value: number | string): string {
  return percentText(Number(value));
}

function signedText(value: number, digits: number): string {
  const text = value.toFixed(digits);
  return Number(text) > 0 ? '+' + text : text.replace(/^-(0\.0*)$/, '$1');
}

function intervalText(interval: IntervalValue, format: (value: number) => string): string {
  return format(interval.value) + ' [' + format(interval.low) + ', ' + format(interval.high) + ']';
}

/** Axis bounds that keep every whisker, and zero, in view (Chart.js fits only the data values). */
function intervalRange(datasets: readonly { intervals: readonly (Whisker | null)[] }[]): { suggestedMin: number; suggestedMax: number } {
  const ends = [0];
  datasets.forEach(function (dataset) {
    dataset.intervals.forEach(function (interval) { if (interval) ends.push(interval.low, interval.high); });
  });
  const pad = (Math.max.apply(null, ends) - Math.min.apply(null, ends)) * 0.05;
  return { suggestedMin: Math.min.apply(null, ends) - pad, suggestedMax: Math.max.apply(null, ends) + pad };
}

/** A chart on the canvas with this id; none when the page left the chart out (no data for it). */
function drawChart<TType extends ChartType, TData, TLabel>(id: string, config: ChartConfiguration<TType, TData, TLabel>): void {
  const canvas = document.getElementById(id);
  if (canvas instanceof HTMLCanvasElement) new Chart(canvas, config);
}

/** One horizontal bar per strategy row, its datasets stacked along x; 'unit' (optional) follows each tooltip value. */
function drawStackedRows(
  id: string,
  rows: readonly StrategyRow[],
  datasets: ChartDataset<'bar', (number | undefined)[]>[],
  texts: { title: string; axis: string; unit?: string; explain?: (label: string) => string },
): void {
  const unit = texts.unit;
  const explain = texts.explain;
  // A tooltip is shown only for a drawn bar, so its value is not a gap (null).
  const tooltip = {
    callbacks: Object.assign(
      {},
      unit === undefined ? {} : { label: function (item: TooltipItem<'bar'>) { return item.dataset.label + ': ' + Math.round(item.parsed.x as number) + unit; } },
      explain === undefined ? {} : { afterLabel: function (item: TooltipItem<'bar'>) { return explain(item.dataset.label || ''); } },
    ),
  };
  drawChart(id, {
    type: 'bar',
    data: { labels: rows.map(rowLabelLines), datasets: datasets },
    options: {
      indexAxis: 'y',
      scales: {
        x: { stacked: true, title: { display: true, text: texts.axis } },
        y: { stacked: true },
      },
      plugins: {
        title: { display: true, text: texts.title },
        legend: { position: 'bottom' },
        tooltip: tooltip,
      },
    },
  });
}

/**
 * Datasets with an 'intervals' array ({ low, high } or null per point) get whiskers along
 * 'intervalAxis' ('x' or 'y'); with 'valueLabels' each point's text is written past its whisker.
 */
const intervalWhiskers: ChartPlugin = {
  id: 'intervalWhiskers',
  afterDatasetsDraw: function (chart) {
    const ctx = chart.ctx;
    chart.data.datasets.forEach(function (dataset, datasetIndex) {
      const horizontal = dataset.intervalAxis === 'x';
      const scale = chart.scales[horizontal ? 'x' : 'y'];
      const intervals = dataset.intervals;
      if (!intervals || !scale || !chart.isDatasetVisible(datasetIndex)) return;
      ctx.save();
      ctx.strokeStyle = '#111827';
      ctx.fillStyle = '#111827';
      ctx.lineWidth = 1.5;
      ctx.font = '11px ' + Chart.defaults.font.family;
      chart.getDatasetMeta(datasetIndex).data.forEach(function (element, index) {
        const interval = intervals[index];
        if (!interval) return;
        const low = scale.getPixelForValue(interval.low);
        const high = scale.getPixelForValue(interval.high);
        const centre = horizontal ? element.y : element.x;
        const cap = 4;
        ctx.beginPath();
        if (horizontal) {
          ctx.moveTo(low, centre); ctx.lineTo(high, centre);
          ctx.moveTo(low, centre - cap); ctx.lineTo(low, centre + cap);
          ctx.moveTo(high, centre - cap); ctx.lineTo(high, centre + cap);
        } else {
          ctx.moveTo(centre, low); ctx.lineTo(centre, high);
          ctx.moveTo(centre - cap, low); ctx.lineTo(centre + cap, low);
          ctx.moveTo(centre - cap, high); ctx.lineTo(centre + cap, high);
        }
        ctx.stroke();
        const label = dataset.valueLabels && dataset.valueLabels[index];
        if (label && horizontal) {
          ctx.textBaseline = 'middle';
          ctx.fillText(label, Math.max(low, high) + 6, centre);
        }
      });
      ctx.restore();
    });
  },
};

/**
 * options.plugins.referenceLines: { lines: [{ axis: 'x' | 'y', value, label?, color }] } draws a
 * dashed line across the chart at a value; 'between' (a category index) draws it between that
 * category and the one before instead.
 */
const referenceLines: ChartPlugin<ReferenceLinesOptions> = {
  id: 'referenceLines',
  afterDatasetsDraw: function (chart, _args, options) {
    if (!options || !options.lines) return;
    const ctx = chart.ctx;
    const area = chart.chartArea;
    options.lines.forEach(function (line) {
      const scale = chart.scales[line.axis];
      if (!scale) return;
      const position = line.between === undefined
        ? scale.getPixelForValue(line.value)
        : (scale.getPixelForValue(line.between - 1) + scale.getPixelForValue(line.between)) / 2;
      ctx.save();
      ctx.strokeStyle = line.color || '#374151';
      ctx.fillStyle = line.color || '#374151';
      ctx.setLineDash([5, 4]);
      ctx.lineWidth = 1.25;
      ctx.beginPath();
      if (line.axis === 'x') { ctx.moveTo(position, area.top); ctx.lineTo(position, area.bottom); }
      else { ctx.moveTo(area.left, position); ctx.lineTo(area.right, position); }
      ctx.stroke();
      if (line.label) {
        // A value line is labelled at its top; a divider between categories in the right margin, clear of the bars.
        ctx.font = 'italic 11px ' + Chart.defaults.font.family;
        ctx.textBaseline = line.axis === 'x' ? 'bottom' : 'middle';
        if (line.axis === 'x') ctx.fillText(line.label, position + 4, area.top + 12);
        else ctx.fillText(line.label, area.right + 6, position);
      }
      ctx.restore();
    });
  },
};

Chart.register(intervalWhiskers, referenceLines);
