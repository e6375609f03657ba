import type { Metagraph } from '../../chain/index.js';
import type { Logger } from '../../config/index.js';

export interface ValidatorPermits {
  isValidator(hotkey: string): boolean;
  /** Hotkeys holding a permit as of the last successful read. */
  readonly hotkeys: ReadonlySet<string>;
  close(): void;
}

/**
 * The hotkeys with a validator permit on the subnet, read now and again every `refreshMs` (pass
 * `() => client.metagraph(netuid)`). A failed refresh is logged and the previous set stays in force.
 */
export async function watchValidatorPermits(
  read: () => Promise<Metagraph>,
  refreshMs: number,
  logger: Logger,
): Promise<ValidatorPermits> {
  const permitted = (m: Metagraph) =>
    new Set(m.neurons.filter((n) => n.validatorPermit).map((n) => n.hotkey));
  let hotkeys = permitted(await read());
  logger.info({ validators: hotkeys.size }, 'validator permits loaded');
  const timer = setInterval(() => {
    read().then(
      (m) => {
        hotkeys = permitted(m);
      },
      (err: unknown) =>
        logger.warn(
          { err: (err as Error).message },
          'validator permits refresh failed; keeping the last set',
        ),
    );
  }, refreshMs);
  timer.unref();
  return {
    isValidator: (hotkey) => hotkeys.has(hotkey),
    get hotkeys() {
      return hotkeys;
    },
    close: () => clearInterval(timer),
  };
}
