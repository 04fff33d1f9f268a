import type { Reporter } from '../types.js';
import { pageData } from './page-data.js';
import { pageShell } from './page-shell.js';

/** report.html: the run as charts and a trial browser in one self-contained file; reads ReportInput only. */
export const htmlReporter: Reporter = {
  name: 'html',
  render(input) {
    return [{ fileName: 'report.html', content: pageShell(input, pageData(input)) }];
  },
};
