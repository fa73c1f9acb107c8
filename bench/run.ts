// `make bench` (node dist/bench/run.js): the benchmark suite of bench/suite.ts. Environment:
// BENCH_QUICK=1 tiny sizes (seconds per case), BENCH_OUT=file where the JSON goes (default
// bench/results/<date>-<host>.json), BENCH_BASELINE=file an earlier run the broker-only figures
// must not fall below, BENCH_CASES=a,b only those cases, BENCH_MB broker-only bytes per case,
// BENCH_DIR where the scratch dir (and so the brokers' log dirs) is made.
import { main } from './suite';

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
