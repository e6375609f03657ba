import { defineErrors } from '../config/index.js';

export const DatasetErrors = defineErrors('DATASETS', {
  UNKNOWN_SUITE: {
    message: (name: string, known: string) => `unknown suite "${name}"; known suites: ${known}`,
    hint: '`rodeo datasets list` shows every suite; use --dataset FILE for a JSONL file of your own',
  },
  FILE_UNREADABLE: {
    message: (path: string, reason: string) => `cannot read task file ${path}: ${reason}`,
    hint: 'pass an existing JSONL file (one task object per line)',
  },
  BAD_LINE: {
    message: (where: string, problem: string) => `${where}: ${problem}`,
    hint: 'each line must be one JSON task object in janus-bench public JSONL format (id, category, input.messages, expected)',
  },
  DUPLICATE_ID: {
    message: (where: string, id: string, first: string) =>
      `${where}: task id "${id}" already used at ${first}`,
    hint: 'task ids must be unique within a suite',
  },
  BAD_SEED: {
    message: (suite: string) => `suite ${suite} is generated from a seed, and none was given`,
    hint: 'pass --seed (any string, e.g. a block hash 0xabc...) and --n (how many tasks)',
  },
  BAD_SAMPLE: {
    message: (what: string) => `invalid sample options: ${what}`,
    hint: 'subsetPercent must be within 1..100; n must be a positive integer',
  },
  SANDBOX_UNAVAILABLE: {
    message: (reason: string) => `the code sandbox cannot isolate programs here: ${reason}`,
    hint: 'code tasks need Linux namespaces (unshare, mount, chroot, prlimit from util-linux; root, or unprivileged user namespaces enabled); isolation "none" is refused by `validator run` and is only for `rodeo bench` or the devnet on a trusted development machine',
  },
  SANDBOX_MOUNT_REFUSED: {
    message: (path: string, why: string) => `the code sandbox refuses to mount ${path}: ${why}`,
    hint: 'install the interpreter outside your home dir (e.g. /usr or /opt) or point datasets.sandbox.python / datasets.sandbox.node at one there, and keep the wallet and validator.dataDir out of the interpreter and system dirs',
  },
  SANDBOX_LANGUAGE: {
    message: (language: string) => `no sandbox runner for language "${language}"`,
    hint: 'supported languages: python, javascript',
  },
  BAD_IMAGE: {
    message: (format: string, problem: string) => `${format}: ${problem}`,
    hint: 'return a complete PNG, JPEG or WebP image inline as a data:image/...;base64, URL',
  },
  JUDGE_FAILED: {
    message: (url: string, reason: string) => `LLM judge at ${url} failed: ${reason}`,
    hint: 'check datasets.judge.url/model/apiKey, or unset datasets.judge.url to grade without a judge',
  },
});
