import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { basename, extname, join, resolve } from 'node:path';
import { htmlReportFileName } from '../report/html/html-reporter.js';
import { recordsFileName } from '../records/record-store.js';
import { runMetaFileName } from '../records/run-meta.js';
import { exitCodes } from './exit-codes.js';
import { commandLine } from './invocation.js';
import { runDirProblem } from '../run/run-dir.js';

export interface ViewCommandOptions {
  /** Where to look for the latest run when none is named. */
  out: string;
}

/**
 * `bench view [run-dir]`: report.html in a browser, through the platform's opener where there is a display; otherwise
 * (a server, a container, SSH) the run directory served on 127.0.0.1 until Ctrl-C. Prints the path and any address.
 */
export async function viewCommand(runDirArgument: string | undefined, options: ViewCommandOptions): Promise<number> {
  const runDir = runDirArgument ?? latestRun(options.out);
  if (runDir === undefined) {
    process.stderr.write(`no run directory under ${options.out}; name one: ${commandLine(['view', '<run-dir>'])}\n`);
    return exitCodes.usage;
  }
  const problem = runDirProblem('[run-dir]', runDir);
  if (problem !== undefined) {
    process.stderr.write(`${problem}\n`);
    return exitCodes.usage;
  }
  const page = resolve(runDir, htmlReportFileName);
  if (!isFile(page)) {
    process.stderr.write(`${runDir} has no ${htmlReportFileName}; write it with: ${commandLine(['report', runDir])}\n`);
    return exitCodes.usage;
  }
  process.stdout.write(`${page}\n`);
  if (hasDisplay(process.env, process.platform) && (await openWithPlatform(page))) return exitCodes.ok;
  await serve(resolve(runDir));
  return exitCodes.ok;
}

/** The run under `outDir` created last (run.json's `createdAt`). */
function latestRun(outDir: string): string | undefined {
  let entries: string[];
  try {
    entries = readdirSync(outDir);
  } catch {
    return undefined;
  }
  const runs = entries.map((name) => join(outDir, name)).filter((dir) => !basename(dir).startsWith('.') && runDirProblem('', dir) === undefined);
  // By when its records were last written: a resumed or merged run is as recent as its last trial, not its start.
  const writtenAt = (dir: string) => statSync(existsSync(join(dir, recordsFileName)) ? join(dir, recordsFileName) : join(dir, runMetaFileName)).mtimeMs;
  return runs.map((dir) => ({ dir, writtenAt: writtenAt(dir) })).sort((a, b) => b.writtenAt - a.writtenAt)[0]?.dir;
}

/** Linux and the BSDs need an X or Wayland display for a browser; macOS and Windows have one in a user's session. */
function hasDisplay(env: NodeJS.ProcessEnv, platform: NodeJS.Platform): boolean {
  if (platform === 'darwin' || platform === 'win32') return true;
  return Boolean(env.DISPLAY || env.WAYLAND_DISPLAY);
}

/** Hands the page to xdg-open / open / start; false when that opener is missing or fails. */
function openWithPlatform(page: string): Promise<boolean> {
  const [command, args] =
    process.platform === 'darwin' ? ['open', [page]] : process.platform === 'win32' ? ['cmd', ['/c', 'start', '""', page]] : ['xdg-open', [page]];
  return new Promise((done) => {
    const opener = spawn(command, args, { stdio: 'ignore' });
    opener.on('error', () => done(false));
    opener.on('exit', (code) => done(code === 0));
  });
}

/** The file a request names (report.html for `/`); undefined for a malformed escape (`/%`), which is a 404, not a crash. */
function decodedPath(url: string | undefined): string | undefined {
  const path = new URL(url ?? '/', 'http://localhost').pathname.slice(1);
  try {
    return decodeURIComponent(path) || htmlReportFileName;
  } catch {
    return undefined;
  }
}

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.md': 'text/markdown; charset=utf-8',
  '.csv': 'text/csv; charset=utf-8',
  '.json': 'application/json',
  '.jsonl': 'application/x-ndjson',
  '.yaml': 'text/yaml; charset=utf-8',
};

/** The run directory's own files (no subdirectory, nothing hidden) on 127.0.0.1 at a free port, until SIGINT or SIGTERM. */
async function serve(runDir: string): Promise<void> {
  const server = createServer((request, response) => {
    const name = decodedPath(request.url);
    const path = join(runDir, name ?? '');
    if (name === undefined || request.method !== 'GET' || name.includes('/') || name.includes('\\') || name.startsWith('.') || !isFile(path)) {
      response.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
      return;
    }
    response.writeHead(200, { 'content-type': contentTypes[extname(name)] ?? 'application/octet-stream' }).end(readFileSync(path));
  });
  await new Promise<void>((listening) => server.listen(0, '127.0.0.1', listening));
  const { port } = server.address() as AddressInfo;
  process.stdout.write(`no display to open a browser on: serving ${runDir} at http://127.0.0.1:${port}/${htmlReportFileName} (Ctrl-C to stop)\n`);
  await new Promise<void>((stopped) => {
    const stop = () => {
      server.close(() => stopped());
      server.closeAllConnections(); // a browser's keep-alive connection would hold the server open
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}
