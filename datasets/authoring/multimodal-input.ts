import type { ColorName } from '../image/canvas.js';
import { barChart, type ShapeKind, shapeGrid, shapeRow, textCard } from '../image/scenes.js';
import { exactTask, type Line, line, numericTask, textTask, userWithFile, userWithImage } from './build.js';

const m = 'multimodal_input' as const;
const COLOR_WORDS = ['red', 'green', 'blue', 'yellow', 'orange', 'purple', 'gray', 'grey', 'black', 'white'];
const SHAPE_WORDS = ['circle', 'circles', 'square', 'squares', 'triangle', 'triangles'];
type K = { kind: ShapeKind; color: ColorName };
const k = (kind: ShapeKind, color: ColorName): K => ({ kind, color });
const count = (items: K[], f: (x: K) => boolean) => items.filter(f).length;

const gridA: K[] = [
  k('circle', 'red'),
  k('square', 'blue'),
  k('circle', 'red'),
  k('triangle', 'green'),
  k('square', 'red'),
  k('circle', 'blue'),
  k('circle', 'red'),
  k('triangle', 'red'),
  k('square', 'green'),
];
const rowA: K[] = [k('circle', 'orange'), k('triangle', 'blue'), k('square', 'purple'), k('circle', 'green')];
const gridB: K[] = [
  k('triangle', 'yellow'),
  k('triangle', 'blue'),
  k('square', 'yellow'),
  k('triangle', 'red'),
  k('circle', 'yellow'),
  k('triangle', 'green'),
  k('square', 'blue'),
  k('triangle', 'yellow'),
  k('circle', 'green'),
  k('triangle', 'purple'),
  k('square', 'red'),
];
const rowB: K[] = [
  k('square', 'red'),
  k('square', 'yellow'),
  k('circle', 'blue'),
  k('triangle', 'purple'),
  k('square', 'green'),
];
const gridC: K[] = [
  k('circle', 'blue'),
  k('circle', 'blue'),
  k('square', 'orange'),
  k('circle', 'purple'),
  k('circle', 'blue'),
  k('triangle', 'orange'),
  k('square', 'blue'),
  k('circle', 'orange'),
];
const rowC: K[] = [
  k('triangle', 'green'),
  k('circle', 'red'),
  k('circle', 'yellow'),
  k('square', 'blue'),
  k('triangle', 'orange'),
  k('square', 'purple'),
];

const ordered = (kinds: K[], what: 'colours' | 'shapes') => ({
  sequence: kinds.map((x) =>
    what === 'colours' ? (x.color === 'gray' ? ['gray', 'grey'] : x.color) : x.kind,
  ),
  vocabulary: what === 'colours' ? COLOR_WORDS : SHAPE_WORDS,
});

function orderTask(id: string, difficulty: 'easy' | 'medium', kinds: K[], what: 'colours' | 'shapes'): Line {
  const answer = kinds.map((x) => (what === 'colours' ? x.color : x.kind)).join(', ');
  return line({
    id,
    category: m,
    type: 'exact',
    difficulty,
    messages: [
      userWithImage(
        `List the ${what} of the shapes in this image from left to right, separated by commas. Reply with the list only.`,
        shapeRow(kinds).canvas,
      ),
    ],
    expected: { type: 'text', contains: [answer], ...ordered(kinds, what) },
    reference: { content: answer },
  });
}

const salesCsv =
  'month,region,units,unit_price\nJanuary,North,120,9.50\nJanuary,South,80,9.50\nFebruary,North,150,9.00\nFebruary,South,95,9.00\nMarch,North,170,8.75\nMarch,South,130,8.75\n';
const memo =
  'MEMO\nTo: All staff\nFrom: Facilities\nDate: 3 June\n\nThe north car park will be closed from 10 June to 21 June for resurfacing. During this period please use the overflow car park on Mill Lane. Bicycle racks remain available at the main entrance. Questions go to Dana Whitfield (ext. 4417).';
