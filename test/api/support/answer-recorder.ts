import { TOKENS, Who } from './api-client';

/** One real answer of the planner-api, named by the OpenAPI operation it answers. */
export interface RecordedAnswer {
  /** The path as the document writes it, e.g. `/v1/proposals/{proposalId}`. */
  template: string;
  method: 'get' | 'post' | 'delete';
  status: number;
  /** The media type of the answer without parameters, e.g. `application/json`. */
  contentType: string;
  /** Parsed JSON, the text of a text/* answer, or `N bytes of <type>` for a file. */
  body: unknown;
  /** The JSON body sent, when it was valid (2xx): typed against the request body too. */
  request?: unknown;
  /** The query sent with a 2xx, typed against the operation's query parameters. */
  query?: Record<string, string>;
}

export interface RecordOptions {
  who?: Who;
  body?: unknown;
  query?: Record<string, string>;
  /** Path parameters, substituted into the template. */
  params?: Record<string, string>;
  /** For endless answers (Server-Sent Events): stop reading once the text holds this. */
  readUntil?: string;
}

/** Calls the API as a client generated from the document would, and keeps every answer. */
export class AnswerRecorder {
  readonly answers: RecordedAnswer[] = [];

  constructor(private readonly baseUrl: string) {}

  async call(method: RecordedAnswer['method'], template: string, options: RecordOptions = {}): Promise<RecordedAnswer> {
    const who = options.who ?? 'none';
    const path = template.replace(/\{(\w+)\}/g, (_, name: string) => {
      const value = options.params?.[name];
      if (value === undefined) throw new Error(`no value for {${name}} of ${template}`);
      return encodeURIComponent(value);
    });
    const query = options.query ? `?${new URLSearchParams(options.query).toString()}` : '';
    const headers: Record<string, string> = {};
    if (who !== 'none') headers.authorization = `Bearer ${TOKENS[who]}`;
    let payload: string | undefined;
    if (options.body !== undefined) {
      headers['content-type'] = 'application/json';
      payload = typeof options.body === 'string' ? options.body : JSON.stringify(options.body);
    }
    const abort = new AbortController();
    const res = await fetch(`${this.baseUrl}${path}${query}`, { method: method.toUpperCase(), headers, body: payload, signal: abort.signal });
    const contentType = (res.headers.get('content-type') ?? '').split(';')[0].trim();
    let text = '';
    if (options.readUntil !== undefined && res.ok && res.body) {
      const reader = res.body.getReader();
      const decoder = new TextDecoder();
      while (!text.includes(options.readUntil)) {
        const { value, done } = await reader.read();
        if (done) break;
        text += decoder.decode(value, { stream: true });
      }
      abort.abort();
    } else if (contentType === 'application/json' || contentType.startsWith('text/')) {
      text = await res.text();
    } else {
      // A file (a briefing): typed as the string the document's `format: binary` declares; its bytes are not the point here.
      text = `${(await res.arrayBuffer()).byteLength} bytes of ${contentType}`;
    }
    const body: unknown = contentType === 'application/json' ? JSON.parse(text) : text;
    const ok = res.status >= 200 && res.status < 300;
    const answer: RecordedAnswer = {
      template,
      method,
      status: res.status,
      contentType,
      body,
      ...(ok && options.body !== undefined && typeof options.body !== 'string' ? { request: options.body } : {}),
      ...(ok && options.query ? { query: options.query } : {}),
    };
    this.answers.push(answer);
    return answer;
  }
}

/**
 * A TypeScript module that assigns each recorded answer (and each valid request) to the type
 * openapi-typescript generated for it from `./schema`: it compiles only if every answer is what
 * the document says. Each assignment follows a `// #<index>` line, to name the answer of an error.
 */
export function answersModule(answers: RecordedAnswer[]): string {
  const lines = ["import type { paths } from './schema';", ''];
  answers.forEach((a, i) => {
    const op = `paths[${JSON.stringify(a.template)}][${JSON.stringify(a.method)}]`;
    lines.push(`// #${i}`);
    lines.push(`export const answer${i}: ${op}["responses"][${a.status}]["content"][${JSON.stringify(a.contentType)}] = ${JSON.stringify(a.body)};`);
    if (a.request !== undefined) lines.push(`export const request${i}: NonNullable<${op}["requestBody"]>["content"]["application/json"] = ${JSON.stringify(a.request)};`);
    if (a.query !== undefined) lines.push(`export const query${i}: NonNullable<${op}["parameters"]["query"]> = ${JSON.stringify(a.query)};`);
  });
  return `${lines.join('\n')}\n`;
}
