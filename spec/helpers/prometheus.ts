// Scrapes a broker's GET /metrics and reads the Prometheus text format (prom-client writes it;
// it has no parser): one sample per line, `name{label="value",...} number`, # lines skipped.
export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

export class Scrape {
  constructor(
    readonly samples: Sample[],
    readonly text: string,
  ) {}

  /** Names of every metric family (its # TYPE line) with at least one sample. */
  families(): Set<string> {
    const sampled = new Set(this.samples.map((s) => s.name));
    const declared = [...this.text.matchAll(/^# TYPE (\S+) (\S+)$/gm)].map((m) => m[1]);
    return new Set(declared.filter((name) => ['', '_count'].some((suffix) => sampled.has(name + suffix))));
  }

  /** The one sample with exactly these labels (none: the unlabelled series); undefined when absent. */
  find(name: string, labels: Record<string, string> = {}): number | undefined {
    const want = Object.entries(labels);
    const hit = this.samples.find(
      (s) =>
        s.name === name && Object.keys(s.labels).length === want.length && want.every(([k, v]) => s.labels[k] === v),
    );
    return hit?.value;
  }

  /** The sample's value, failing loudly when it is missing. */
  value(name: string, labels: Record<string, string> = {}): number {
    const v = this.find(name, labels);
    if (v === undefined) throw new Error(`no sample ${name}${JSON.stringify(labels)} in /metrics`);
    return v;
  }

  /** Sum over the samples of `name` whose labels include `labels`. */
  sum(name: string, labels: Record<string, string> = {}): number {
    return this.samples
      .filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v))
      .reduce((total, s) => total + s.value, 0);
  }
}

const LINE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s+(\S+)$/;
const LABEL = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g;

export function parsePrometheus(text: string): Scrape {
  const samples: Sample[] = [];
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const m = LINE.exec(line);
    if (!m) throw new Error(`unparsable /metrics line: ${line}`);
    const labels: Record<string, string> = {};
    for (const l of (m[2] ?? '').matchAll(LABEL))
      labels[l[1]] = l[2].replace(/\\(.)/g, (_, c: string) => (c === 'n' ? '\n' : c));
    samples.push({ name: m[1], labels, value: Number(m[3]) });
  }
  return new Scrape(samples, text);
}

/** GET {baseUrl}/metrics, parsed; fails on a non-200 answer. */
export async function scrape(baseUrl: string): Promise<Scrape> {
  const response = await fetch(`${baseUrl}/metrics`);
  const text = await response.text();
  if (response.status !== 200) throw new Error(`GET /metrics answered ${response.status}: ${text}`);
  return parsePrometheus(text);
}
