import { existsSync } from 'node:fs';
import { loadConfig, probeBrokers } from '@imc/platform';
import { replayFile } from './replay';
import { errorMessage } from '@imc/contracts';

const USAGE = 'usage: npm run replay -- <scenario.jsonl> [--batch N] [--transactional] [--no-wait] [--mode structured|binary]';

/**
 * `npm run replay -- <scenario.jsonl> [--batch N] [--transactional] [--no-wait] [--mode structured|binary]`:
 * publishes a scenario file to Kafka, in either CloudEvents content mode (default structured).
 * Each moment of the file goes in one send (the lines up to the next later time), unless --batch N
 * asks for sends of N lines; --transactional puts each send in a transaction of its own.
 * A planner's decisions wait for the allocator (consumer group `${IMC_INSTANCE}-allocator`) to
 * catch up first, unless --no-wait.
 */
async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const file = args.find((a, i) => !a.startsWith('--') && !['--batch', '--mode'].includes(args[i - 1]));
  if (!file) throw new Error(USAGE);
  const unknown = args.filter((a, i) => a.startsWith('--') && !['--batch', '--mode', '--no-wait', '--transactional'].includes(a) && !['--batch', '--mode'].includes(args[i - 1]));
  if (unknown.length > 0) throw new Error(`unknown option ${unknown.join(', ')}; ${USAGE}`);
  if (!existsSync(file)) throw new Error(`no such file: ${file}`);
  const batchArg = args.indexOf('--batch');
  const batch = batchArg >= 0 ? Number(args[batchArg + 1]) : 1;
  if (!Number.isInteger(batch) || batch < 1) throw new Error('--batch takes a whole number >= 1');
  const modeArg = args.indexOf('--mode');
  const mode = modeArg >= 0 ? args[modeArg + 1] : 'structured';
  if (mode !== 'structured' && mode !== 'binary') throw new Error('--mode takes structured or binary');
  const config = loadConfig();
  // A wrong password or an untrusted certificate is then one clear line, not a kafkajs retry error.
  await probeBrokers(config.kafka);
  const allocatorGroup = args.includes('--no-wait') ? undefined : `${config.IMC_INSTANCE}-allocator`;
  const moments = batchArg < 0;
  const transactional = args.includes('--transactional');
  const summary = await replayFile(file, config.kafka, { progress: true, batch, moments, transactional, mode, allocatorGroup, debounceMs: config.IMC_DEBOUNCE_MS });
  for (const u of summary.unroutable) console.error(`line ${u.line}: ${u.reason} (not sent)`);
  for (const w of summary.waits) console.error(w);
  const topics = Object.entries(summary.byTopic)
    .map(([t, n]) => `${t} ${n}`)
    .join(', ');
  console.error(`[replay] sent ${summary.sent} events in ${(summary.ms / 1000).toFixed(1)} s (${topics || 'none'}); ${summary.unroutable.length} lines not sent`);
  if (summary.unroutable.length > 0) process.exitCode = 2;
}

main().catch((error: unknown) => {
  console.error(`[replay] ${errorMessage(error)}`);
  process.exit(1);
});
