import type { ArgRule } from '../evaluate/rodeo/tools.js';
import type { ToolDef } from '../task.js';
import { type Difficulty, type Line, line, tool, user } from './build.js';

const str = (description: string) => ({ type: 'string', description });
const T = {
  weather: tool(
    'get_weather',
    'Current weather for a city.',
    { location: str('City name'), units: { type: 'string', enum: ['celsius', 'fahrenheit'] } },
    ['location'],
  ),
  search: tool(
    'search_web',
    'Search the web and return result snippets.',
    { query: str('Search query'), max_results: { type: 'integer', minimum: 1, maximum: 10 } },
    ['query'],
  ),
  calculator: tool(
    'calculator',
    'Evaluate an arithmetic expression.',
    { expression: str('Expression such as 12*(3+4)') },
    ['expression'],
  ),
  fx: tool(
    'get_exchange_rate',
    'Exchange rate between two currencies (ISO 4217 codes).',
    { base: { type: 'string', pattern: '^[A-Z]{3}$' }, target: { type: 'string', pattern: '^[A-Z]{3}$' } },
    ['base', 'target'],
  ),
  email: tool(
    'send_email',
    'Send an email.',
    {
      to: { type: 'string', pattern: '^[^@\\s]+@[^@\\s]+$' },
      subject: str('Subject line'),
      body: str('Message body'),
    },
    ['to', 'subject', 'body'],
  ),
  calendar: tool(
    'create_calendar_event',
    'Create a calendar event.',
    {
      title: str('Event title'),
      date: { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'YYYY-MM-DD' },
      time: { type: 'string', pattern: '^\\d{2}:\\d{2}$', description: 'HH:MM, 24-hour' },
      duration_minutes: { type: 'integer', minimum: 1 },
    },
    ['title', 'date', 'time', 'duration_minutes'],
  ),
  stock: tool(
    'get_stock_price',
    'Latest price of a stock by ticker symbol.',
    { ticker: { type: 'string', pattern: '^[A-Z.]{1,6}$' } },
    ['ticker'],
  ),
  units: tool(
    'convert_units',
    'Convert a quantity between units.',
    {
      value: { type: 'number' },
      from_unit: { type: 'string', enum: ['mi', 'km', 'lb', 'kg', 'c', 'f', 'l', 'gal'] },
      to_unit: { type: 'string', enum: ['mi', 'km', 'lb', 'kg', 'c', 'f', 'l', 'gal'] },
    },
    ['value', 'from_unit', 'to_unit'],
  ),
  translate: tool(
    'translate_text',
    'Translate text into another language.',
    {
      text: str('Text to translate'),
      target_language: { type: 'string', enum: ['de', 'fr', 'es', 'it', 'ja', 'pt'] },
    },
    ['text', 'target_language'],
  ),
  order: tool(
    'lookup_order',
    'Look up an order by its id.',
    { order_id: { type: 'string', pattern: '^[A-Z]-\\d{4}$' } },
    ['order_id'],
  ),
  code: tool(
    'code_execute',
    'Run a program and return its standard output.',
    { language: { type: 'string', enum: ['python', 'javascript'] }, code: str('Complete program source') },
    ['language', 'code'],
  ),
  timezone: tool(
    'get_time',
    'Current local time in an IANA time zone.',
    { timezone: str('IANA zone such as Europe/Paris') },
    ['timezone'],
  ),
};

type Call = { name: string; arguments: Record<string, unknown> };

interface ToolOpts {
  tools: ToolDef[];
  calls: Call[];
  /** Reference reply text (the final answer for chains and code execution). */
  content?: string;
  match?: Record<string, ArgRule>[];
  expected?: Record<string, unknown>;
  extra?: Record<string, unknown>;
}

function toolTask(id: string, difficulty: Difficulty, type: string, prompt: string, o: ToolOpts): Line {
  return line({
    id,
    category: 'tool_use',
    type,
    difficulty,
    messages: [user(prompt)],
    expected: { ...(o.match ? { arg_match: o.match } : {}), ...o.expected },
    reference: { content: o.content ?? '', toolCalls: o.calls },
    extra: { tool_use_task_type: type, available_tools: o.tools, ...o.extra },
  });
}

