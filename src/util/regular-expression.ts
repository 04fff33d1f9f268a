/** Why `pattern` is no regular expression (JavaScript syntax), or undefined when it is one. */
export function regularExpressionProblem(pattern: string): string | undefined {
  try {
    new RegExp(pattern);
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}
