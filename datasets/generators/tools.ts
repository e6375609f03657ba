import { type Line, line, tool, user } from '../authoring/build.js';
import type { ArgRule } from '../evaluate/rodeo/tools.js';
import type { Rng } from '../prng.js';
import type { ToolDef } from '../task.js';
import { CITIES, NAMES, SURNAMES } from './pools.js';

interface Call {
  name: string;
  arguments: Record<string, unknown>;
}

interface Domain {
  /** The domain's tools, with enum values drawn for this task. */
  tools(rng: Rng): ToolDef[];
  /** One request in words and the call that serves it. */
  request(rng: Rng, tools: ToolDef[]): { text: string; call: Call; match?: Record<string, ArgRule> };
}

const enumOf = (t: ToolDef, prop: string) =>
  ((t.function.parameters?.properties ?? {}) as Record<string, { enum?: string[] }>)[prop]?.enum ?? [];
const pad = (n: number) => String(n).padStart(2, '0');
const date = (rng: Rng) => `2026-${pad(rng.int(1, 12))}-${pad(rng.int(1, 28))}`;
const ROOMS = [
  'kitchen',
  'office',
  'bedroom',
  'hallway',
  'garage',
  'studio',
  'nursery',
  'attic',
  'den',
  'patio',
];
const WAREHOUSES = ['north', 'south', 'east', 'west', 'harbor', 'airport', 'central', 'valley'];
const IATA = [
  'LIS',
  'OPO',
  'MAD',
  'BCN',
  'CDG',
  'AMS',
  'FRA',
  'MUC',
  'VIE',
  'ZRH',
  'CPH',
  'OSL',
  'HEL',
  'DUB',
  'PRG',
  'WAW',
];

