/**
 * The one error type of the project. Every folder declares its codes in its own `errors.ts`
 * with `defineErrors`; a message says what was wrong and where, the hint says what to do.
 */
export class RodeoError extends Error {
  readonly code: string;
  readonly hint: string | undefined;
  readonly details: Record<string, unknown> | undefined;

  constructor(
    code: string,
    message: string,
    options: { hint?: string; cause?: unknown; details?: Record<string, unknown> } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'RodeoError';
    this.code = code;
    this.hint = options.hint;
    this.details = options.details;
  }

  /** Message plus hint, as shown to a person. */
  describe(): string {
    return this.hint ? `${this.message}\n  hint: ${this.hint}` : this.message;
  }

  toJSON(): { code: string; message: string; hint?: string; details?: Record<string, unknown> } {
    return {
      code: this.code,
      message: this.message,
      ...(this.hint ? { hint: this.hint } : {}),
      ...(this.details ? { details: this.details } : {}),
    };
  }
}

type Formatter = (...args: never[]) => string;
export interface ErrorSpec<F extends Formatter = Formatter> {
  message: F;
  hint?: string | F;
}

export type ErrorFactory<F extends Formatter> = ((...args: Parameters<F>) => RodeoError) & {
  readonly code: string;
  /** True when `err` is a RodeoError with this factory's code. */
  is(err: unknown): err is RodeoError;
};

/**
 * Declares a folder's coded errors in one place (fastify's `createError`, undici's coded classes):
 * `const E = defineErrors('BENCH', { TTFT_TIMEOUT: { message: (ms: number) => ... } })`,
 * then `throw E.TTFT_TIMEOUT(5000)`; codes read `BENCH_TTFT_TIMEOUT`.
 */
export function defineErrors<T extends Record<string, ErrorSpec>>(
  prefix: string,
  specs: T,
): { [K in keyof T]: ErrorFactory<T[K]['message']> } {
  const out: Record<string, unknown> = {};
  for (const [name, spec] of Object.entries(specs)) {
    const code = `${prefix}_${name}`;
    const factory = (...args: never[]) => {
      const hint = typeof spec.hint === 'function' ? spec.hint(...args) : spec.hint;
      return new RodeoError(code, spec.message(...args), hint === undefined ? {} : { hint });
    };
    Object.defineProperty(factory, 'code', { value: code });
    Object.defineProperty(factory, 'is', { value: (err: unknown) => isRodeoError(err, code) });
    out[name] = factory;
  }
  return out as { [K in keyof T]: ErrorFactory<T[K]['message']> };
}

export function isRodeoError(err: unknown, code?: string): err is RodeoError {
  return err instanceof RodeoError && (code === undefined || err.code === code);
}

/** Attaches a cause to an error built by a factory (keeps factories' signatures simple). */
export function withCause<E extends RodeoError>(err: E, cause: unknown): E {
  Object.defineProperty(err, 'cause', { value: cause, enumerable: false, configurable: true });
  return err;
}