const fc = (
  id: string,
  d: Difficulty,
  prompt: string,
  tools: ToolDef[],
  call: Call,
  match?: Record<string, ArgRule>,
) =>
  toolTask(id, d, 'function_calling', prompt, {
    tools,
    calls: [call],
    match: match ? [match] : undefined,
    extra: {
      // janus compares expected values as substrings: free-text arguments (rule 'any') are left out of its key.
      expected_call: {
        function: call.name,
        arguments: Object.fromEntries(Object.entries(call.arguments).filter(([k]) => match?.[k] !== 'any')),
      },
      evaluation: { allow_extra_args: true },
    },
  });

const select = (
  id: string,
  d: Difficulty,
  prompt: string,
  tools: ToolDef[],
  call: Call,
  alternatives: string[] = [],
  match?: Record<string, ArgRule>,
) =>
  toolTask(id, d, 'tool_selection', prompt, {
    tools,
    calls: [call],
    match: match ? [match] : undefined,
    extra: { expected_tools: [call.name], acceptable_alternatives: alternatives },
  });

const chain = (
  id: string,
  d: Difficulty,
  prompt: string,
  tools: ToolDef[],
  calls: Call[],
  match: Record<string, ArgRule>[],
  final?: { content: string; answer: number | string; contains: string },
) =>
  toolTask(
    id,
    d,
    'tool_chaining',
    `${prompt}\n\nMake all the tool calls in order in this one reply${final ? ', then state the final answer' : ''}.`,
    {
      tools,
      calls,
      match,
      content: final?.content,
      expected: final ? { answer: final.answer } : {},
      extra: {
        expected_sequence: calls.map((c) => c.name),
        evaluation: { verify_final_answer: Boolean(final), partial_credit: true },
        ...(final ? { expected_output_contains: [final.contains] } : {}),
      },
    },
  );

const execute = (
  id: string,
  d: Difficulty,
  prompt: string,
  code: string,
  output: string,
  answer: number | string,
  tools: ToolDef[] = [T.code, T.calculator, T.search],
) =>
  toolTask(
    id,
    d,
    'code_execution',
    `${prompt}\n\nUse the code_execute tool (a program that prints the result), then state the result.`,
    {
      tools,
      calls: [{ name: 'code_execute', arguments: { language: 'python', code } }],
      content: `The program prints ${output}.\nAnswer: ${answer}`,
      expected: { answer },
      extra: { expected_output_contains: [output] },
    },
  );

