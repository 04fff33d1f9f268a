// Compiles the report page's browser scripts (src/report/html/browser/*.ts) with tsconfig.browser.json
// into dist/report/html/browser; with --noEmit it only checks them.
//
// Not `tsc -p tsconfig.browser.json`: the scripts see the page data's type through globals.d.ts, and the
// view types (page-types.ts) import Node-side files. tsc would want those under the browser rootDir, check
// them without Node's types and write them out beside their sources. They are the Node program's to check
// (tsconfig.json), so here only the browser folder's own diagnostics count, and only its scripts are emitted.
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
}
