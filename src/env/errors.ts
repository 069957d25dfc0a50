/** Error codes every failure of the environment layer carries (`err.code`). */
export type ErrorCode =
  | 'ERR_ROM_NOT_FOUND'
  | 'ERR_BAD_ROM'
  | 'ERR_UNKNOWN_SCHEME'
  | 'ERR_UNKNOWN_ROM'
  | 'ERR_UNKNOWN_GAME'
  | 'ERR_BAD_CONFIG'
  | 'ERR_BAD_STATE'
  | 'ERR_NO_SCREEN'
  | 'ERR_ACTION_RANGE'
  | 'ERR_BAD_ARGUMENT'
  | 'ERR_BAD_POLICY'
  | 'ERR_BUSY'
  | 'ERR_UNREACHABLE'
  | 'ERR_REFUSED_JOB'
  | 'ERR_UNSUPPORTED_NODE'
  | 'ERR_MISSING_PACKAGE'
  | 'ERR_NATIVE';

/** The one error class of horizon-arcade; native failures arrive as this too. */
export class HorizonError extends Error {
  readonly code: ErrorCode;

  constructor(message: string, code: ErrorCode) {
    super(message);
    this.name = 'HorizonError';
    this.code = code;
  }
}

/** Throws a TypeError-like argument error naming the parameter and what arrived. */
export function badArgument(name: string, expected: string, received: unknown): never {
  const shown = typeof received === 'string' ? JSON.stringify(received) : String(received);
  throw new HorizonError(`${name} must be ${expected}, received ${shown} (${typeof received})`, 'ERR_BAD_ARGUMENT');
}
