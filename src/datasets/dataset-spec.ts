/** The dataset specs there are: what config validation accepts, and how messages and help name them. */
export const DATASET_SPEC_PATTERN = /^(builtin:.+|humaneval\+?(:.+)?|jsonl:.+)$/;
export const DATASET_SPECS = 'builtin:<name>, humaneval[:<path>], humaneval+[:<path>] or jsonl:<path>';
