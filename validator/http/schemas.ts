import { z } from 'zod';

/** SS58 addresses are base58 (no 0, O, I, l); Bittensor's are 48 characters. */
export const HotkeySchema = z
  .string()
  .regex(
    /^[1-9A-HJ-NP-Za-km-z]{40,60}$/,
    'expected an SS58 address such as 5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY',
  );

export const RoundParams = z.object({
  n: z
    .string()
    .regex(/^\d{1,9}$/, 'expected a round number such as 12')
    .transform(Number),
});

export const MinerParams = z.object({ hotkey: HotkeySchema });

export const BattleParams = z.object({
  id: z.uuid('expected a battle id (UUID) from POST /api/arena/battles'),
});

export const StreamParams = BattleParams.extend({
  side: z.enum(['a', 'b'], 'expected side a or b'),
});

export const VoteBody = z.object({
  vote: z.enum(['a', 'b', 'tie', 'both_bad'], 'expected one of a, b, tie, both_bad'),
});

export const battleBody = (maxPromptChars: number) =>
  z.object({
    prompt: z
      .string('expected the prompt as a string')
      .trim()
      .min(1, 'the prompt is empty')
      .max(maxPromptChars, `the prompt is longer than ${maxPromptChars} characters`),
  });
