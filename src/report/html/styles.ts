/** The page's stylesheet: cards on a light background, two charts a row at 1280 px, one on narrow screens. */
export const styles = `
:root { --ink: #1f2937; --muted: #6b7280; --line: #e5e7eb; --card: #ffffff; --page: #f3f4f6; --pass: #2f9e5b; --fail: #d1495b; }
* { box-sizing: border-box; }
body { margin: 0; background: var(--page); color: var(--ink); font: 14px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
main { max-width: 1200px; margin: 0 auto; padding: 20px 20px 48px; }
header h1 { margin: 0 0 4px; font-size: 24px; }
header .subtitle { margin: 0 0 12px; color: var(--muted); }
nav { display: flex; flex-wrap: wrap; gap: 6px 16px; margin: 8px 0 0; }
nav a { color: #1d4ed8; text-decoration: none; }
nav a:hover { text-decoration: underline; }
.banner { margin: 12px 0; padding: 10px 14px; border-radius: 6px; background: #fff7ed; border: 2px solid #ea580c; color: #7c2d12; font-weight: 600; }
.banner.grading { background: #fefce8; border-color: #ca8a04; color: #713f12; }
section h3 { margin: 16px 0 4px; font-size: 15px; }
section { background: var(--card); border: 1px solid var(--line); border-radius: 8px; padding: 16px 20px; margin: 16px 0; }
section h2 { margin: 0 0 4px; font-size: 19px; }
section .lead { margin: 0 0 12px; color: var(--muted); max-width: 900px; }
.grid { display: grid; grid-template-columns: repeat(2, minmax(0, 1fr)); gap: 20px; }
.span-all { grid-column: 1 / -1; }
@media (max-width: 900px) { .grid { grid-template-columns: 1fr; } }
.chart { position: relative; height: 330px; }
.empty { padding: 16px; border: 1px dashed var(--line); border-radius: 6px; color: var(--muted); }
table { border-collapse: collapse; width: 100%; margin-top: 12px; font-size: 13px; }
th, td { text-align: left; padding: 5px 8px; border-bottom: 1px solid var(--line); vertical-align: top; }
th { color: var(--muted); font-weight: 600; }
td.number, th.number { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.table-wrap { overflow-x: auto; }
table.headline { font-size: 12px; }
table.headline td:first-child { white-space: nowrap; }
.grid.calibration { grid-template-columns: minmax(0, 5fr) minmax(0, 6fr); }
tr.oracle td { background: #fff7ed; }
tr.divider td { background: #fff7ed; color: #9a3412; font-style: italic; }
.tag { display: inline-block; margin-left: 6px; padding: 0 6px; border-radius: 4px; font-size: 11px; font-weight: 600; background: #e5e7eb; }
.tag.oracle { background: #fed7aa; color: #7c2d12; }
.tag.simulated { background: #fde68a; color: #78350f; }
.swatch { display: inline-block; width: 10px; height: 10px; border-radius: 2px; margin-right: 6px; vertical-align: baseline; }
.filters { display: flex; flex-wrap: wrap; gap: 12px; align-items: center; margin-bottom: 10px; }
.filters label { display: flex; gap: 6px; align-items: center; color: var(--muted); }
.filters select { font: inherit; padding: 3px 6px; max-width: 260px; }
#trial-count { font-weight: 600; }
.pager { display: flex; gap: 12px; align-items: center; margin-top: 10px; }
.pager button { font: inherit; padding: 3px 10px; }
details.trial { border: 1px solid var(--line); border-radius: 6px; margin: 4px 0; background: #fafafa; }
details.trial[open] { background: var(--card); }
details.trial summary { cursor: pointer; padding: 6px 10px; display: flex; flex-wrap: wrap; gap: 4px 12px; align-items: center; }
/* Fixed widths keep task and strategy in columns down the list. */
.task { font-family: ui-monospace, SFMono-Regular, Menlo, monospace; font-weight: 600; min-width: 150px; }
details.trial summary .strategy { min-width: 210px; }
.muted { color: var(--muted); }
.badge { display: inline-block; padding: 0 7px; border-radius: 10px; font-size: 12px; font-weight: 600; color: #fff; }
.badge.pass { background: var(--pass); }
.badge.fail { background: var(--fail); }
.badge.none { background: #9ca3af; }
.trial-body { padding: 4px 12px 12px; }
.attempt { border-left: 3px solid var(--line); padding: 4px 0 4px 12px; margin: 10px 0; }
.attempt.final { border-left-color: #4e79a7; }
.attempt-heading { display: flex; gap: 10px; align-items: center; }
pre { margin: 6px 0; padding: 8px 10px; background: #f8fafc; border: 1px solid var(--line); border-radius: 4px; overflow-x: auto; font: 12px/1.45 ui-monospace, SFMono-Regular, Menlo, monospace; white-space: pre; }
pre.test-error { background: #fef2f2; border-color: #fecaca; white-space: pre-wrap; }
.block, .verdict, .panel { margin: 8px 0; }
.panel-verdicts { display: grid; grid-template-columns: repeat(auto-fit, minmax(320px, 1fr)); gap: 10px; }
.panel-verdicts .verdict { margin: 0; padding: 8px 10px; border: 1px solid var(--line); border-radius: 6px; }
.caption { color: var(--muted); font-size: 13px; }
.block-title { font-weight: 600; }
.block ul { margin: 2px 0; padding-left: 20px; }
.assessment, .reflection { margin: 4px 0; white-space: pre-wrap; }
.test-name { font-family: ui-monospace, SFMono-Regular, Menlo, monospace; margin-top: 6px; }
.warning { color: #9a3412; font-weight: 600; }
.note { color: #92400e; background: #fffbeb; padding: 2px 6px; border-radius: 4px; margin: 4px 0; }
`;
