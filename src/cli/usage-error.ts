/** A command given what it cannot use — an argument, or a file or directory one names: exit 2, the message naming the argument. */
export class UsageError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'UsageError';
  }
}
