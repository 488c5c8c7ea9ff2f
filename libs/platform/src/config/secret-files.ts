import { readFileSync } from 'node:fs';

/**
 * Variables whose value is a secret. Each may instead be given as `<NAME>_FILE`, the path of a
 * file holding it (a mounted Kubernetes or Docker secret), so the secret never sits in the
 * environment, where `ps e`, crash reports and `docker inspect` show it. Their values never appear
 * in an error message or a log line; AppConfig prints them as `***`.
 */
export const SECRET_VARIABLES = ['IMC_API_TOKENS', 'KAFKA_SASL_USERNAME', 'KAFKA_SASL_PASSWORD', 'KAFKA_SSL_KEY_PASSWORD'] as const;
export type SecretVariable = (typeof SECRET_VARIABLES)[number];

/** A problem with a secret's file, named by variable and path (never by content). */
export class SecretFileError extends Error {}

/**
 * The environment with every `<NAME>_FILE` replaced by `<NAME>` holding the file's content. A
 * secret file written by `echo` or an editor ends with a newline that is not part of the secret:
 * one trailing line break is dropped, nothing else.
 */
export function resolveSecretFiles(env: NodeJS.ProcessEnv, read: (path: string) => string = (p) => readFileSync(p, 'utf8')): NodeJS.ProcessEnv {
  const out: NodeJS.ProcessEnv = { ...env };
  for (const name of SECRET_VARIABLES) {
    const path = env[`${name}_FILE`];
    delete out[`${name}_FILE`];
    if (path === undefined || path === '') continue;
    if (env[name] !== undefined && env[name] !== '') throw new SecretFileError(`set ${name} or ${name}_FILE, not both`);
    let content: string;
    try {
      content = read(path);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? 'unreadable';
      throw new SecretFileError(`${name}_FILE: cannot read ${path} (${code})`);
    }
    content = content.replace(/\r?\n$/, '');
    if (content === '') throw new SecretFileError(`${name}_FILE: ${path} is empty`);
    out[name] = content;
  }
  return out;
}
