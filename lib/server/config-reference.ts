// The README's "Broker configuration reference", rendered from the config table and nothing
// else; spec/server/config-reference.spec.ts fails when the README holds anything different.
// `node dist/lib/server/config-reference.js --render` prints the block to paste between its markers.
import { BROKER_CONFIG_KEYS } from './config-def';
import { TOPIC_ONLY_CONFIG_KEYS } from '../storage';
import { configText, type ConfigKeyDef } from '../util/config-def';

export const CONFIG_REFERENCE_BEGIN = '<!-- broker-config:begin -->';
export const CONFIG_REFERENCE_END = '<!-- broker-config:end -->';

const SUPPORT_TEXT: Record<NonNullable<ConfigKeyDef['support']> | 'read', string> = {
  read: 'read',
  ignored: 'accepted, no effect',
  reported: 'not read; warns',
};

function cell(text: string): string {
  return text.replace(/\|/g, '\\|');
}

function code(text: string | null | undefined): string {
  return text === null || text === undefined ? '' : `\`${text}\``;
}

function defaultCell(def: ConfigKeyDef): string {
  if (def.required) return 'required';
  return def.default === null ? '—' : code(configText(def.default));
}

/** The bounds the table gives a key beyond its type's own, and the values it may take. */
function validCell(def: ConfigKeyDef): string {
  if (def.values !== undefined) return `${def.type === 'list' ? 'list of ' : ''}${def.values.join(', ')}`;
  const [min, max] = def.range ?? [null, null];
  if (min !== null && max !== null) return `${min} … ${max}`;
  if (min !== null) return `≥ ${min}`;
  return max !== null ? `≤ ${max}` : '';
}

function row(key: string, def: ConfigKeyDef): string {
  const cells = [
    code(key),
    def.type,
    defaultCell(def),
    validCell(def),
    code(def.topic),
    SUPPORT_TEXT[def.support ?? 'read'],
    def.doc,
  ];
  return `| ${cells.map(cell).join(' | ')} |`;
}

/** The README block: one row per broker key, in key order, then what the table does not show as rows. */
export function renderConfigReference(): string {
  const keys: Readonly<Record<string, ConfigKeyDef>> = BROKER_CONFIG_KEYS;
  const rows = Object.keys(keys)
    .sort()
    .map((key) => row(key, keys[key]));
  const dynamic = Object.keys(keys).filter((key) => keys[key].dynamic);
  return (
    [
      '| Key | Type | Default | Valid values | Topic key | Samsa | Description |',
      '| --- | --- | --- | --- | --- | --- | --- |',
      ...rows,
      '',
      dynamic.length === 0
        ? 'Every key is read once at start-up: none is dynamic yet, so a change needs a restart.'
        : `Dynamic keys (changeable while the broker runs): ${dynamic.map(code).join(', ')}.`,
      `Topic keys with no broker key behind them (not read): ${Object.keys(TOPIC_ONLY_CONFIG_KEYS).map(code).join(', ')}.`,
    ].join('\n') + '\n'
  );
}

if (require.main === module && process.argv.includes('--render')) {
  process.stdout.write(`${CONFIG_REFERENCE_BEGIN}\n${renderConfigReference()}${CONFIG_REFERENCE_END}\n`);
}
