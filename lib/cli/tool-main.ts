// The shape every tool's entry point shares: parse the flags (usage error: exit 2 with the
// usage text), run with lines to stdout (failure: exit 1 with the message), else exit with what
// the run returned (0 when nothing).

export async function toolMain<A>(
  argv: string[],
  usage: string,
  parse: (argv: string[]) => A,
  run: (args: A, out: (line: string) => void) => Promise<number | void>,
): Promise<number> {
  let args: A;
  try {
    args = parse(argv);
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n${usage}\n`);
    return 2;
  }
  try {
    return (await run(args, (line) => process.stdout.write(`${line}\n`))) ?? 0;
  } catch (err) {
    process.stderr.write(`Error: ${(err as Error).message}\n`);
    return 1;
  }
}
