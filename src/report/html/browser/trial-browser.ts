/**
 * The trial browser: filter by task, strategy and result, one page of trials at a time, and a
 * trial's attempts built only when it is opened, so thousands of trials stay responsive. Model
 * text is untrusted: it only ever enters the page as textContent, never as markup.
 */
const trialsPerPage = 25;

/** An element with a class and text; text is set as textContent, so it is never parsed as HTML. */
function element<K extends keyof HTMLElementTagNameMap>(tag: K, className?: string | null, text?: string | null): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined && text !== null) node.textContent = text;
  return node;
}

/** An element with a hover: the glossary's definition of what it names (page data `hovers`, `stopReasons`). */
function hovered<T extends HTMLElement>(node: T, title: string): T {
  node.title = title;
  node.classList.add('hover');
  return node;
}

function append<T extends Node>(parent: T, children: readonly (Node | null)[]): T {
  children.forEach(function (child) { if (child) parent.appendChild(child); });
  return parent;
}

function resultOf(trial: TrialView): 'passed' | 'failed' | 'ungraded' {
  return trial.passed === true ? 'passed' : trial.passed === false ? 'failed' : 'ungraded';
}

function resultBadge(passed: boolean | null, passText?: string, failText?: string): HTMLElement {
  if (passed === true) return element('span', 'badge pass', passText || 'PASS');
  if (passed === false) return element('span', 'badge fail', failText || 'FAIL');
  return element('span', 'badge none', 'not graded');
}

function scoreText(score: number | undefined): string {
  return score === undefined ? 'no score' : score + '/10';
}

function listBlock(title: string, items: readonly string[]): HTMLElement | null {
  if (!items || items.length === 0) return null;
  const list = element('ul');
  items.forEach(function (item) { list.appendChild(element('li', null, item)); });
  return append(element('div', 'block'), [element('div', 'block-title', title), list]);
}

function verdictBlock(title: string, verdict: VerdictView): HTMLElement {
  const criteria = Object.keys(verdict.criteria).map(function (name) { return name + ' ' + verdict.criteria[name]; }).join(' · ');
  const heading = element('div', 'block-title', title + ' by ' + verdict.judge + ': ' + scoreText(verdict.score));
  if (verdict.parse !== 'json') heading.appendChild(hovered(element('span', null, ' (reply ' + verdict.parse + ')'), data.hovers.reply[verdict.parse]));
  return append(element('div', 'verdict'), [
    heading,
    criteria ? element('div', 'muted', criteria) : null,
    verdict.assessment ? element('p', 'assessment', verdict.assessment) : null,
    listBlock('Issues', verdict.issues),
    listBlock('Suggestions', verdict.suggestions),
  ]);
}

function testsBlock(title: string, run: TestSummary): HTMLElement {
  const failed = run.failures.length;
  const block = append(element('div', 'block'), [
    append(element('div', 'block-title', title + ': '), [resultBadge(run.passed, run.status, run.status), element('span', 'muted', ' ' + (run.total - failed) + ' of ' + run.total + ' passed')]),
  ]);
  run.failures.forEach(function (failure) {
    block.appendChild(element('div', 'test-name', failure.name));
    if (failure.code) block.appendChild(element('pre', 'code', failure.code));
    if (failure.error) block.appendChild(element('pre', 'test-error', failure.error));
  });
  return block;
}

/** The prompt an attempt was written from, folded: the conversation as the model received it. */
function promptBlock(prompt: readonly number[]): HTMLElement {
  const box = append(element('details', 'block prompt'), [element('summary', 'block-title', 'Prompt sent (' + prompt.length + (prompt.length === 1 ? ' message)' : ' messages)'))]);
  prompt.forEach(function (index) {
    const message = data.messages[index];
    if (message) append(box, [element('div', 'message-role', message.role), element('pre', 'message', message.content)]);
  });
  return box;
}

