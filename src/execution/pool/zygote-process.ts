import { spawn, type ChildProcess } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Socket } from 'node:net';
import { scrubbedEnvironment, type AttemptLaunch, type AttemptSite } from '../process/attempt.js';
import type { Backend } from '../sandbox/backend.js';
import { killProcessTree } from '../process/process-tree.js';
import type { PythonInstallation } from '../sandbox/python-interpreter.js';
import { RunWatch, type HarnessRun, type OutputChannel } from '../process/run-watch.js';
import { StreamCapture } from '../process/stream-capture.js';
import { siteLandlock, TMPFS_OPTIONS } from '../sandbox/file-system-view.js';
import type { LandlockRules } from '../types.js';
import { createWorkerDir, removeWorkerDir, WORKER_BYTECODE_FILE } from './worker-dirs.js';
import { ZygoteBytecode } from './zygote-bytecode.js';
import { userCacheDir } from '../../platform/cache-dir.js';
import { FRAME_HEADER_BYTES, FRAME_KINDS, WARM_MODULES, ZYGOTE_SCRIPT, type ZygoteConfig } from './zygote.js';
import { needsProgramServer, pythonArguments } from '../harness/harness.js';

/** How long a zygote may take to start (bwrap, the interpreter, the warm imports). */
const START_TIMEOUT_MS = 15_000;
/** After a kill request, how long the zygote has to end the attempt before it is killed itself. */
const KILL_GRACE_MS = 3_000;
/** The zygote's own stderr kept for error messages. */
const ZYGOTE_STDERR_BYTES = 4096;

const OUTPUT_CHANNELS: Record<string, OutputChannel> = {
  [FRAME_KINDS.stdout]: 'stdout',
  [FRAME_KINDS.stderr]: 'stderr',
  [FRAME_KINDS.results]: 'results',
};

export interface ZygoteSetup {
  backend: Backend;
  installation: PythonInstallation;
  /** User code leaves root for a user of its own (privileges.ts); otherwise each attempt's namespaces need a user namespace of their own. */
  dropsPrivileges: boolean;
}

interface Attempt {
  id: number;
  watch: RunWatch;
  resolve: (run: HarnessRun) => void;
  killTimer?: NodeJS.Timeout;
}

/**
 * One pool worker: a long-lived Python zygote (zygote.ts) in its own instance of the back-end's sandbox, with
 * its own directory for its attempts' work directories. Runs one attempt at a time. Its handles do not keep
 * selfbench alive; an attempt's timer does while it runs.
 */
export class Zygote {
  private readonly zygoteStderr = new StreamCapture(ZYGOTE_STDERR_BYTES);
  private pending: Buffer = Buffer.alloc(0);
  private attempt: Attempt | undefined;
  private nextId = 1;
  private exited = false;
  private readonly exit: Promise<void>;
  private onReady: (() => void) | undefined;

  private constructor(
    private readonly child: ChildProcess,
    /** Killing `child` ends everything below it (backend.ts, LaunchCommand). */
    private readonly endsItsTree: boolean,
    private readonly dir: string,
    private readonly dropsPrivileges: boolean,
    private readonly landlock: ((workDir: string) => LandlockRules) | undefined,
  ) {
    // 'close', not 'exit': every frame it wrote has been read by then.
    this.exit = new Promise((resolve) => {
      child.once('close', resolve);
      child.once('error', (error) => {
        if (child.pid !== undefined) return; // only a failed spawn matters: it never started
        this.zygoteStderr.add(Buffer.from(error.message));
        resolve();
      });
    });
    void this.exit.then(() => this.died());
    child.stdout?.on('data', (chunk: Buffer) => this.receive(chunk));
    child.stderr?.on('data', (chunk: Buffer) => this.zygoteStderr.add(chunk));
    child.stdin?.on('error', () => {}); // EPIPE once it has died; the exit reports that
    this.holdProcessOpen(false);
  }

