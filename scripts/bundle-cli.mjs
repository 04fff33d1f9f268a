// Bundles the `bench` command (src/cli/main.ts, with the packages it imports) into dist/cli/main.js and its chunks.
//
// Why: Node 20 loads ES modules one file at a time, and `bench` reached some 250 of them (zod alone about a hundred);
// loading them was a third of `bench grade`'s start-up. A bundle loads a few files, and only the parts of zod it uses.
// tsc still type-checks everything and writes the other modules (tsconfig.build.json leaves main.ts to this script);
// commands still import their parts when they run (dynamic imports become chunks of their own). Third-party code is
// copied into the bundle, so its licences go beside it (THIRD_PARTY_LICENSES.txt).
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { rolldown } from 'rolldown';

const root = fileURLToPath(new URL('..', import.meta.url));
const outDir = join(root, 'dist', 'cli');
/** Loaded only if installed (provider: llama-cpp), never part of the package. */
const optional = ['node-llama-cpp'];

// Chunks are named by their content: those of an earlier build would otherwise stay, and ship.
rmSync(join(outDir, 'chunks'), { recursive: true, force: true });
const bundle = await rolldown({
  input: join(root, 'src', 'cli', 'main.ts'),
  platform: 'node',
  external: (id) => id.startsWith('node:') || optional.some((name) => id === name || id.startsWith(`${name}/`)),
  resolve: { extensionAlias: { '.js': ['.ts', '.js'] } },
  logLevel: 'warn',
});
const { output } = await bundle.write({ dir: outDir, format: 'esm', entryFileNames: 'main.js', chunkFileNames: 'chunks/[name]-[hash].js', comments: { legal: true } });
await bundle.close();

/** Every package whose code went into the bundle, with its licence text. */
const packages = new Map();
for (const chunk of output) {
  for (const id of Object.keys(chunk.type === 'chunk' ? chunk.modules : {})) {
    const at = id.lastIndexOf(`node_modules${sep}`);
    if (at === -1) continue;
    const parts = id.slice(at + 'node_modules'.length + 1).split(sep);
    const name = parts[0].startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0];
    const dir = join(id.slice(0, at), 'node_modules', ...name.split('/'));
    if (packages.has(dir)) continue;
    const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
    const licenceFile = readdirSync(dir).filter((file) => /^licen[cs]e/i.test(file)).map((file) => join(dir, file))[0]; // LICENSE, LICENSE.md, LICENSE-MIT.txt…
    packages.set(dir, `${manifest.name} ${manifest.version} (${manifest.license ?? 'see its package'})\n\n${licenceFile ? readFileSync(licenceFile, 'utf8').trim() : `No licence file in the package; its package.json says: ${manifest.license}`}\n`);
  }
}
const notices = [...packages.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([, text]) => text);
writeFileSync(join(outDir, 'THIRD_PARTY_LICENSES.txt'), `Packages bundled into ${relative(root, outDir).split(sep).join('/')}/ (scripts/bundle-cli.mjs):\n\n${notices.join(`\n${'-'.repeat(80)}\n\n`)}`);
