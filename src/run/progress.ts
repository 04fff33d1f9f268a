import { MultiBar } from 'cli-progress';

export interface Progress {
  tick(passed: boolean | null): void;
  stop(): void;
}

/**
 * A run's messages and its progress, on one stream. On a terminal the bar is redrawn in place, so a message written
 * past it would be overdrawn (the Ctrl-C notice was, by the table's title): while a bar is drawn, messages go above
 * it, through cli-progress's log. Elsewhere (logs, CI) a plain line every ~5% instead of a bar.
 */
export class RunConsole {
  #bar: MultiBar | undefined;

  constructor(private readonly stream: NodeJS.WriteStream = process.stderr) {}

  readonly log = (line: string): void => {
    if (!this.#bar) {
      this.stream.write(`${line}\n`);
      return;
    }
    this.#bar.log(`${line}\n`);
    this.#bar.update(); // now, not at the next redraw: a quit may come first
  };

  /** Leaves the terminal as it was (the cursor shown again) before a quit that does not wait for the bar's own stop. */
  end(): void {
    this.#bar?.stop();
    this.#bar = undefined;
  }

  progress(total: number, done: number): Progress {
    let finished = done;
    let passed = 0;
    if (this.stream.isTTY) {
      const bars = new MultiBar({ format: 'trials {bar} {value}/{total} | passed {passed} | ETA {eta_formatted}', stream: this.stream, hideCursor: true });
      const bar = bars.create(total, done, { passed });
      this.#bar = bars;
      return {
        tick(result) {
          if (result) passed++;
          bar.increment(1, { passed });
        },
        stop: () => this.end(),
      };
    }
    const every = Math.max(1, Math.floor(total / 20));
    const stream = this.stream;
    return {
      tick(result) {
        finished++;
        if (result) passed++;
        if (finished % every === 0 || finished === total) stream.write(`trials ${finished}/${total}, passed ${passed} in this session\n`);
      },
      stop() {},
    };
  }
}