  /** Starts a zygote and resolves once it is ready for attempts. */
  static async start({ backend, installation, dropsPrivileges }: ZygoteSetup): Promise<Zygote> {
    const isolation = backend.attemptIsolation;
    const dir = createWorkerDir({ inMemory: isolation.namespaces });
    const config: ZygoteConfig = {
      namespaces: isolation.namespaces,
      ownUserNamespace: !dropsPrivileges,
      freshDirs: isolation.freshDirs(dir),
      tmpfsOptions: TMPFS_OPTIONS,
      keptPaths: [installation.executable, ...installation.dirs],
      readOnlyDirs: isolation.readOnlyDirs,
      warmModules: WARM_MODULES,
    };
    const bytecode = new ZygoteBytecode(join(userCacheDir(), 'bytecode'), ZYGOTE_SCRIPT, installation);
    const kept = bytecode.read();
    const bytecodeFile = join(dir, WORKER_BYTECODE_FILE);
    if (kept !== undefined) writeFileSync(bytecodeFile, kept);
    const script = kept === undefined ? ZYGOTE_SCRIPT : { bytecodeFile };
    const command = backend.wrap(
      { file: installation.executable, args: pythonArguments(script, installation.sitePackages, JSON.stringify(config)) },
      { workDir: dir, interpreter: installation.executable, interpreterDirs: installation.dirs, dropsPrivileges },
    );
    const child = spawn(command.file, command.args, {
      cwd: dir,
      env: scrubbedEnvironment(dir),
      detached: true, // own process group, away from the terminal's signals
      stdio: ['pipe', 'pipe', 'pipe'],
      windowsHide: true,
    });
    const zygote = new Zygote(child, command.endsItsTree === true, dir, dropsPrivileges, siteLandlock(backend, installation));
    try {
      // With the first worker of a new script or interpreter, until its bytecode is kept: no compiler outlives the command.
      await Promise.all([zygote.ready(command.file), bytecode.compiled()]);
    } catch (error) {
      await zygote.close();
      throw error;
    } finally {
      rmSync(bytecodeFile, { force: true }); // loaded once ready; the worker directory must empty out
    }
    return zygote;
  }

  get alive(): boolean {
    return !this.exited;
  }

  /** Where attempts of this zygote run (see attempt.ts). */
  get site(): AttemptSite {
    return {
      parentDir: this.dir,
      dropsPrivileges: this.dropsPrivileges,
      ...(this.landlock === undefined ? {} : { landlock: this.landlock }),
      launch: (attempt, signal) => this.run(attempt, signal),
    };
  }

  /**
   * Ends it (and whatever attempt it runs, which reports that the worker died) and removes its directory. Idle,
   * it exits by itself once its stdin closes (zygote.py), with no search of the process table; it is killed if
   * it has not within the grace a kill request gets.
   */
  async close(): Promise<void> {
    this.holdProcessOpen(true); // until it has gone
    if (this.attempt === undefined) this.child.stdin?.end();
    else this.kill();
    const killTimer = setTimeout(() => this.kill(), KILL_GRACE_MS);
    await this.exit;
    clearTimeout(killTimer);
    await removeWorkerDir(this.dir);
  }

  private run({ workDir, env, nonce, job, limits }: AttemptLaunch, signal: AbortSignal | undefined): Promise<HarnessRun> {
    const id = this.nextId++;
    const watch = new RunWatch(limits, signal, () => this.stop(id));
    return new Promise((resolve) => {
      this.attempt = { id, watch, resolve };
      if (this.exited) this.finish(`the pool worker had died (${this.describeDeath()})`);
      else {
        // The job after the command, for the attempt to read itself (zygote.py): the zygote never holds it, nor its length.
        const attempt = framed(Buffer.from(JSON.stringify({ id, workDir, env, programServer: needsProgramServer(job) })));
        this.child.stdin?.write(Buffer.concat([attempt, framed(Buffer.from(`${nonce}\n${JSON.stringify(job)}\n`))]));
      }
    });
  }

