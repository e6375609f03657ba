import type { PixelCheck } from '../evaluate/rodeo/artifacts.js';
import { Canvas } from '../image/canvas.js';
import { pngDataUrl } from '../image/inspect.js';
import type { JsonSchema } from '../json-schema.js';
import { type Difficulty, type Line, line, user } from './build.js';

const m = 'multimodal_output' as const;
const INLINE =
  'Reply with the image inline, as a Markdown image whose URL is a data:image/png;base64,... data URL (no links to files).';

function imageTask(
  id: string,
  d: Difficulty,
  ask: string,
  canvas: Canvas,
  checks: PixelCheck[],
  description: string,
): Line {
  return line({
    id,
    category: m,
    type: 'image_generation',
    difficulty: d,
    messages: [user(`${ask} ${INLINE}`)],
    expected: {
      type: 'multimodal',
      image: { width: canvas.width, height: canvas.height, formats: ['png'], checks },
    },
    reference: {
      content: `Here is the image:\n\n![generated image](${pngDataUrl(canvas.toPng())})`,
      description,
    },
    extra: {
      multimodal_task_type: 'image_generation',
      evaluation: { type: 'clip_similarity', min_score: 0.25, check_format: 'png|jpg|webp' },
    },
  });
}

type ValueCheck = { pointer: string; equals?: unknown; accept?: string | string[]; number?: number };

function jsonTask(
  id: string,
  d: Difficulty,
  ask: string,
  name: string,
  schema: JsonSchema,
  values: ValueCheck[],
  reference: unknown,
): Line {
  return line({
    id,
    category: m,
    type: 'structured_output',
    difficulty: d,
    messages: [user(`${ask}\n\nReply with JSON only, matching this JSON Schema:\n${JSON.stringify(schema)}`)],
    expected: { type: 'text', contains: Object.keys((schema.properties as object) ?? {}), schema, values },
    reference: { content: JSON.stringify(reference, null, 2) },
    extra: { response_format: { type: 'json_schema', json_schema: { name, schema, strict: true } } },
  });
}

function fileTask(
  id: string,
  d: Difficulty,
  ask: string,
  file: Record<string, unknown>,
  reference: string,
  contains: string[],
): Line {
  const format = file.format as string;
  return line({
    id,
    category: m,
    type: 'file_output',
    difficulty: d,
    messages: [user(`${ask}\n\nReply with the file's content in one \`\`\`${format} code block.`)],
    expected: { type: 'text', contains, file },
    reference: { content: `\`\`\`${format}\n${reference}\n\`\`\`` },
  });
}

const ROUTING_INDICATORS = {
  generate_image: ['data:image', '![', 'here is the image', 'generated'],
  text_response: ['sky', 'sun', 'colour', 'color', 'horizon'],
};

function routingTask(
  id: string,
  d: Difficulty,
  ask: string,
  behavior: 'generate_image' | 'text_response',
  expected: Record<string, unknown>,
  reference: string,
): Line {
  return line({
    id,
    category: m,
    type: 'modality_routing',
    difficulty: d,
    messages: [user(ask)],
    expected: { type: 'text', expected_behavior: behavior, ...expected },
    reference: { content: reference },
    extra: { multimodal_task_type: 'modality_routing', evaluation: { indicators: ROUTING_INDICATORS } },
  });
}

