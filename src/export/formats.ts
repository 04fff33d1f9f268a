/** What `bench export --format` writes: DPO preference pairs or SFT completions (training-data.ts). Apart, so the CLI's parser loads no more than the list. */
export const EXPORT_FORMATS = ['dpo', 'sft'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];
