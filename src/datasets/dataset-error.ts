/**
 * A dataset that cannot be read as asked: the spec, the file or the selection is to be fixed, not the program (exit 2).
 * `field` is the selection setting at fault, for the caller to name as its user wrote it (`dataset.source`, `--dataset`).
 */
export class DatasetError extends Error {
  constructor(
    readonly field: 'source' | 'ids',
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = 'DatasetError';
  }
}
