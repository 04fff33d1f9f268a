import { mkdirSync, readFileSync } from 'node:fs';
import { writeWholeFileSync } from '../util/whole-file.js';
import { join } from 'node:path';
import type { ChatResult } from '../chat/types.js';

/**
 * Responses on disk, one file per content address, so a resumed or repeated run never asks
 * a model the same thing twice. Written to a temporary name and renamed, so a crash leaves
 * either a whole entry or none.
 */
export class DiskCache {
  /** Nothing is created until the first entry is written. */
  constructor(readonly dir: string) {}

  get(key: string): ChatResult | undefined {
    try {
      return JSON.parse(readFileSync(this.path(key), 'utf8')) as ChatResult;
    } catch {
      return undefined;
    }
  }

  set(key: string, result: ChatResult): void {
    const path = this.path(key);
    mkdirSync(join(this.dir, key.slice(0, 2)), { recursive: true });
    writeWholeFileSync(path, JSON.stringify(result));
  }

  private path(key: string): string {
    return join(this.dir, key.slice(0, 2), `${key}.json`);
  }
}
