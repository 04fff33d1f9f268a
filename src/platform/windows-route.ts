/**
 * The stronger route on Windows, said wherever a Linux user would be told to install bubblewrap: natively only the
 * `process` back-end runs there (time and output limits, nothing isolated).
 */
export const WSL2_ROUTE =
  'On Windows, run selfbench inside WSL2, where bubblewrap closes the file system, the network and the process table ' +
  '(README.md, "Windows", says how; Ollama can keep running on Windows).';
