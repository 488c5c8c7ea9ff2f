/** Tokens the specs configure; `unknown` is configured nowhere. */
export const TOKENS = {
  viewer: 'e2e-viewer-token',
  planner: 'e2e-planner-token',
  approver: 'e2e-approver-token',
  secondApprover: 'e2e-second-approver-token',
  unknown: 'e2e-not-a-configured-token',
} as const;

export const TOKEN_ENV = `${TOKENS.viewer}:viewer,${TOKENS.planner}:planner,${TOKENS.approver}:approver,${TOKENS.secondApprover}:approver`;

export type Who = 'none' | 'unknown' | 'viewer' | 'planner' | 'approver' | 'secondApprover';

export interface ApiResponse<T = unknown> {
  status: number;
  body: T;
  headers: Headers;
}

export async function call<T = unknown>(
  baseUrl: string,
  method: 'GET' | 'POST' | 'DELETE',
  path: string,
  who: Who,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<ApiResponse<T>> {
  const h: Record<string, string> = { ...headers };
  if (who !== 'none') h.authorization = `Bearer ${TOKENS[who]}`;
  let payload: string | undefined;
  if (body !== undefined) {
    h['content-type'] = h['content-type'] ?? 'application/json';
    payload = typeof body === 'string' ? body : JSON.stringify(body);
  }
  const res = await fetch(`${baseUrl}${path}`, { method, headers: h, body: payload });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // not JSON (e.g. /metrics)
  }
  return { status: res.status, body: parsed as T, headers: res.headers };
}
