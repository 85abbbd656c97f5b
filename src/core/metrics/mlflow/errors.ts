/**
 * MLflow's error vocabulary. Every refusal the tracking endpoint sends has MLflow's shape,
 * `{"error_code": "...", "message": "..."}`, with the HTTP status MLflow pairs with that code, so
 * MLflow clients raise their usual exceptions (e.g. `get_experiment_by_name` turns
 * `RESOURCE_DOES_NOT_EXIST` into `None`).
 */

/** The MLflow error codes this endpoint uses. */
export type MlflowErrorCode =
  | 'BAD_REQUEST'
  | 'ENDPOINT_NOT_FOUND'
  | 'INTERNAL_ERROR'
  | 'INVALID_PARAMETER_VALUE'
  | 'INVALID_STATE'
  | 'MALFORMED_REQUEST'
  | 'PERMISSION_DENIED'
  | 'RESOURCE_ALREADY_EXISTS'
  | 'RESOURCE_DOES_NOT_EXIST'
  | 'RESOURCE_EXHAUSTED'
  | 'UNAUTHENTICATED';

const HTTP_STATUS: Readonly<Record<MlflowErrorCode, number>> = {
  BAD_REQUEST: 400,
  ENDPOINT_NOT_FOUND: 404,
  INTERNAL_ERROR: 500,
  INVALID_PARAMETER_VALUE: 400,
  INVALID_STATE: 400,
  MALFORMED_REQUEST: 400,
  PERMISSION_DENIED: 403,
  RESOURCE_ALREADY_EXISTS: 400,
  RESOURCE_DOES_NOT_EXIST: 404,
  // MLflow sends 429, which its clients retry for minutes; a HyperSweep limit never lifts, so 400.
  RESOURCE_EXHAUSTED: 400,
  UNAUTHENTICATED: 401,
};

/** An MLflow API error; the server sends it as-is. `status` may override the usual one (e.g. 413). */
export class MlflowError extends Error {
  readonly status: number;

  constructor(
    readonly errorCode: MlflowErrorCode,
    message: string,
    status?: number,
  ) {
    super(message);
    this.name = 'MlflowError';
    this.status = status ?? HTTP_STATUS[errorCode];
  }

  /** The response body MLflow clients parse. */
  toBody(): { error_code: MlflowErrorCode; message: string } {
    return { error_code: this.errorCode, message: this.message };
  }
}
