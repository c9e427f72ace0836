import { z } from 'zod';
import type { StepContext, StepExecutor } from './step-executor.interface';
import { renderTemplate, renderText, templateVariables, toText } from './template';

const HTTP_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'];
const MAX_TIMEOUT_MS = 300_000;
const ERROR_BODY_PREVIEW_CHARS = 200;

const isTemplated = (value: string) => templateVariables(value).length > 0;

function isHttpUrl(value: string): boolean {
  return URL.canParse(value) && ['http:', 'https:'].includes(new URL(value).protocol);
}

// Literal values are checked here, once; templated ones can only be checked after rendering, per run.
const httpStepConfigSchema = z.object({
  method: z
    .string()
    .refine((m) => isTemplated(m) || HTTP_METHODS.includes(m.toUpperCase()), {
      message: `method must be one of ${HTTP_METHODS.join(', ')}`,
    })
    .optional(),
  url: z
    .string()
    .refine((u) => isTemplated(u) || isHttpUrl(u), { message: 'url must be an absolute http(s) URL' }),
  headers: z.record(z.string(), z.string()).optional(),
  body: z.json().optional(),
  timeoutMs: z.number().int().positive().max(MAX_TIMEOUT_MS).optional(),
});

export type HttpStepConfig = z.infer<typeof httpStepConfigSchema>;

export interface HttpStepOutput {
  status: number;
  body: unknown;
}

export interface HttpStepExecutorOptions {
  /** Applies when a step sets no timeoutMs, so a silent server cannot hold a record forever. */
  defaultTimeoutMs?: number;
  /** Responses are buffered in memory (and stored as step output), so their size is capped. */
  maxResponseBytes?: number;
}

/** Performs one real HTTP call; a non-2xx status fails the step. */
export class HttpStepExecutor implements StepExecutor<HttpStepConfig> {
  readonly type = 'http';
  readonly configSchema = httpStepConfigSchema;
  private readonly defaultTimeoutMs: number;
  private readonly maxResponseBytes: number;

  constructor(options: HttpStepExecutorOptions = {}) {
    this.defaultTimeoutMs = options.defaultTimeoutMs ?? 30_000;
    this.maxResponseBytes = options.maxResponseBytes ?? 10 * 1024 * 1024;
  }

  async execute(config: HttpStepConfig, context: StepContext): Promise<HttpStepOutput> {
    const { scope } = context;
    const method = renderText(config.method ?? 'GET', scope).toUpperCase();
    if (!HTTP_METHODS.includes(method)) throw new Error(`unsupported HTTP method '${method}'`);
    const url = renderText(config.url, scope);
    if (!isHttpUrl(url)) throw new Error(`url must be an absolute http(s) URL, got '${url}'`);

    const headers = new Headers();
    for (const [name, value] of Object.entries(config.headers ?? {})) {
      const rendered = renderTemplate(value, scope);
      if (rendered !== null) headers.set(name, toText(rendered));
    }
    let body: string | undefined;
    const renderedBody = config.body === undefined ? null : renderTemplate(config.body, scope);
    if (typeof renderedBody === 'string') {
      body = renderedBody;
    } else if (renderedBody !== null) {
      body = JSON.stringify(renderedBody);
      if (!headers.has('content-type')) headers.set('content-type', 'application/json');
    }

    // Not AbortSignal.any: on Node 20 every signal it derives stays referenced by a long-lived source
    // signal (measured: 1M calls, 1M retained), and AbortSignal.timeout timers cannot be cleared.
    const timeoutMs = config.timeoutMs ?? this.defaultTimeoutMs;
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort(new Error(`http step timed out after ${timeoutMs} ms`));
    }, timeoutMs);
    const onCallerAbort = () => controller.abort(context.signal.reason);
    context.signal.addEventListener('abort', onCallerAbort, { once: true });
    if (context.signal.aborted) onCallerAbort();
    try {
      const response = await fetch(url, { method, headers, body, signal: controller.signal });
      if (!response.ok) {
        // The status is the error; an unreadable or oversized body only costs the preview.
        const preview = (await this.readBody(response).catch(() => '')).slice(0, ERROR_BODY_PREVIEW_CHARS);
        const target = new URL(url);
        // The query string is left out: it often carries credentials, and errors are stored and shown.
        throw new Error(
          `HTTP ${response.status} from ${method} ${target.origin}${target.pathname}${preview ? `: ${preview}` : ''}`,
        );
      }
      return { status: response.status, body: parseBody(response, await this.readBody(response)) };
    } catch (error) {
      if (timedOut && !context.signal.aborted) throw controller.signal.reason;
      throw describeFetchError(error);
    } finally {
      clearTimeout(timer);
      context.signal.removeEventListener('abort', onCallerAbort);
    }
  }

  private async readBody(response: Response): Promise<string> {
    if (!response.body) return '';
    const tooLarge = () => new Error(`response body exceeds ${this.maxResponseBytes} bytes`);
    if (Number(response.headers.get('content-length')) > this.maxResponseBytes) {
      await response.body.cancel();
      throw tooLarge();
    }
    const chunks: Uint8Array[] = [];
    let size = 0;
    // Leaving the loop early (the throw) cancels the stream, which releases the connection.
    for await (const chunk of response.body) {
      size += chunk.byteLength;
      if (size > this.maxResponseBytes) throw tooLarge();
      chunks.push(chunk);
    }
    return Buffer.concat(chunks).toString('utf8');
  }
}

function parseBody(response: Response, text: string): unknown {
  const contentType = response.headers.get('content-type') ?? '';
  if (!/[/+]json\b/i.test(contentType)) return text;
  if (text.trim() === '') return null;
  try {
    return JSON.parse(text);
  } catch {
    throw new Error(`response declares ${contentType} but its body is not valid JSON`);
  }
}

/**
 * undici reports every network failure as "fetch failed"; the useful part is in `cause`. Duck-typed
 * because fetch's errors come from another realm under Jest, where instanceof fails.
 */
function describeFetchError(error: unknown): unknown {
  const cause = (error as { cause?: { message?: unknown } } | null)?.cause;
  if ((error as Error | null)?.message === 'fetch failed' && typeof cause?.message === 'string') {
    return new Error(`fetch failed: ${cause.message}`, { cause: error });
  }
  return error;
}
