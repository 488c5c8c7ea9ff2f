import { DEMO_FILE, writeDemo } from './demo-timeline';

/** `npm run --silent demo:generate`: writes scenarios/demo-2010-2012.jsonl from data/geo-pko/. */
writeDemo()
  .then(() => console.log(`wrote ${DEMO_FILE}`))
  .catch((e: unknown) => {
    console.error(e instanceof Error ? e.message : e);
    process.exitCode = 1;
  });
