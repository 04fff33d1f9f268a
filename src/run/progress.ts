import { SingleBar } from 'cli-progress';

export interface Progress {
  tick(passed: boolean | null): void;
  stop(): void;
}

/** A bar with ETA on a terminal; a plain line every ~5% otherwise (logs, CI). */
export function createProgress(total: number, done: number, stream: NodeJS.WriteStream = process.stderr): Progress {
  let finished = done;
  let passed = 0;
  if (stream.isTTY) {
    const bar = new SingleBar({
      format: 'trials {bar} {value}/{total} | passed {passed} | ETA {eta_formatted}',
      stream,
      hideCursor: true,
    });
    bar.start(total, done, { passed });
    return {
      tick(result) {
        if (result) passed++;
        bar.increment(1, { passed });
      },
      stop: () => bar.stop(),
    };
  }
  const every = Math.max(1, Math.floor(total / 20));
  return {
    tick(result) {
      finished++;
      if (result) passed++;
      if (finished % every === 0 || finished === total) stream.write(`trials ${finished}/${total}, passed ${passed} in this session\n`);
    },
    stop() {},
  };
}