const configJson =
  '{\n  "service": "billing-api",\n  "listen": {"host": "0.0.0.0", "port": 8443},\n  "database": {"host": "db.internal", "port": 5432, "pool_size": 20},\n  "features": {"invoices_v2": true, "dark_mode": false}\n}';
const schedule =
  'Route 7 weekday timetable (departures from Central Station)\n06:15  06:45  07:10  07:30  07:50  08:20  09:00\nEvery 30 minutes until 16:00, then:\n16:15  16:35  16:55  17:20  17:50  18:30  19:30 (last bus)';
const recipe =
  'Lemon drizzle cake (serves 8)\n- 225 g unsalted butter\n- 225 g caster sugar\n- 4 eggs\n- 275 g self-raising flour\n- zest of 1 lemon\nDrizzle: juice of 1.5 lemons and 85 g caster sugar.\nBake at 180 C for 45-50 minutes.';
const invoice =
  'INVOICE #2291\nBill to: Harbor Lights Cafe\nItems:\n  3 x Espresso machine descaling kit @ 18.00\n  2 x Milk frothing pitcher @ 24.50\n  1 x Grinder burr set @ 61.00\nShipping: 12.00\nPayment due within 30 days.';

export const train: Line[] = [
  numericTask(
    m,
    'multimodal_input_train_001',
    'easy',
    [
      userWithImage(
        'How many red circles are in this image? Reply with a number.',
        shapeGrid(gridA, 3).canvas,
      ),
    ],
    count(gridA, (x) => x.kind === 'circle' && x.color === 'red'),
    String(count(gridA, (x) => x.kind === 'circle' && x.color === 'red')),
  ),
  orderTask('multimodal_input_train_002', 'easy', rowA, 'colours'),
  textTask(
    m,
    'multimodal_input_train_003',
    'medium',
    [
      userWithImage(
        'This bar chart shows the number of support tickets per day. Which day had the most tickets, and how many were there?',
        barChart(
          ['MON', 'TUE', 'WED', 'THU', 'FRI'],
          [14, 9, 27, 18, 11],
          ['blue', 'blue', 'blue', 'blue', 'blue'],
          { showValues: true },
        ),
      ),
    ],
    [['WED', 'Wednesday'], '27'],
    'Wednesday (WED) had the most tickets: 27.',
  ),
  exactTask(
    m,
    'multimodal_input_train_004',
    'easy',
    [
      userWithImage(
        'What is the access code printed on this card? Reply with the code only.',
        textCard(['ACCESS CODE', 'K7P4X']),
      ),
    ],
    'K7P4X',
    'K7P4X',
  ),
  numericTask(
    m,
    'multimodal_input_train_005',
    'medium',
    [userWithImage('How many triangles are in this image? Reply with a number.', shapeGrid(gridB, 4).canvas)],
    count(gridB, (x) => x.kind === 'triangle'),
    String(count(gridB, (x) => x.kind === 'triangle')),
  ),
  orderTask('multimodal_input_train_006', 'medium', rowB, 'shapes'),
  exactTask(
    m,
    'multimodal_input_train_007',
    'medium',
    [
      userWithImage(
        'Which colour of bar is the shortest in this chart? Reply with the colour only.',
        barChart(['A', 'B', 'C', 'D'], [40, 25, 55, 10], ['red', 'green', 'orange', 'purple']),
      ),
    ],
    'purple',
    'purple',
    { reject: ['red', 'green', 'orange'] },
  ),
  numericTask(
    m,
    'multimodal_input_train_008',
    'medium',
    [
      userWithFile(
        'What was the total revenue (units x unit_price) for March across both regions? Reply with the number.',
        'sales.csv',
        'text/csv',
        salesCsv,
      ),
    ],
    170 * 8.75 + 130 * 8.75,
    'March: (170 + 130) x 8.75 = 2625.\nAnswer: 2625',
    { tolerance: { abs: 0.01 } },
  ),
  textTask(
    m,
    'multimodal_input_train_009',
    'easy',
    [
      userWithFile(
        'According to the attached memo, when is the north car park closed, and where should staff park instead?',
        'memo.txt',
        'text/plain',
        memo,
      ),
    ],
    [['10 June', 'June 10'], ['21 June', 'June 21'], 'Mill Lane'],
    'It is closed from 10 June to 21 June; staff should use the overflow car park on Mill Lane.',
  ),
  numericTask(
    m,
    'multimodal_input_train_010',
    'easy',
    [
      userWithFile(
        'Which port does the database listen on, according to this config? Reply with the number.',
        'config.json',
        'application/json',
        configJson,
      ),
    ],
    5432,
    '5432',
  ),
];

