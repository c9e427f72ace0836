/** The one error body of the API (DESIGN §8). */
export interface ErrorBody {
  error: string;
  code: string;
  details?: unknown;
  requestId: string;
}
