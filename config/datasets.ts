import { z } from 'zod';
import { httpUrl, secret } from './fields.js';

export const DatasetsSchema = z
  .object({
    judge: z
      .object({
        url: httpUrl.optional().describe('OpenAI-compatible base URL of the optional LLM judge'),
        model: z.string().min(1).default('gpt-4o').describe('judge model'),
        apiKey: secret('judge API key'),
        timeoutMs: z.number().int().positive().default(120_000).describe('judge request timeout'),
        maxAnswerChars: z
          .number()
          .int()
          .positive()
          .default(20_000)
          .describe('longest answer shown to the judge (longer ones are cut)'),
      })
      .strict()
      .prefault({}),
    sandbox: z
      .object({
        isolation: z
          .enum(['namespaces', 'none'])
          .default('namespaces')
          .describe(
            'namespaces: new user/mount/net/pid namespaces, a chroot of read-only system dirs and the interpreter, a cgroup where writable, rlimits (Linux); none: rlimits and a scrubbed env only, no isolation: `validator run` refuses it, the devnet and `rodeo bench` warn',
          ),
        timeoutMs: z.number().int().positive().default(10_000).describe('wall-clock limit per code run'),
        caseTimeoutMs: z.number().int().positive().default(2_000).describe('time limit per test case'),
        memoryMb: z
          .number()
          .int()
          .positive()
          .default(256)
          .describe(
            'memory limit of a code run: all its processes together under a cgroup, each process alone without one (see datasets/sandbox/README.md)',
          ),
        maxProcesses: z
          .number()
          .int()
          .positive()
          .default(64)
          .describe('processes and threads a code run may have (RLIMIT_NPROC)'),
        maxOutputBytes: z
          .number()
          .int()
          .positive()
          .default(256 * 1024)
          .describe('stdout/stderr kept per code run; more kills the run'),
        workDirMb: z
          .number()
          .int()
          .positive()
          .default(16)
          .describe('size of the writable scratch dir of a run'),
        uidBase: z
          .number()
          .int()
          .positive()
          .default(61_000)
          .describe(
            'when the validator runs as root, each code run gets its own unprivileged uid/gid from uidBase..uidBase+uidCount-1, so process limits are per run',
          ),
        uidCount: z.number().int().positive().default(1_000).describe('size of the uid range for code runs'),
        protect: z
          .array(z.string().min(1))
          .default([])
          .describe(
            'host paths no mount of the sandbox may contain, besides $HOME (always protected); `validator run` adds its data dir and wallet folder',
          ),
        python: z.string().min(1).default('python3').describe('python interpreter for code tasks'),
        node: z
          .string()
          .min(1)
          .default('node')
          .describe('node command (on PATH or a path) for JavaScript code tasks'),
      })
      .strict()
      .prefault({}),
  })
  .strict();
