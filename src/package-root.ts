import { fileURLToPath } from 'node:url';

/** The installed package's root (holds `datasets/`, `prompts/`, `configs/`), from `src/` or `dist/` alike. */
export const packageRoot = fileURLToPath(new URL('..', import.meta.url));