  private ready(file: string): Promise<void> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.kill();
        reject(new Error(`the pool worker did not start within ${START_TIMEOUT_MS} ms`));
      }, START_TIMEOUT_MS);
      this.onReady = () => {
        clearTimeout(timer);
        resolve();
      };
      void this.exit.then(() => {
        clearTimeout(timer);
        reject(new Error(`the pool worker (${file}) did not start: ${this.describeDeath()}`));
      });
    });
  }

  /** Asks the zygote to end attempt `id`; kills the zygote if it does not. */
  private stop(id: number): void {
    const attempt = this.attempt;
    if (attempt?.id !== id || attempt.killTimer !== undefined) return;
    this.child.stdin?.write(framed(Buffer.from(JSON.stringify({ kill: id }))));
    attempt.killTimer = setTimeout(() => this.kill(), KILL_GRACE_MS);
  }

  /** Whether its process and pipes keep selfbench running (only while closing; attempts have their timers). */
  private holdProcessOpen(hold: boolean): void {
    for (const handle of [this.child, ...(this.child.stdio ?? [])] as (Pick<Socket, 'ref' | 'unref'> | null)[]) {
      if (hold) handle?.ref();
      else handle?.unref();
    }
  }

  private kill(): void {
    // Not once it has been reaped ('exit' comes before 'close'): its pid may be another process's by then.
    const reaped = this.child.exitCode !== null || this.child.signalCode !== null;
    if (this.exited || reaped || this.child.pid === undefined) return;
    void killProcessTree(this.child.pid, { rootFirst: this.endsItsTree });
  }

  private receive(chunk: Buffer): void {
    this.pending = this.pending.length === 0 ? chunk : Buffer.concat([this.pending, chunk]);
    while (this.pending.length >= FRAME_HEADER_BYTES) {
      const end = FRAME_HEADER_BYTES + this.pending.readUInt32BE(1);
      if (this.pending.length < end) break;
      const kind = String.fromCharCode(this.pending[0] as number);
      this.frame(kind, this.pending.subarray(FRAME_HEADER_BYTES, end));
      this.pending = this.pending.subarray(end);
    }
  }

  private frame(kind: string, payload: Buffer): void {
    const channel = OUTPUT_CHANNELS[kind];
    if (channel !== undefined) this.attempt?.watch.add(channel, payload);
    else if (kind === FRAME_KINDS.ready) this.onReady?.();
    else if (kind === FRAME_KINDS.done) {
      const { setupFailed } = JSON.parse(payload.toString('utf8')) as { setupFailed: boolean };
      this.finish(setupFailed ? `the pool worker could not set up the attempt (${lastLine(this.attempt?.watch.run.stderr.text())})` : undefined);
    }
  }

  /** Its process is gone: an attempt it was running did not end by itself, unless it had been asked to stop. */
  private died(): void {
    this.exited = true;
    if (this.attempt === undefined) return;
    const stopped = this.attempt.killTimer !== undefined;
    this.finish(stopped ? undefined : `the pool worker died during the attempt (${this.describeDeath()})`);
  }

  private finish(infraError: string | undefined): void {
    const attempt = this.attempt;
    if (attempt === undefined) return;
    this.attempt = undefined;
    clearTimeout(attempt.killTimer);
    const run = attempt.watch.end();
    if (infraError !== undefined) run.infraError = infraError;
    attempt.resolve(run);
  }

  private describeDeath(): string {
    const { exitCode, signalCode } = this.child;
    const how = signalCode !== null ? `killed by ${signalCode}` : `exit code ${exitCode ?? 'unknown'}`;
    return [how, lastLine(this.zygoteStderr.text())].filter(Boolean).join(': ');
  }
}

/** What a zygote reads on its stdin: a 4-byte big-endian length, then the bytes (zygote.py). */
function framed(bytes: Buffer): Buffer {
  const header = Buffer.alloc(4);
  header.writeUInt32BE(bytes.length);
  return Buffer.concat([header, bytes]);
}

/** The last line of a Python traceback says what went wrong. */
function lastLine(text: string | undefined): string {
  return text?.trim().split('\n').at(-1) ?? '';
}