const contact: JsonSchema = {
  type: 'object',
  properties: {
    name: { type: 'string' },
    email: { type: 'string', pattern: '^[^@\\s]+@[^@\\s]+$' },
    phone: { type: 'string' },
  },
  required: ['name', 'email', 'phone'],
  additionalProperties: false,
};
const order: JsonSchema = {
  type: 'object',
  properties: {
    items: {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        properties: {
          name: { type: 'string' },
          qty: { type: 'integer', minimum: 1 },
          unit_price: { type: 'number' },
        },
        required: ['name', 'qty', 'unit_price'],
        additionalProperties: false,
      },
    },
    total: { type: 'number' },
  },
  required: ['items', 'total'],
  additionalProperties: false,
};
const when: JsonSchema = {
  type: 'object',
  properties: {
    year: { type: 'integer' },
    month: { type: 'integer', minimum: 1, maximum: 12 },
    day: { type: 'integer', minimum: 1, maximum: 31 },
    hour: { type: 'integer', minimum: 0, maximum: 23 },
    minute: { type: 'integer', minimum: 0, maximum: 59 },
  },
  required: ['year', 'month', 'day', 'hour', 'minute'],
  additionalProperties: false,
};
const book: JsonSchema = {
  type: 'object',
  properties: {
    title: { type: 'string' },
    author: { type: 'string' },
    year: { type: 'integer' },
    pages: { type: 'integer' },
  },
  required: ['title', 'author', 'year', 'pages'],
  additionalProperties: false,
};
const ingredients: JsonSchema = {
  type: 'object',
  properties: {
    ingredients: {
      type: 'array',
      items: {
        type: 'object',
        properties: { name: { type: 'string' }, quantity: { type: 'number' }, unit: { type: 'string' } },
        required: ['name', 'quantity', 'unit'],
        additionalProperties: false,
      },
      minItems: 2,
      maxItems: 2,
    },
  },
  required: ['ingredients'],
  additionalProperties: false,
};
const primaries: JsonSchema = {
  type: 'object',
  properties: {
    colors: {
      type: 'array',
      items: {
        type: 'string',
        enum: ['red', 'green', 'blue', 'cyan', 'magenta', 'yellow', 'black', 'white'],
      },
      minItems: 3,
      maxItems: 3,
      uniqueItems: true,
    },
  },
  required: ['colors'],
  additionalProperties: false,
};

const redDot = new Canvas(64, 64).circle(32, 32, 20, 'red');
const halves = new Canvas(64, 64).rect(0, 0, 32, 64, 'blue').rect(32, 0, 32, 64, 'yellow');
const whiteSquare = new Canvas(96, 48, 'black').rect(36, 12, 24, 24, 'white');
const greenTriangle = new Canvas(64, 64).triangle(12, 12, 40, 'green');
const stripes = new Canvas(120, 40).rect(0, 0, 40, 40, 'red').rect(80, 0, 40, 40, 'blue');
const orange = new Canvas(32, 32, 'orange');

