import { type Line, line, researchTask, user } from '../authoring/build.js';
import type { JsonSchema } from '../json-schema.js';
import type { Rng } from '../prng.js';
import { CITIES, ITEMS, NAMES, SURNAMES, SYLLABLES } from './pools.js';

/** Structured output: a generated record in prose, extracted to JSON that must match a schema, values checked. */
export function structuredGen(rng: Rng, id: string): Line {
  const first = rng.pick(NAMES);
  const last = rng.pick(SURNAMES);
  const age = rng.int(19, 88);
  const city = rng.pick(CITIES);
  const picks = rng.sample(ITEMS, rng.int(1, 3));
  const lines = picks.map((item) => ({
    item: item.name,
    qty: rng.int(1, 9),
    price: rng.int(150, 9900) / 100,
  }));
  const total = Math.round(lines.reduce((s, l) => s + l.qty * l.price, 0) * 100) / 100;
  const schema: JsonSchema = {
    type: 'object',
    properties: {
      customer: {
        type: 'object',
        properties: {
          name: { type: 'string' },
          age: { type: 'integer', minimum: 0 },
          city: { type: 'string' },
        },
        required: ['name', 'age', 'city'],
        additionalProperties: false,
      },
      lines: {
        type: 'array',
        minItems: 1,
        items: {
          type: 'object',
          properties: {
            item: { type: 'string' },
            qty: { type: 'integer', minimum: 1 },
            price: { type: 'number' },
          },
          required: ['item', 'qty', 'price'],
          additionalProperties: false,
        },
      },
      total: { type: 'number' },
    },
    required: ['customer', 'lines', 'total'],
    additionalProperties: false,
  };
  const prose = `${first} ${last}, ${age}, from ${city}, ordered ${lines.map((l) => `${l.qty} ${l.qty > 1 ? ITEMS.find((i) => i.name === l.item)!.plural : l.item} at ${l.price.toFixed(2)} each`).join(' and ')}.`;
  const reference = { customer: { name: `${first} ${last}`, age, city }, lines, total };
  return line({
    id,
    category: 'multimodal_output',
    type: 'structured_output',
    difficulty: 'medium',
    messages: [
      user(
        `Turn this order into JSON (lines in the order given; "total" is the sum of qty x price): "${prose}"\n\nReply with JSON only, matching this JSON Schema:\n${JSON.stringify(schema)}`,
      ),
    ],
    expected: {
      type: 'text',
      contains: [String(age), city],
      schema,
      values: [
        { pointer: '/customer/name', accept: `${first} ${last}` },
        { pointer: '/customer/age', equals: age },
        { pointer: '/customer/city', accept: city },
        { pointer: '/total', number: total, tolerance: { abs: 0.011 } },
        ...lines.map((l, i) => ({ pointer: `/lines/${i}/qty`, equals: l.qty })),
      ],
    },
    reference: { content: JSON.stringify(reference) },
    extra: { response_format: { type: 'json_schema', json_schema: { name: 'order', schema, strict: true } } },
  });
}

/** Research over generated sources about an invented place: facts nobody can know in advance, cited by [n]. */
export function researchGen(rng: Rng, id: string): Line {
  const name = `${rng.pick(SYLLABLES)}${rng.pick(SYLLABLES)}${rng.pick(['ia', 'on', 'ar', 'ey', 'ora'])}`;
  const place = name[0]!.toUpperCase() + name.slice(1);
  const founded = rng.int(1102, 1899);
  const population = rng.int(1200, 98000);
  const mayor = `${rng.pick(NAMES)} ${rng.pick(SURNAMES)}`;
  const river = `${rng.pick(SYLLABLES)}${rng.pick(SYLLABLES)}`.replace(/^./, (c) => c.toUpperCase());
  const base = `https://archive.example.org/${name}`;
  const sources = rng.shuffle([
    {
      url: `${base}/history`,
      title: `${place}: a short history`,
      text: `${place} was founded in ${founded} as a market town on the river ${river}.`,
      fact: String(founded),
    },
    {
      url: `${base}/census`,
      title: `${place} census summary`,
      text: `The latest census counted ${population.toLocaleString('en-US')} residents in ${place}.`,
      fact: population.toLocaleString('en-US'),
    },
    {
      url: `${base}/council`,
      title: `${place} town council`,
      text: `The current mayor of ${place} is ${mayor}.`,
      fact: mayor,
    },
  ]);
  const cite = (fact: string) => sources.findIndex((s) => s.fact === fact) + 1;
  const popText = population.toLocaleString('en-US');
  return researchTask(
    id,
    'medium',
    `When was ${place} founded, how many people live there according to the latest census, and who is its mayor?`,
    sources.map(({ url, title, text }) => ({ url, title, text })),
    [String(founded), [popText, String(population)], mayor],
    `${place} was founded in ${founded} [${cite(String(founded))}]. The latest census counted ${popText} residents [${cite(popText)}], and the mayor is ${mayor} [${cite(mayor)}].`,
    3,
  );
}
