import { mkdir, readFile } from 'node:fs/promises';
import { writeWholeFile } from '../util/whole-file.js';
import { join } from 'node:path';
import { sha256Hex } from './jsonl.js';

/** A dataset file as its authors published it: where it is, and the sha256 it must have. */
export interface PublishedFile {
  /** What to call it in messages, e.g. `HumanEval`. */
  label: string;
  url: string;
  sha256: string;
  /** Its name in the cache directory. */
  fileName: string;
  /** The dataset spec that reads a copy downloaded by hand, e.g. `humaneval:<path>`. */
  manualSpec: string;
}

/**
 * Path of `file` in `cacheDir`, downloading it on first use. The download must match the published sha256;
 * a mismatch is refused and nothing is written.
 */
export async function cachedDownload(file: PublishedFile, cacheDir: string, fetchFile: typeof fetch = fetch): Promise<string> {
  const path = join(cacheDir, file.fileName);
  const cached = await readFile(path).catch(() => undefined);
  if (cached !== undefined && sha256Hex(cached) === file.sha256) return path;

  const response = await fetchFile(file.url);
  if (!response.ok) throw new Error(`downloading ${file.label} from ${file.url} failed: HTTP ${response.status}`);
  const bytes = Buffer.from(await response.arrayBuffer());
  const actual = sha256Hex(bytes);
  if (actual !== file.sha256) {
    throw new Error(
      `refusing the ${file.label} download from ${file.url}: sha256 ${actual}, expected ${file.sha256}. ` +
        `Download it yourself and use \`${file.manualSpec}\`.`,
    );
  }
  await mkdir(cacheDir, { recursive: true });
  await writeWholeFile(path, bytes);
  return path;
}