export const train: Line[] = [
  imageTask(
    'multimodal_output_train_001',
    'easy',
    'Create a 64x64 pixel PNG image: white background with a filled red circle of radius about 20 px in the centre.',
    redDot,
    [
      { x: 0.5, y: 0.5, color: 'red' },
      { x: 0.5, y: 0.3, color: 'red' },
      { x: 0.05, y: 0.05, color: 'white' },
      { x: 0.95, y: 0.95, color: 'white' },
    ],
    'A 64x64 white square image with a filled red circle (radius about 20 px) centred on it.',
  ),
  imageTask(
    'multimodal_output_train_002',
    'easy',
    'Create a 64x64 pixel PNG image whose left half is blue and right half is yellow.',
    halves,
    [
      { x: 0.2, y: 0.5, color: 'blue' },
      { x: 0.1, y: 0.1, color: 'blue' },
      { x: 0.8, y: 0.5, color: 'yellow' },
      { x: 0.9, y: 0.9, color: 'yellow' },
    ],
    'A 64x64 image split vertically: blue on the left half, yellow on the right half.',
  ),
  imageTask(
    'multimodal_output_train_003',
    'medium',
    'Create a 96x48 pixel PNG image: black background with a white 24x24 px square in the centre.',
    whiteSquare,
    [
      { x: 0.5, y: 0.5, color: 'white' },
      { x: 0.05, y: 0.5, color: 'black' },
      { x: 0.95, y: 0.1, color: 'black' },
      { x: 0.45, y: 0.4, color: 'white' },
    ],
    'A 96x48 black image with a white 24x24 square at its centre.',
  ),
  jsonTask(
    'multimodal_output_train_004',
    'easy',
    'Extract the contact details from this message: "Hi, this is Marta Kowalski. Reach me at marta.k@example.org or on +48 601 234 567."',
    'contact',
    contact,
    [
      { pointer: '/name', accept: 'Marta Kowalski' },
      { pointer: '/email', equals: 'marta.k@example.org' },
      { pointer: '/phone', accept: ['+48 601 234 567', '+48601234567', '+48-601-234-567'] },
    ],
    { name: 'Marta Kowalski', email: 'marta.k@example.org', phone: '+48 601 234 567' },
  ),
  jsonTask(
    'multimodal_output_train_005',
    'medium',
    'Turn this order into JSON: 2 coffees at 3.50 each and 1 bagel at 2.25. "total" is the order total.',
    'order',
    order,
    [
      { pointer: '/total', number: 9.25 },
      { pointer: '/items/0/qty', equals: 2 },
      { pointer: '/items/1/unit_price', number: 2.25 },
    ],
    {
      items: [
        { name: 'coffee', qty: 2, unit_price: 3.5 },
        { name: 'bagel', qty: 1, unit_price: 2.25 },
      ],
      total: 9.25,
    },
  ),
  jsonTask(
    'multimodal_output_train_006',
    'easy',
    'Parse the timestamp "2025-07-04 18:30 UTC" into its parts.',
    'timestamp',
    when,
    [
      { pointer: '/year', equals: 2025 },
      { pointer: '/month', equals: 7 },
      { pointer: '/day', equals: 4 },
      { pointer: '/hour', equals: 18 },
      { pointer: '/minute', equals: 30 },
    ],
    { year: 2025, month: 7, day: 4, hour: 18, minute: 30 },
  ),
  fileTask(
    'multimodal_output_train_007',
    'easy',
    'Create a CSV file with the header name,age,city for these people: Ana is 31 and lives in Porto; Ben is 27 and lives in Leeds; Chen is 45 and lives in Taipei.',
    {
      format: 'csv',
      columns: ['name', 'age', 'city'],
      rows: [
        ['Ana', 31, 'Porto'],
        ['Ben', 27, 'Leeds'],
        ['Chen', 45, 'Taipei'],
      ],
    },
    'name,age,city\nAna,31,Porto\nBen,27,Leeds\nChen,45,Taipei',
    ['name,age,city', 'Porto'],
  ),
  fileTask(
    'multimodal_output_train_008',
    'medium',
    'Write an SVG file, 200 by 100 pixels, containing exactly two circles filled "blue" and one rectangle filled "red" (use those colour names).',
    {
      format: 'svg',
      elements: [
        { tag: 'circle', fill: 'blue', count: 2 },
        { tag: 'rect', fill: 'red', count: 1 },
      ],
    },
    '<svg xmlns="http://www.w3.org/2000/svg" width="200" height="100">\n  <circle cx="40" cy="50" r="25" fill="blue"/>\n  <circle cx="100" cy="50" r="25" fill="blue"/>\n  <rect x="140" y="25" width="45" height="50" fill="red"/>\n</svg>',
    ['<svg', 'circle'],
  ),
  routingTask(
    'multimodal_output_train_009',
    'medium',
    'Show me a small picture of a red circle on a white background.',
    'generate_image',
    { image: { formats: ['png', 'jpeg', 'webp'] } },
    `Here is the image:\n\n![red circle](${pngDataUrl(redDot.toPng())})`,
  ),
];

