/** The reference cannot give expected values for a task: the dataset is at fault, not a candidate. */
export class OracleError extends Error {}