/** What an attempt did on each input, as a list: nothing was expected, so nothing passes or fails. */
function behaviourBlock(behaviour: NonNullable<AttemptView['behaviour']>): HTMLElement {
  const list = element('ul');
  behaviour.calls.forEach(function (call) { list.appendChild(element('li', null, call.call + ' → ' + call.shown)); });
  return append(element('div', 'block behaviour'), [
    element('div', 'block-title', 'What it did on the inputs of the ' + behaviour.source + ' (their expected values ignored)' + (behaviour.status === 'passed' || behaviour.status === 'failed' ? '' : ': ' + behaviour.status)),
    list,
  ]);
}

function attemptElement(trial: TrialView, attempt: AttemptView, index: number): HTMLElement {
  const final = index === trial.finalIndex;
  const box = element('div', final ? 'attempt final' : 'attempt');
  const heading = append(element('div', 'attempt-heading'), [element('strong', null, 'Attempt ' + attempt.iteration + (final ? ' · submitted answer' : ''))]);
  if (attempt.grade) heading.appendChild(resultBadge(attempt.grade.passed, 'hidden tests pass', 'hidden tests fail'));
  box.appendChild(heading);
  if (attempt.prompt) box.appendChild(promptBlock(attempt.prompt));
  if (attempt.code !== null) box.appendChild(element('pre', 'code', attempt.code));
  else {
    box.appendChild(element('div', 'warning', 'No code found in the reply' + (attempt.extractionError ? ': ' + attempt.extractionError : '')));
    box.appendChild(element('pre', 'code raw', attempt.raw));
  }
  if (attempt.feedback) box.appendChild(testsBlock('Feedback tests (' + attempt.feedback.source + ')', attempt.feedback));
  if (attempt.behaviour) box.appendChild(behaviourBlock(attempt.behaviour));
  if (attempt.grade) box.appendChild(testsBlock('Hidden tests (grading only, never shown to the strategy)', attempt.grade));
  if (attempt.verdict) box.appendChild(verdictBlock('Loop verdict', attempt.verdict));
  if (attempt.comment) {
    box.appendChild(append(element('div', 'block'), [element('div', 'block-title', attempt.comment.title), element('p', 'comment', attempt.comment.text)]));
  }
  return box;
}

function panelElement(trial: TrialView): HTMLElement | null {
  if (trial.panel.length === 0) return null;
  const cards = element('div', 'panel-verdicts');
  trial.panel.forEach(function (verdict) {
    const who = verdict.self ? ' (self)' : '';
    cards.appendChild(verdictBlock('Attempt ' + (verdict.attemptIndex + 1) + ', panel', Object.assign({}, verdict, { judge: verdict.judge + who })));
  });
  return append(element('div', 'panel'), [element('div', 'block-title', 'Post-hoc panel verdicts'), cards]);
}

function seconds(ms: number): string {
  return (ms / 1000).toFixed(2) + ' s';
}

/** Where the trial's time went, each part with its definition on hover. */
function timeLine(trial: TrialView): HTMLElement {
  return append(element('div', 'muted'), [
    document.createTextNode('Time: '),
    hovered(element('span', null, 'model ' + seconds(trial.time.modelMs)), data.hovers.modelTime),
    document.createTextNode(' · '),
    hovered(element('span', null, 'queue ' + seconds(trial.time.queueMs)), data.hovers.queueTime),
    document.createTextNode(' · '),
    hovered(element('span', null, 'grading ' + seconds(trial.time.gradingMs)), data.hovers.gradingTime),
  ]);
}

function trialBody(trial: TrialView): HTMLElement {
  const body = element('div', 'trial-body');
  body.appendChild(timeLine(trial));
  if (trial.error) body.appendChild(element('div', 'warning', 'Error: ' + trial.error));
  trial.notes.forEach(function (note) { body.appendChild(element('div', 'note', note)); });
  trial.attempts.forEach(function (attempt, index) { body.appendChild(attemptElement(trial, attempt, index)); });
  append(body, [panelElement(trial)]);
  return body;
}

