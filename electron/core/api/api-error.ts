import type { ApiErrorCode } from '../../../shared/api/contract';

/** An error meant for the operator: its message is French and says what to do. */
export class ApiError extends Error {
  constructor(
    readonly code: ApiErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export const HTTP_STATUS: Record<ApiErrorCode, number> = {
  'invalid-input': 400,
  forbidden: 403,
  'not-found': 404,
  conflict: 409,
  'confirmation-required': 409,
  unavailable: 503,
  internal: 500,
};