const DOMAINS: Domain[] = [
  {
    tools: (rng) => [
      tool(
        'set_thermostat',
        'Set the target temperature of a room.',
        {
          room: { type: 'string', enum: rng.sample(ROOMS, 4) },
          temperature_c: { type: 'number', minimum: 10, maximum: 30 },
          mode: { type: 'string', enum: ['heat', 'cool', 'auto'] },
        },
        ['room', 'temperature_c', 'mode'],
      ),
      tool(
        'toggle_light',
        'Switch the lights of a room on or off.',
        { room: { type: 'string' }, on: { type: 'boolean' } },
        ['room', 'on'],
      ),
    ],
    request(rng, tools) {
      const room = rng.pick(enumOf(tools[0]!, 'room'));
      const temperature = rng.int(32, 56) / 2;
      const mode = rng.pick(['heat', 'cool', 'auto']);
      return {
        text: `Set the ${room} to ${temperature} °C in ${mode} mode.`,
        call: { name: 'set_thermostat', arguments: { room, temperature_c: temperature, mode } },
      };
    },
  },
  {
    tools: (rng) => [
      tool(
        'restock_item',
        'Order more units of a product for a warehouse.',
        {
          sku: { type: 'string', pattern: '^[A-Z]{3}-\\d{3}$' },
          quantity: { type: 'integer', minimum: 1 },
          warehouse: { type: 'string', enum: rng.sample(WAREHOUSES, 3) },
        },
        ['sku', 'quantity', 'warehouse'],
      ),
      tool(
        'get_stock',
        'Units in stock for a product.',
        { sku: { type: 'string', pattern: '^[A-Z]{3}-\\d{3}$' } },
        ['sku'],
      ),
    ],
    request(rng, tools) {
      const sku = `${String.fromCharCode(65 + rng.below(26), 65 + rng.below(26), 65 + rng.below(26))}-${rng.int(100, 999)}`;
      const quantity = rng.int(5, 500);
      const warehouse = rng.pick(enumOf(tools[0]!, 'warehouse'));
      return {
        text: `We are running low on ${sku}: restock ${quantity} units at the ${warehouse} warehouse.`,
        call: { name: 'restock_item', arguments: { sku, quantity, warehouse } },
      };
    },
  },
  {
    tools: () => [
      tool(
        'book_hotel',
        'Book a hotel room.',
        {
          city: { type: 'string' },
          check_in: { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$' },
          nights: { type: 'integer', minimum: 1 },
          guests: { type: 'integer', minimum: 1, maximum: 8 },
        },
        ['city', 'check_in', 'nights', 'guests'],
      ),
      tool(
        'find_flights',
        'Search flights between two airports.',
        {
          origin: { type: 'string', pattern: '^[A-Z]{3}$' },
          destination: { type: 'string', pattern: '^[A-Z]{3}$' },
          date: { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$' },
        },
        ['origin', 'destination', 'date'],
      ),
    ],
    request(rng) {
      if (rng.below(2)) {
        const [origin, destination] = rng.sample(IATA, 2);
        const day = date(rng);
        return {
          text: `Find flights from ${origin} to ${destination} on ${day}.`,
          call: { name: 'find_flights', arguments: { origin, destination, date: day } },
        };
      }
      const city = rng.pick(CITIES);
      const day = date(rng);
      const nights = rng.int(1, 14);
      const guests = rng.int(1, 6);
      return {
        text: `Book a hotel in ${city} for ${guests} guest${guests > 1 ? 's' : ''}, checking in on ${day} for ${nights} night${nights > 1 ? 's' : ''}.`,
        call: { name: 'book_hotel', arguments: { city, check_in: day, nights, guests } },
        match: { city: 'contains' },
      };
    },
  },
  {
    tools: () => [
      tool(
        'create_ticket',
        'Open a customer support ticket.',
        {
          customer_id: { type: 'integer', minimum: 1 },
          priority: { type: 'string', enum: ['low', 'normal', 'high', 'urgent'] },
          title: { type: 'string' },
        },
        ['customer_id', 'priority', 'title'],
      ),
      tool(
        'refund_payment',
        'Refund part or all of a payment.',
        {
          payment_id: { type: 'string', pattern: '^pay_[a-z0-9]{6}$' },
          amount: { type: 'number', exclusiveMinimum: 0 },
        },
        ['payment_id', 'amount'],
      ),
    ],
    request(rng) {
      if (rng.below(2)) {
        const paymentId = `pay_${Array.from({ length: 6 }, () => 'abcdefghjkmnpqrstuvwxyz23456789'[rng.below(31)]).join('')}`;
        const amount = rng.int(100, 99999) / 100;
        return {
          text: `Refund ${amount.toFixed(2)} on payment ${paymentId}.`,
          call: { name: 'refund_payment', arguments: { payment_id: paymentId, amount } },
        };
      }
      const customer = rng.int(1000, 99999);
      const priority = rng.pick(['low', 'normal', 'high', 'urgent']);
      const who = `${rng.pick(NAMES)} ${rng.pick(SURNAMES)}`;
      return {
        text: `Open a ${priority}-priority ticket for customer ${customer} (${who}) titled "Cannot log in".`,
        call: {
          name: 'create_ticket',
          arguments: { customer_id: customer, priority, title: 'Cannot log in' },
        },
        match: { title: 'contains' },
      };
    },
  },
];

/** Tool-use tasks with generated tool sets and expected calls: one call (function_calling) or two in order (tool_chaining). */
export function toolGen(rng: Rng, id: string): Line {
  const [d1, d2, d3] = rng.sample(DOMAINS, 3) as [Domain, Domain, Domain];
  const [t1, t2, t3] = [d1.tools(rng), d2.tools(rng), d3.tools(rng)];
  const chain = rng.below(2) === 1;
  const tools = rng.shuffle(chain ? [...t1, ...t2, t3[0]!] : [...t1, t2[0]!, t3[0]!]);
  const steps = chain ? [d1.request(rng, t1), d2.request(rng, t2)] : [d1.request(rng, t1)];
  const type = chain ? 'tool_chaining' : 'function_calling';
  const text = chain
    ? `${steps[0]!.text} Then: ${steps[1]!.text}\n\nMake both tool calls, in this order, in this one reply.`
    : steps[0]!.text;
  return line({
    id,
    category: 'tool_use',
    type,
    difficulty: chain ? 'hard' : 'medium',
    messages: [user(text)],
    expected: { arg_match: steps.map((s) => s.match ?? {}) },
    reference: { content: '', toolCalls: steps.map((s) => s.call) },
    extra: {
      tool_use_task_type: type,
      available_tools: tools,
      ...(chain
        ? { expected_sequence: steps.map((s) => s.call.name), evaluation: { partial_credit: true } }
        : { expected_call: { function: steps[0]!.call.name, arguments: steps[0]!.call.arguments } }),
    },
  });
}