export const train: Line[] = [
  fc(
    'tool_use_train_001',
    'easy',
    'What is the weather in Tokyo right now? I want the temperature in Fahrenheit.',
    [T.weather, T.search, T.timezone],
    { name: 'get_weather', arguments: { location: 'Tokyo', units: 'fahrenheit' } },
    { location: 'contains' },
  ),
  fc(
    'tool_use_train_002',
    'medium',
    'Email ana@example.com with the subject "Invoice 42" and tell her the invoice is attached.',
    [T.email, T.calendar, T.search],
    {
      name: 'send_email',
      arguments: { to: 'ana@example.com', subject: 'Invoice 42', body: 'Hi Ana, the invoice is attached.' },
    },
    { body: 'any' },
  ),
  fc(
    'tool_use_train_003',
    'medium',
    'Put "Team sync" in my calendar on 2025-03-14 at 15:30 for 45 minutes.',
    [T.calendar, T.email, T.timezone],
    {
      name: 'create_calendar_event',
      arguments: { title: 'Team sync', date: '2025-03-14', time: '15:30', duration_minutes: 45 },
    },
  ),
  fc(
    'tool_use_train_004',
    'easy',
    'How many kilometres is a marathon of 26.2 miles? Use the unit converter.',
    [T.units, T.calculator],
    { name: 'convert_units', arguments: { value: 26.2, from_unit: 'mi', to_unit: 'km' } },
  ),
  fc('tool_use_train_005', 'easy', 'Where is my order? The id is B-7731.', [T.order, T.search, T.email], {
    name: 'lookup_order',
    arguments: { order_id: 'B-7731' },
  }),
  select(
    'tool_use_train_006',
    'easy',
    'How many Japanese yen would I get for my euros today?',
    [T.fx, T.stock, T.units, T.search],
    { name: 'get_exchange_rate', arguments: { base: 'EUR', target: 'JPY' } },
    ['search_web'],
  ),
  select(
    'tool_use_train_007',
    'medium',
    'I need the exact value of 1234 * 5678 - 91.',
    [T.calculator, T.search, T.units],
    { name: 'calculator', arguments: { expression: '1234 * 5678 - 91' } },
    ['code_execute'],
    { expression: 'any' },
  ),
  select(
    'tool_use_train_008',
    'easy',
    'What time is it in Sydney at the moment?',
    [T.timezone, T.weather, T.search],
    { name: 'get_time', arguments: { timezone: 'Australia/Sydney' } },
    ['search_web'],
    { timezone: 'contains' },
  ),
  select(
    'tool_use_train_009',
    'medium',
    'Find me recent news articles about the James Webb Space Telescope.',
    [T.search, T.weather, T.stock, T.translate],
    { name: 'search_web', arguments: { query: 'James Webb Space Telescope news' } },
    [],
    { query: 'any' },
  ),
  chain(
    'tool_use_train_010',
    'medium',
    'Check the weather in Oslo, then create a calendar event "Ski trip" on 2025-02-01 at 08:00 lasting 480 minutes, then email bob@example.com with the subject "Ski trip booked".',
    [T.weather, T.calendar, T.email, T.search],
    [
      { name: 'get_weather', arguments: { location: 'Oslo' } },
      {
        name: 'create_calendar_event',
        arguments: { title: 'Ski trip', date: '2025-02-01', time: '08:00', duration_minutes: 480 },
      },
      {
        name: 'send_email',
        arguments: {
          to: 'bob@example.com',
          subject: 'Ski trip booked',
          body: 'The ski trip on 1 February is in the calendar.',
        },
      },
    ],
    [{ location: 'contains' }, {}, { body: 'any' }],
  ),
  chain(
    'tool_use_train_011',
    'hard',
    'Use the calculator to compute 1234 * 5678, then use the calculator again to add 1000 to that result.',
    [T.calculator, T.search, T.code],
    [
      { name: 'calculator', arguments: { expression: '1234 * 5678' } },
      { name: 'calculator', arguments: { expression: '7006652 + 1000' } },
    ],
    [{ expression: 'any' }, { expression: 'any' }],
    {
      content: '1234 * 5678 = 7006652, and adding 1000 gives 7007652.\nAnswer: 7007652',
      answer: 7007652,
      contains: '7007652',
    },
  ),
  chain(
    'tool_use_train_012',
    'medium',
    'Look up order C-1042, then email support@example.com with the subject "Order C-1042" asking for a status update.',
    [T.order, T.email, T.search],
    [
      { name: 'lookup_order', arguments: { order_id: 'C-1042' } },
      {
        name: 'send_email',
        arguments: {
          to: 'support@example.com',
          subject: 'Order C-1042',
          body: 'Could you give me a status update on order C-1042?',
        },
      },
    ],
    [{}, { body: 'any' }],
  ),
  chain(
    'tool_use_train_013',
    'medium',
    'Translate "Where is the train station?" into German, then search the web for "Berlin Hauptbahnhof opening hours".',
    [T.translate, T.search, T.weather],
    [
      { name: 'translate_text', arguments: { text: 'Where is the train station?', target_language: 'de' } },
      { name: 'search_web', arguments: { query: 'Berlin Hauptbahnhof opening hours' } },
    ],
    [{}, { query: 'contains' }],
  ),
  execute(
    'tool_use_train_014',
    'easy',
    'Compute the sum of the squares of the integers from 1 to 100.',
    'print(sum(i * i for i in range(1, 101)))',
    '338350',
    338350,
  ),
  execute(
    'tool_use_train_015',
    'medium',
    'How many Sundays fell on the first of the month during the twentieth century (1 Jan 1901 to 31 Dec 2000)?',
    'import datetime\nprint(sum(1 for y in range(1901, 2001) for m in range(1, 13) if datetime.date(y, m, 1).weekday() == 6))',
    '171',
    171,
  ),
  execute(
    'tool_use_train_016',
    'medium',
    'What is the 30th Fibonacci number, with F(1) = F(2) = 1?',
    'a, b = 1, 1\nfor _ in range(28):\n    a, b = b, a + b\nprint(b)',
    '832040',
    832040,
  ),
];

