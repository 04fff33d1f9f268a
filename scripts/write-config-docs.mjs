// Writes docs/config.md from the config schema (src/config/config-docs.ts), through the build in dist/:
// `npm run docs:config` builds first. test/config/config-docs.test.ts fails when the page is stale.
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { configDocs } from '../dist/config/config-docs.js';

const page = fileURLToPath(new URL('../docs/config.md', import.meta.url));
writeFileSync(page, configDocs());
console.log(`wrote ${page}`);