export const dev: Line[] = [
  imageTask(
    'multimodal_output_dev_001',
    'easy',
    'Create a 64x64 pixel PNG image: a filled green triangle pointing up, about 40 px wide, centred on a white background.',
    greenTriangle,
    [
      { x: 0.5, y: 0.6, color: 'green' },
      { x: 0.5, y: 0.75, color: 'green' },
      { x: 0.05, y: 0.05, color: 'white' },
      { x: 0.95, y: 0.1, color: 'white' },
    ],
    'A 64x64 white image with a green upward-pointing triangle, about 40 px wide, in the middle.',
  ),
  imageTask(
    'multimodal_output_dev_002',
    'medium',
    'Create a 120x40 pixel PNG image with three equal vertical stripes, left to right: red, white, blue.',
    stripes,
    [
      { x: 0.15, y: 0.5, color: 'red' },
      { x: 0.5, y: 0.5, color: 'white' },
      { x: 0.85, y: 0.5, color: 'blue' },
      { x: 0.05, y: 0.9, color: 'red' },
    ],
    'A 120x40 image of three vertical stripes: red, white, blue.',
  ),
  imageTask(
    'multimodal_output_dev_003',
    'easy',
    'Create a 32x32 pixel PNG image filled entirely with orange.',
    orange,
    [
      { x: 0.5, y: 0.5, color: 'orange' },
      { x: 0.05, y: 0.05, color: 'orange' },
      { x: 0.95, y: 0.95, color: 'orange' },
    ],
    'A 32x32 image of solid orange.',
  ),
  jsonTask(
    'multimodal_output_dev_004',
    'easy',
    'Extract the book details from: "Dune by Frank Herbert, first published in 1965, 412 pages."',
    'book',
    book,
    [
      { pointer: '/title', accept: 'Dune' },
      { pointer: '/author', accept: 'Frank Herbert' },
      { pointer: '/year', equals: 1965 },
      { pointer: '/pages', equals: 412 },
    ],
    { title: 'Dune', author: 'Frank Herbert', year: 1965, pages: 412 },
  ),
  jsonTask(
    'multimodal_output_dev_005',
    'medium',
    'Convert this recipe step into JSON, one entry per ingredient in order: "Add 2 cups of flour and 1 tsp of salt."',
    'ingredients',
    ingredients,
    [
      { pointer: '/ingredients/0/name', accept: 'flour' },
      { pointer: '/ingredients/0/quantity', number: 2 },
      { pointer: '/ingredients/0/unit', accept: ['cups', 'cup'] },
      { pointer: '/ingredients/1/name', accept: 'salt' },
      { pointer: '/ingredients/1/unit', accept: ['tsp', 'teaspoon', 'teaspoons'] },
    ],
    {
      ingredients: [
        { name: 'flour', quantity: 2, unit: 'cups' },
        { name: 'salt', quantity: 1, unit: 'tsp' },
      ],
    },
  ),
  jsonTask(
    'multimodal_output_dev_006',
    'easy',
    'List the three additive primary colours of light.',
    'primaries',
    primaries,
    [
      { pointer: '/colors/0', accept: ['red', 'green', 'blue'] },
      { pointer: '/colors/1', accept: ['red', 'green', 'blue'] },
      { pointer: '/colors/2', accept: ['red', 'green', 'blue'] },
    ],
    { colors: ['red', 'green', 'blue'] },
  ),
  fileTask(
    'multimodal_output_dev_007',
    'medium',
    'Convert this price list into a CSV file with the header product,price: a notebook costs 4.5, a pen costs 1.2, a stapler costs 7.',
    {
      format: 'csv',
      columns: ['product', 'price'],
      rows: [
        ['notebook', 4.5],
        ['pen', 1.2],
        ['stapler', 7],
      ],
    },
    'product,price\nnotebook,4.5\npen,1.2\nstapler,7',
    ['product,price', 'stapler'],
  ),
  fileTask(
    'multimodal_output_dev_008',
    'medium',
    'Write an SVG file, 100 by 100 pixels, with one circle filled "green" and exactly three <line> elements.',
    {
      format: 'svg',
      elements: [
        { tag: 'circle', fill: 'green', count: 1 },
        { tag: 'line', count: 3 },
      ],
    },
    '<svg xmlns="http://www.w3.org/2000/svg" width="100" height="100">\n  <circle cx="50" cy="50" r="20" fill="green"/>\n  <line x1="0" y1="0" x2="100" y2="100" stroke="black"/>\n  <line x1="100" y1="0" x2="0" y2="100" stroke="black"/>\n  <line x1="50" y1="0" x2="50" y2="100" stroke="black"/>\n</svg>',
    ['<svg', 'line'],
  ),
  routingTask(
    'multimodal_output_dev_009',
    'medium',
    'In two or three sentences, describe in words what a sunset over the sea looks like. No pictures, please.',
    'text_response',
    {
      accept: [
        ['orange', 'red', 'pink', 'gold', 'golden', 'purple'],
        ['sun'],
        ['sea', 'water', 'horizon', 'waves', 'ocean'],
      ],
    },
    'The sun sinks toward the horizon and the sky turns orange, pink and gold. The sea reflects the colours in a shimmering path of light, and the water darkens as the sun disappears.',
  ),
];
