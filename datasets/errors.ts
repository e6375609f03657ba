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
  PUBLIC_TASK_IN_PRIVATE_FILE: {
    message: (where: string, id: string, suite: string, how: string) =>
      `${where}: task "${id}" is a task of the public suite ${suite} (${how}); public tasks are never drawn into scored rounds`,
    hint: 'remove the public tasks from the private task file (validator.privateTaskFile): every miner can see them and their answers',
  },
  BAD_TASK_MIX: {
    message: (problem: string) => `invalid round task mix: ${problem}`,
    hint: 'set validator.taskMix to a weight >= 0 per category, at least one of them above 0',
  },
  UNKNOWN_GENERATOR_VERSION: {
    message: (version: number, known: string) =>
      `round tasks drawn with generator version ${version}; this node draws versions ${known}`,
    hint: 'replay the ledger with the rodeo release that recorded it',
  },
  JUDGE_FAILED: {
    message: (url: string, reason: string) => `LLM judge at ${url} failed: ${reason}`,
    hint: 'check datasets.judge.url/model/apiKey, or unset datasets.judge.url to grade without a judge',
  },
});
