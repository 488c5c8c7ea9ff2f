import type { ApiErrorBody } from '../model';
import { WriteKeys } from '../write-keys';

/** Every write carries an Idempotency-Key; the same write sent again after a 503 carries the same one. */
const writeKeys = new WriteKeys();

/**
 * The token lives in this tab's sessionStorage only: gone when the tab closes, never in a URL,
 * never logged, never in localStorage where every tab and later visit would find it.
 */
const TOKEN_KEY = 'imc-console-token';

export const token = {
  get(): string | null {
    return sessionStorage.getItem(TOKEN_KEY);
  },
  set(value: string): void {
    sessionStorage.setItem(TOKEN_KEY, value);
  },
  clear(): void {
    sessionStorage.removeItem(TOKEN_KEY);
  },
};

/** The words of a thrown value: an Error's message, or the value itself as text. */
export function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export class ApiProblem extends Error {
  constructor(
    readonly status: number,
    readonly body: Partial<ApiErrorBody>,
  ) {
    super(describe(status, body));
    this.name = 'ApiProblem';
  }
}

function describe(status: number, body: Partial<ApiErrorBody>): string {
  const fields = (body.errors ?? []).map((e) => `${e.field}: ${e.messages.join(', ')}`);
  const what = status === 401 ? 'not signed in' : status === 403 ? 'not allowed' : status === 0 ? 'no answer from the API' : `error ${status}`;
  return [`${what}: ${body.message ?? ''}`.replace(/: $/, ''), ...fields].join('; ');
}

/** Called on a 401, so that the page can go back to the sign-in form. */
let onUnauthorized: () => void = () => undefined;
export function whenUnauthorized(handler: () => void): void {
  onUnauthorized = handler;
}

export async function api<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  const t = token.get();
  if (t) headers.authorization = `Bearer ${t}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const bodyText = body === undefined ? undefined : JSON.stringify(body);
  if (method === 'POST') headers['idempotency-key'] = writeKeys.keyFor(method, path, bodyText ?? '');
  let res: Response;
  try {
    res = await fetch(path, { method, headers, body: bodyText, cache: 'no-store' });
  } catch (error) {
    throw new ApiProblem(0, { message: errorText(error) });
  }
  if (method === 'POST') writeKeys.settle(method, path, bodyText ?? '', res.status);
  const text = await res.text();
  let parsed: unknown;
  try {
    parsed = text === '' ? undefined : JSON.parse(text);
  } catch {
    parsed = { message: text.slice(0, 200) };
  }
  if (!res.ok) {
    if (res.status === 401) onUnauthorized();
    throw new ApiProblem(res.status, (parsed ?? {}) as Partial<ApiErrorBody>);
  }
  return parsed as T;
}

/**
 * A file the API answers (a briefing): fetched with the token in its header, as every call is
 * (the token never goes in a URL), then handed to the browser as a download of that name.
 */
export async function download(path: string, filename: string): Promise<void> {
  const headers: Record<string, string> = {};
  const t = token.get();
  if (t) headers.authorization = `Bearer ${t}`;
  let res: Response;
  try {
    res = await fetch(path, { headers, cache: 'no-store' });
  } catch (error) {
    throw new ApiProblem(0, { message: errorText(error) });
  }
  if (!res.ok) {
    if (res.status === 401) onUnauthorized();
    let body: Partial<ApiErrorBody> = {};
    try {
      body = (await res.json()) as Partial<ApiErrorBody>;
    } catch {
      // not JSON: the status says enough
    }
    throw new ApiProblem(res.status, body);
  }
  const url = URL.createObjectURL(await res.blob());
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
