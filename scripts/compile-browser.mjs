// Compiles the report page's browser scripts (src/report/html/browser/*.ts) with tsconfig.browser.json
// into dist/report/html/browser; with --noEmit it only checks them.
//
// Not `tsc -p tsconfig.browser.json`: the scripts see the page data's type through globals.d.ts, and the
// view types (page-types.ts) import Node-side files. tsc would want those under the browser rootDir, check
// them without Node's types and write them out beside their sources. They are the Node program's to check
// (tsconfig.json), so here only the browser folder's own diagnostics count, and only its scripts are emitted.
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const root = fileURLToPath(new URL('..', import.meta.url));
const folder = join(root, 'src', 'report', 'html', 'browser') + sep;
const host = {
  ...ts.sys,
  onUnRecoverableConfigFileDiagnostic(diagnostic) {
    throw new Error(ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'));
  },
};
const config = ts.getParsedCommandLineOfConfigFile(join(root, 'tsconfig.browser.json'), { noEmit: process.argv.includes('--noEmit') }, host);
// What the last compile read (every file, lib files too, with its size and time of change), beside what it wrote:
// `npm test` after `npm ci` finds them all unchanged and compiles nothing (about 4 s, mostly parsing the DOM's types).
const stampFile = join(root, 'dist', 'report', 'html', 'browser', '.inputs.json');
const inputsOf = (files) => JSON.stringify({ typescript: ts.version, options: config.options, rootNames: config.fileNames, files: files.map(fileStamp) });
if (!config.options.noEmit && upToDate()) process.exit(0);
const program = ts.createProgram({ rootNames: config.fileNames, options: config.options, configFileParsingDiagnostics: config.errors });
const inFolder = (file) => file.fileName.startsWith(folder);
/** TS6059, a file outside rootDir: fine for a declaration file, which emits nothing. */
const outsideRootDir = 6059;
const diagnostics = [
  ...program.getConfigFileParsingDiagnostics(),
  ...program.getOptionsDiagnostics(),
  ...program.getGlobalDiagnostics(),
  ...program
    .getSourceFiles()
    .filter(inFolder)
    .flatMap((file) => [...program.getSyntacticDiagnostics(file), ...program.getSemanticDiagnostics(file)])
    .filter((diagnostic) => !(diagnostic.code === outsideRootDir && diagnostic.file?.isDeclarationFile)),
];
const scripts = program.getSourceFiles().filter((file) => inFolder(file) && !file.isDeclarationFile);
if (!config.options.noEmit) for (const script of scripts) diagnostics.push(...program.emit(script).diagnostics);

if (diagnostics.length > 0) {
  const formatHost = { getCanonicalFileName: (name) => name, getCurrentDirectory: () => root, getNewLine: () => '\n' };
  process.stderr.write(ts.formatDiagnosticsWithColorAndContext(diagnostics, formatHost));
  process.exitCode = 1;
} else if (!config.options.noEmit) {
  writeFileSync(stampFile, inputsOf(program.getSourceFiles().map((file) => file.fileName)));
}

function fileStamp(file) {
  const stats = statSync(file, { throwIfNoEntry: false });
  return [file, stats?.size ?? -1, stats?.mtimeMs ?? -1];
}

/** Whether every file the last compile read is as it was, with the same options, and what it wrote is there. */
function upToDate() {
  try {
    const stamp = JSON.parse(readFileSync(stampFile, 'utf8'));
    const outputs = config.fileNames.filter((file) => file.startsWith(folder) && !file.endsWith('.d.ts'));
    const written = outputs.every((file) => existsSync(join(config.options.outDir, file.slice(folder.length).replace(/\.ts$/, '.js'))));
    return written && inputsOf(stamp.files.map(([file]) => file)) === JSON.stringify(stamp);
  } catch {
    return false; // no stamp yet, or one another version wrote
  }
}