function trialElement(trial: TrialView, showRepeat: boolean): HTMLElement {
  // A trial's row indexes data.rows (page-data.ts).
  const row = data.rows[trial.row] as StrategyRow;
  const details = element('details', 'trial');
  const summary = element('summary');
  const swatch = element('span', 'swatch');
  swatch.style.background = rowColor(row);
  const panelScores = trial.panel.map(function (verdict) { return verdict.judge + (verdict.self ? ' (self)' : '') + ' ' + scoreText(verdict.score); }).join(' · ');
  append(summary, [
    resultBadge(trial.passed),
    element('span', 'task', trial.task),
    append(element('span', 'strategy'), [swatch, document.createTextNode(rowLabel(row))]),
    showRepeat ? element('span', 'muted', 'repeat ' + trial.repeat) : null,
    append(element('span', 'muted'), [
      document.createTextNode(trial.attempts.length + (trial.attempts.length === 1 ? ' attempt' : ' attempts') + ' · stopped: '),
      hovered(element('span', null, trial.stopReason), stopReasonMeaning(trial.stopReason)),
    ]),
    panelScores ? element('span', 'muted', 'panel: ' + panelScores) : null,
  ]);
  details.appendChild(summary);
  // Built on first open: most trials are never opened.
  details.addEventListener('toggle', function () {
    if (details.open && details.childElementCount === 1) details.appendChild(trialBody(trial));
  });
  return details;
}

function addOption(select: HTMLSelectElement, value: string, text: string): void {
  const option = element('option', null, text);
  option.value = value;
  select.appendChild(option);
}

/** An element the trials section (sections.ts) always has with the trial list, as the kind it is there. */
function sectionElement<T extends HTMLElement>(id: string, kind: new () => T): T {
  const found = document.getElementById(id);
  if (!(found instanceof kind)) throw new Error('report page: no ' + kind.name + ' #' + id);
  return found;
}

function setUpTrialBrowser() {
  const list = document.getElementById('trial-list');
  if (!list) return;
  const taskFilter = sectionElement('filter-task', HTMLSelectElement);
  const strategyFilter = sectionElement('filter-strategy', HTMLSelectElement);
  const resultFilter = sectionElement('filter-result', HTMLSelectElement);
  const count = sectionElement('trial-count', HTMLSpanElement);
  const pageInfo = sectionElement('page-info', HTMLSpanElement);
  const previous = sectionElement('page-previous', HTMLButtonElement);
  const next = sectionElement('page-next', HTMLButtonElement);
  const firstRepeat = data.trials[0]?.repeat;
  const showRepeat = data.trials.some(function (trial) { return trial.repeat !== firstRepeat; });
  data.tasks.forEach(function (task) { addOption(taskFilter, task, task); });
  data.rows.forEach(function (row) { addOption(strategyFilter, String(row.index), rowLabel(row)); });
  let matching: TrialView[] = [];
  let page = 0;

  const render = function () {
    const pages = Math.max(1, Math.ceil(matching.length / trialsPerPage));
    const shown = matching.slice(page * trialsPerPage, (page + 1) * trialsPerPage);
    list.replaceChildren.apply(list, shown.map(function (trial) { return trialElement(trial, showRepeat); }));
    count.textContent = matching.length + ' of ' + data.trials.length + ' trials';
    count.dataset.matching = String(matching.length);
    pageInfo.textContent = 'page ' + (page + 1) + ' of ' + pages;
    previous.disabled = page === 0;
    next.disabled = page >= pages - 1;
  };

  const filter = function () {
    const task = taskFilter.value;
    const row = strategyFilter.value;
    const result = resultFilter.value;
    matching = data.trials.filter(function (trial) {
      return (task === '' || trial.task === task) && (row === '' || String(trial.row) === row) && (result === '' || resultOf(trial) === result);
    });
    page = 0;
    render();
  };

  [taskFilter, strategyFilter, resultFilter].forEach(function (select) { select.addEventListener('change', filter); });
  previous.addEventListener('click', function () { page -= 1; render(); });
  next.addEventListener('click', function () { page += 1; render(); });
  filter();
}
