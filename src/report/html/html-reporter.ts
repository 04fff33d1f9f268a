import type { Reporter } from '../types.js';
import { pageData } from './page-data.js';
import { pageShell } from './page-shell.js';

/** The page a run ends by pointing at, and `bench view` opens. */
export const htmlReportFileName = 'report.html';

/** report.html: the run as charts and a trial browser in one self-contained file; reads ReportInput only. */
export const htmlReporter: Reporter = {
  name: 'html',
  render(input) {
    return [{ fileName: htmlReportFileName, content: pageShell(input, pageData(input)) }];
  },
};
