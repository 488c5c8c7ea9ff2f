import { existsSync } from 'node:fs';
import { loadConfig } from '@imc/platform';
import { replayFile } from './replay';

/** `npm run replay -- <scenario.jsonl> [--batch N]`: publishes a scenario file to Kafka. */
async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const file = args.find((a) => !a.startsWith('--'));
  if (!file) throw new Error('usage: npm run replay -- <scenario.jsonl> [--batch N]');
  if (!existsSync(file)) throw new Error(`no such file: ${file}`);
  const batchArg = args.indexOf('--batch');
  const batch = batchArg >= 0 ? Number(args[batchArg + 1]) : 1;
  if (!Number.isInteger(batch) || batch < 1) throw new Error('--batch takes a whole number >= 1');
  const config = loadConfig();
  const summary = await replayFile(file, config.brokers, { progress: true, batch });
  for (const u of summary.unroutable) console.error(`line ${u.line}: ${u.reason} (not sent)`);
  const topics = Object.entries(summary.byTopic)
    .map(([t, n]) => `${t} ${n}`)
    .join(', ');
  console.error(`[replay] sent ${summary.sent} events in ${(summary.ms / 1000).toFixed(1)} s (${topics || 'none'}); ${summary.unroutable.length} lines not sent`);
  if (summary.unroutable.length > 0) process.exitCode = 2;
}

main().catch((error: unknown) => {
  console.error(`[replay] ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
