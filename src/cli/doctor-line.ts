/**
 * One line of `bench doctor`: `ok` and `FAIL` for checks (a FAIL makes the exit code 1), `warn` for what will work
 * but cost the run (a model reloaded on every switch), `note` for what the platform allows.
 */
export type DoctorLevel = 'ok' | 'FAIL' | 'warn' | 'note';

export interface DoctorLine {
  level: DoctorLevel;
  name: string;
  text: string;
}

/** `ok    python: /usr/bin/python3`: the level in a column of six, so names line up. */
export function formatDoctorLine({ level, name, text }: DoctorLine): string {
  return `${level.padEnd(6)}${name}: ${text}\n`;
}