export const dev: Line[] = [
  numericTask(
    m,
    'multimodal_input_dev_001',
    'easy',
    [
      userWithImage(
        'How many blue circles are in this image? Reply with a number.',
        shapeGrid(gridC, 4).canvas,
      ),
    ],
    count(gridC, (x) => x.kind === 'circle' && x.color === 'blue'),
    String(count(gridC, (x) => x.kind === 'circle' && x.color === 'blue')),
  ),
  orderTask('multimodal_input_dev_002', 'medium', rowC, 'colours'),
  numericTask(
    m,
    'multimodal_input_dev_003',
    'medium',
    [
      userWithImage(
        'What is the value of the THU bar in this chart? Reply with a number.',
        barChart(['MON', 'TUE', 'WED', 'THU'], [12, 30, 22, 7], ['blue', 'orange', 'green', 'purple'], {
          showValues: true,
        }),
      ),
    ],
    7,
    '7',
  ),
  exactTask(
    m,
    'multimodal_input_dev_004',
    'easy',
    [
      userWithImage(
        'What gate number is shown on this sign? Reply with the number only.',
        textCard(['DEPARTURES', 'GATE 42']),
      ),
    ],
    '42',
    '42',
  ),
  numericTask(
    m,
    'multimodal_input_dev_005',
    'medium',
    [
      userWithImage(
        'How many different colours are used for the shapes in this image? Reply with a number.',
        shapeGrid(gridB, 4).canvas,
      ),
    ],
    new Set(gridB.map((x) => x.color)).size,
    String(new Set(gridB.map((x) => x.color)).size),
  ),
  exactTask(
    m,
    'multimodal_input_dev_006',
    'easy',
    [userWithImage('What shape is the purple object? Reply with one word.', shapeRow(rowC).canvas)],
    ['square', 'a square'],
    'square',
    { reject: ['circle', 'triangle'] },
  ),
  textTask(
    m,
    'multimodal_input_dev_007',
    'easy',
    [
      userWithFile(
        'From the attached timetable, when does the last bus leave, and how often do buses run between 09:00 and 16:00?',
        'route7.txt',
        'text/plain',
        schedule,
      ),
    ],
    ['19:30', ['30 minutes', 'half hour', 'half an hour', '30 min', '30-minute']],
    'The last bus leaves at 19:30, and between 09:00 and 16:00 buses run every 30 minutes.',
  ),
  numericTask(
    m,
    'multimodal_input_dev_008',
    'medium',
    [
      userWithFile(
        'How many grams of caster sugar does the recipe need in total (cake plus drizzle)? Reply with the number.',
        'recipe.txt',
        'text/plain',
        recipe,
      ),
    ],
    225 + 85,
    '225 g for the cake plus 85 g for the drizzle: 310 g.\nAnswer: 310',
  ),
  numericTask(
    m,
    'multimodal_input_dev_009',
    'medium',
    [
      userWithFile(
        'What is the invoice total including shipping? Reply with the number.',
        'invoice.txt',
        'text/plain',
        invoice,
      ),
    ],
    3 * 18 + 2 * 24.5 + 61 + 12,
    'Items: 54.00 + 49.00 + 61.00 = 164.00; plus 12.00 shipping = 176.00.\nAnswer: 176',
    { tolerance: { abs: 0.01 } },
  ),
];