export const dev: Line[] = [
  fc(
    'tool_use_dev_001',
    'easy',
    "What's Nvidia's stock trading at? (ticker NVDA)",
    [T.stock, T.search, T.fx],
    { name: 'get_stock_price', arguments: { ticker: 'NVDA' } },
  ),
  fc('tool_use_dev_002', 'easy', 'Translate "See you on Monday" into German.', [T.translate, T.search], {
    name: 'translate_text',
    arguments: { text: 'See you on Monday', target_language: 'de' },
  }),
  fc(
    'tool_use_dev_003',
    'easy',
    'Get the exchange rate from US dollars to British pounds.',
    [T.fx, T.stock, T.units],
    { name: 'get_exchange_rate', arguments: { base: 'USD', target: 'GBP' } },
  ),
  fc(
    'tool_use_dev_004',
    'medium',
    'Search the web for "best hiking trails in Patagonia" and give me at most 3 results.',
    [T.search, T.weather, T.translate],
    { name: 'search_web', arguments: { query: 'best hiking trails in Patagonia', max_results: 3 } },
    { query: 'contains' },
  ),
  select(
    'tool_use_dev_005',
    'easy',
    'Is it going to be cold in Reykjavik today? Give me the temperature in Celsius.',
    [T.weather, T.timezone, T.search],
    { name: 'get_weather', arguments: { location: 'Reykjavik', units: 'celsius' } },
    ['search_web'],
    { location: 'contains' },
  ),
  select(
    'tool_use_dev_006',
    'medium',
    'How many pounds is 70 kilograms?',
    [T.units, T.fx, T.search],
    { name: 'convert_units', arguments: { value: 70, from_unit: 'kg', to_unit: 'lb' } },
    ['calculator'],
  ),
  select(
    'tool_use_dev_007',
    'easy',
    'What is Apple trading at right now? (AAPL)',
    [T.stock, T.fx, T.search, T.weather],
    { name: 'get_stock_price', arguments: { ticker: 'AAPL' } },
    ['search_web'],
  ),
  select(
    'tool_use_dev_008',
    'medium',
    'Remind me with a calendar entry "Dentist" on 2025-06-02 at 09:15 for 30 minutes.',
    [T.calendar, T.email, T.timezone],
    {
      name: 'create_calendar_event',
      arguments: { title: 'Dentist', date: '2025-06-02', time: '09:15', duration_minutes: 30 },
    },
  ),
  chain(
    'tool_use_dev_009',
    'medium',
    'Get the exchange rate from EUR to USD, then use the calculator to compute 250 times 1.08.',
    [T.fx, T.calculator, T.stock],
    [
      { name: 'get_exchange_rate', arguments: { base: 'EUR', target: 'USD' } },
      { name: 'calculator', arguments: { expression: '250 * 1.08' } },
    ],
    [{}, { expression: 'any' }],
    { content: '250 x 1.08 = 270.\nAnswer: 270', answer: 270, contains: '270' },
  ),
  chain(
    'tool_use_dev_010',
    'medium',
    'Check the weather in Paris and then the weather in Rome.',
    [T.weather, T.search, T.timezone],
    [
      { name: 'get_weather', arguments: { location: 'Paris' } },
      { name: 'get_weather', arguments: { location: 'Rome' } },
    ],
    [{ location: 'contains' }, { location: 'contains' }],
  ),
  chain(
    'tool_use_dev_011',
    'hard',
    'Find the current time in Europe/Berlin, then schedule "Standup" on 2025-05-05 at 10:00 for 15 minutes, then email team@example.com with the subject "Standup scheduled".',
    [T.timezone, T.calendar, T.email, T.weather],
    [
      { name: 'get_time', arguments: { timezone: 'Europe/Berlin' } },
      {
        name: 'create_calendar_event',
        arguments: { title: 'Standup', date: '2025-05-05', time: '10:00', duration_minutes: 15 },
      },
      {
        name: 'send_email',
        arguments: {
          to: 'team@example.com',
          subject: 'Standup scheduled',
          body: 'Standup is on 5 May at 10:00.',
        },
      },
    ],
    [{}, {}, { body: 'any' }],
  ),
  execute(
    'tool_use_dev_012',
    'easy',
    'Compute 2 to the power of 100.',
    'print(2 ** 100)',
    '1267650600228229401496703205376',
    '1267650600228229401496703205376',
  ),
  execute(
    'tool_use_dev_013',
    'medium',
    'How many prime numbers are there below 10,000?',
    'n = 10000\nsieve = [True] * n\nsieve[0] = sieve[1] = False\nfor i in range(2, int(n ** 0.5) + 1):\n    if sieve[i]:\n        sieve[i * i :: i] = [False] * len(range(i * i, n, i))\nprint(sum(sieve))',
    '1229',
    1229,
  ),
  execute(
    'tool_use_dev_014',
    'medium',
    'What is the sum of the digits of 100! (100 factorial)?',
    'import math\nprint(sum(int(d) for d in str(math.factorial(100))))',
    '648',
    648,
  ),
];
