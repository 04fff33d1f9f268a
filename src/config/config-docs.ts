import { alternatives, configJsonSchema, type JsonSchema } from './config-json-schema.js';

/**
 * docs/config.md: every key of the config with its type, default and description, generated from the config's JSON
 * Schema (the one `bench schema` prints), so the page cannot drift from what the config accepts. A key whose value is
 * one of several kinds told apart by a fixed field (a model's `provider`, a strategy's `use`) gets a section per kind.
 */
export function configDocs(schema: JsonSchema = configJsonSchema()): string {
  const sections: string[] = [];
  const top = table(fieldRows(schema, '', sections));
  return [
    '# Config reference',
    '',
    '<!-- Generated from the config schema by `npm run docs:config`: edit the schema\'s descriptions (src/config/schema.ts, each provider\'s and strategy\'s own file), not this page. A test fails when it is stale. -->',
    '',
    'Every key of a `bench --config` YAML file, with its type and default. `npx bench schema` prints the same schema as JSON Schema, for an editor\'s YAML plugin (completion and these descriptions on hover).',
    '',
    '## Top level',
    '',
    top,
    ...sections,
  ].join('\n');
}

interface Row {
  key: string;
  type: string;
  default: string;
  description: string;
}

/** The rows of an object's fields, its nested objects' fields after each; kinds of a value go to `sections`. */
function fieldRows(schema: JsonSchema, prefix: string, sections: string[]): Row[] {
  const required = new Set(schema.required ?? []);
  return Object.entries(schema.properties ?? {}).flatMap(([name, property]) => {
    if (typeof property === 'boolean') return [];
    const key = `${prefix}${name}`;
    const kinds = kindsOf(property);
    if (kinds !== undefined) sections.push(kindSections(key, property, kinds));
    const nested = objectPart(property);
    const row: Row = {
      key: `\`${key}\``,
      type: kinds !== undefined ? `${property.type === 'array' ? 'list' : 'mapping'}, see [${key}](#${anchor(key)})` : typeOf(property),
      default: nested !== undefined && property.default !== undefined && typeof property.default === 'object' ? 'see below' : defaultOf(property, required.has(name)),
      description: describe(property),
    };
    return [row, ...(nested === undefined || kinds !== undefined ? [] : fieldRows(nested, `${key}.`, sections))];
  });
}

/** The object among a value's alternatives whose fields are listed below it (`panel.pairwise: true | { judges }`). */
function objectPart(schema: JsonSchema): JsonSchema | undefined {
  return alternatives(schema).find((option) => option.properties !== undefined);
}

/** What a list's items or a mapping's values are, when they come in kinds told apart by a fixed field. */
function kindsOf(schema: JsonSchema): { field: string; options: JsonSchema[] } | undefined {
  const inner = [schema.items, schema.additionalProperties].find((part): part is JsonSchema => typeof part === 'object' && !Array.isArray(part));
  const options = alternatives(inner ?? {}).filter((option) => option.properties !== undefined);
  const field = Object.keys(options[0]?.properties ?? {}).find((name) => options.every((option) => constOf(option, name) !== undefined));
  return options.length > 1 && field !== undefined ? { field, options } : undefined;
}

function kindSections(key: string, schema: JsonSchema, { field, options }: { field: string; options: JsonSchema[] }): string {
  const element = schema.type === 'array' ? `${key}[]` : `${key}.<name>`;
  const bare = alternatives(typeof schema.items === 'object' && !Array.isArray(schema.items) ? schema.items : {}).find((option) => option.enum !== undefined);
  const lines = [
    '',
    `## ${key}`,
    '',
    `Each \`${element}\` is one of the kinds below, chosen by its \`${field}\`.${bare === undefined ? '' : ` A bare name (\`- ${String(bare.enum?.[0])}\`) is that kind with every option at its default.`}`,
  ];
  for (const option of options) {
    const sections: string[] = [];
    lines.push('', `### \`${field}: ${String(constOf(option, field))}\``, '', ...(option.description === undefined ? [] : [escape(option.description), '']), table(fieldRows(option, '', sections)), ...sections);
  }
  return lines.join('\n');
}

function constOf(option: JsonSchema, field: string): unknown {
  const property = option.properties?.[field];
  return typeof property === 'object' ? property.const : undefined;
}

function table(rows: readonly Row[]): string {
  return ['| key | type | default | description |', '|---|---|---|---|', ...rows.map((row) => `| ${row.key} | ${row.type} | ${row.default} | ${row.description} |`)].join('\n');
}

function describe(schema: JsonSchema): string {
  const names = typeof schema.propertyNames === 'object' ? schema.propertyNames.enum : undefined;
  const keys = names === undefined ? '' : ` (keys: ${names.map((name) => `\`${String(name)}\``).join(', ')})`;
  return `${schema.deprecated ? '**Deprecated.** ' : ''}${escape(schema.description ?? '')}${keys}`;
}

function defaultOf(schema: JsonSchema, required: boolean): string {
  if (schema.default !== undefined) return `\`${escape(JSON.stringify(schema.default))}\``;
  return required ? 'required' : '—';
}

function typeOf(schema: JsonSchema): string {
  if (schema.const !== undefined) return `\`${String(schema.const)}\``;
  if (schema.enum !== undefined) return `one of ${schema.enum.map((value) => `\`${String(value)}\``).join(', ')}`;
  const options = [...(schema.anyOf ?? []), ...(schema.oneOf ?? [])];
  if (options.length > 0) return [...new Set(options.map(typeOf))].join(' or ');
  if (schema.type === 'array') {
    const items = typeof schema.items === 'object' && !Array.isArray(schema.items) ? typeOf(schema.items) : 'any';
    return `${schema.minItems !== undefined && schema.minItems > 0 ? 'non-empty ' : ''}list of ${items}`;
  }
  if (schema.type === 'object') return 'mapping';
  if (schema.type === 'integer' || schema.type === 'number') return `${schema.type}${range(schema)}`;
  if (Array.isArray(schema.type)) return schema.type.join(' or ');
  return schema.type ?? 'any';
}

/** ` 0–10`, ` ≥ 1`, ` > 0`; the bounds of a safe integer say nothing and are left out. */
function range(schema: JsonSchema): string {
  const meaningful = (bound: unknown): bound is number => typeof bound === 'number' && Math.abs(bound) < Number.MAX_SAFE_INTEGER;
  const low = meaningful(schema.minimum) ? schema.minimum : undefined;
  const above = meaningful(schema.exclusiveMinimum) ? schema.exclusiveMinimum : undefined;
  const high = meaningful(schema.maximum) ? schema.maximum : undefined;
  if (low !== undefined && high !== undefined) return ` ${low}–${high}`;
  if (low !== undefined) return ` ≥ ${low}`;
  if (above !== undefined) return ` > ${above}`;
  if (high !== undefined) return ` ≤ ${high}`;
  return '';
}

/** GitHub's heading anchor: lower case, punctuation but `-` and `_` dropped, spaces to `-`. */
function anchor(heading: string): string {
  return heading.toLowerCase().replace(/[^\w\- ]/g, '').replace(/ /g, '-');
}

/** A table cell's text: a `|` would end the cell, and `<name>` outside code would be taken for HTML. */
function escape(text: string): string {
  const cell = text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
  // Between backticks (odd pieces) the text is code, shown as written.
  return cell
    .split('`')
    .map((piece, index) => (index % 2 === 1 ? piece : piece.replace(/</g, '&lt;').replace(/>/g, '&gt;')))
    .join('`');
}
