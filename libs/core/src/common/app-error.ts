/** Machine codes of the error body (`code`). One enum for the whole API. */
export enum ErrorCode {
  VALIDATION_FAILED = 'VALIDATION_FAILED',
  INVALID_JSON = 'INVALID_JSON',
  INVALID_REFERENCE = 'INVALID_REFERENCE',
  UNAUTHENTICATED = 'UNAUTHENTICATED',
  INSUFFICIENT_SCOPE = 'INSUFFICIENT_SCOPE',
  FORBIDDEN = 'FORBIDDEN',
  KEY_NOT_REVEALABLE = 'KEY_NOT_REVEALABLE',
  NOT_FOUND = 'NOT_FOUND',
  CONFLICT = 'CONFLICT',
  IDEMPOTENCY_KEY_REUSED = 'IDEMPOTENCY_KEY_REUSED',
  PAYLOAD_TOO_LARGE = 'PAYLOAD_TOO_LARGE',
  UNSUPPORTED_MEDIA_TYPE = 'UNSUPPORTED_MEDIA_TYPE',
  RATE_LIMITED = 'RATE_LIMITED',
  INTERNAL = 'INTERNAL',
  DATABASE_UNAVAILABLE = 'DATABASE_UNAVAILABLE',
  SERVICE_UNAVAILABLE = 'SERVICE_UNAVAILABLE',
}

const STATUS: Record<ErrorCode, number> = {
  [ErrorCode.VALIDATION_FAILED]: 400,
  [ErrorCode.INVALID_JSON]: 400,
  [ErrorCode.INVALID_REFERENCE]: 400,
  [ErrorCode.UNAUTHENTICATED]: 401,
  [ErrorCode.INSUFFICIENT_SCOPE]: 403,
  [ErrorCode.FORBIDDEN]: 403,
  [ErrorCode.KEY_NOT_REVEALABLE]: 403,
  [ErrorCode.NOT_FOUND]: 404,
  [ErrorCode.CONFLICT]: 409,
  [ErrorCode.IDEMPOTENCY_KEY_REUSED]: 422,
  [ErrorCode.PAYLOAD_TOO_LARGE]: 413,
  [ErrorCode.UNSUPPORTED_MEDIA_TYPE]: 415,
  [ErrorCode.RATE_LIMITED]: 429,
  [ErrorCode.INTERNAL]: 500,
  [ErrorCode.DATABASE_UNAVAILABLE]: 503,
  [ErrorCode.SERVICE_UNAVAILABLE]: 503,
};

export interface FieldIssue {
  path: string;
  message: string;
  code?: string;
}

/** The one error type services throw; the global filter turns it into the error body. */
export class AppError extends Error {
  readonly status: number;

  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'AppError';
    this.status = STATUS[code];
  }

  static notFound(what: string): AppError {
    return new AppError(ErrorCode.NOT_FOUND, `${what} not found`);
  }

  static validation(message: string, issues: FieldIssue[]): AppError {
    return new AppError(ErrorCode.VALIDATION_FAILED, message, issues);
  }

  static conflict(message: string, details?: unknown): AppError {
    return new AppError(ErrorCode.CONFLICT, message, details);
  }

  static unauthenticated(message = 'Authentication required'): AppError {
    return new AppError(ErrorCode.UNAUTHENTICATED, message);
  }
}

export function statusOf(code: ErrorCode): number {
  return STATUS[code];
}
