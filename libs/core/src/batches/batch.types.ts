/** What a fire (run-now, a cadence tick, `POST /v1/batch/flow`) carries besides its target. */
export interface FireContext {
  /** `Idempotency-Key` header: the same key (per tenant, 24 h) answers the same response. */
  idempotencyKey?: string;
  /** Travels into the job payload and the worker's logs. */
  requestId?: string;
}

/** The run-now / batch submit answer (spec §4.30, §7.1). */
export interface FireResult {
  batchExecutionId: string;
  recordCount: number;
  /** `queued`, or `completed` when the selection was empty. */
  status: 'queued' | 'completed';
}
