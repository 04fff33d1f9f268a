/**
 * What the browser scripts share with the rest of the page: the page data (page-shell.ts parses it
 * in the function it wraps the scripts in), Chart.js's global and the types the scripts name, and
 * the dataset and plugin options of the page's own Chart.js plugins (chart-setup.ts). The scripts
 * import nothing: page-shell.ts joins them into one function, where their top-level names are shared.
 */
import type * as ChartJs from 'chart.js';
import type * as View from '../page-types.js';

declare global {
  const data: View.PageData;
  const Chart: typeof ChartJs.Chart;

  type AttemptView = View.AttemptView;
  type CountedRate = View.CountedRate;
  type FrontierView = View.FrontierView;
  type IntervalValue = View.IntervalValue;
  type RocCurve = View.RocCurve;
  type ScoreDistribution = View.ScoreDistribution;
  type StrategyRow = View.StrategyRow;
  type TestSummary = View.TestSummary;
  type TrialView = View.TrialView;
  type VerdictView = View.VerdictView;

  type ChartConfiguration<TType extends ChartType, TData, TLabel> = ChartJs.ChartConfiguration<TType, TData, TLabel>;
  type ChartDataset<TType extends ChartType, TData> = ChartJs.ChartDataset<TType, TData>;
  /** Not Plugin: the DOM has a Plugin of its own. */
  type ChartPlugin<TOptions = Record<string, unknown>> = ChartJs.Plugin<ChartType, TOptions>;
  type ChartType = ChartJs.ChartType;
  type TooltipItem<TType extends ChartType> = ChartJs.TooltipItem<TType>;

  /** A 95% interval drawn as a whisker. */
  interface Whisker {
    low: number;
    high: number;
  }

  /** A dashed line at a value on an axis, or between category `between` and the one before. */
  type ReferenceLine = { axis: 'x' | 'y'; label?: string; color?: string } & ({ value: number; between?: undefined } | { between: number; value?: undefined });

  interface ReferenceLinesOptions {
    lines?: ReferenceLine[];
  }
}

declare module 'chart.js' {
  interface ChartDatasetProperties<TType extends ChartType, TData> {
    /** Per point, its interval (null for none), drawn as a whisker along `intervalAxis`. */
    intervals?: (Whisker | null)[];
    intervalAxis?: 'x' | 'y';
    /** Per point, text written past its whisker (horizontal whiskers only). */
    valueLabels?: string[];
    /** A judge's operating point on the ROC chart: a marker, left out of the legend. */
    operatingPoint?: boolean;
  }

  interface PluginOptionsByType<TType extends ChartType> {
    referenceLines: ReferenceLinesOptions;
  }
}
