import { type Difficulty, type Line, line, user } from './build.js';

const SHORT = { ttft_target_ms: 500, min_tokens: 5, tps_target: 20 };
const LONG = { ttft_target_ms: 1000, min_tokens: 200, tps_target: 15, continuity_target: 0.6 };
const REASONING = { ttft_target_ms: 1000, min_tokens: 50, tps_target: 10, check_reasoning_content: true };

type Kind = 'short_response' | 'long_response' | 'reasoning_response';
const TARGETS: Record<Kind, Record<string, unknown>> = {
  short_response: SHORT,
  long_response: LONG,
  reasoning_response: REASONING,
};

function containsFor(expected: Record<string, unknown>): string[] {
  if (Array.isArray(expected.accept))
    return expected.accept.map((a) => (Array.isArray(a) ? String(a[0]) : String(a)));
  return [String(expected.answer)];
}

/** Streaming tasks: janus `evaluation` targets for the streaming score; the answer key grades quality. */
function streamTask(
  id: string,
  d: Difficulty,
  kind: Kind,
  prompt: string,
  expected: Record<string, unknown>,
  reference: string,
  reasoning?: string,
): Line {
  return line({
    id,
    category: 'streaming',
    type: kind,
    difficulty: d,
    messages: [user(prompt)],
    // janus reads `contains`; rodeo the answer key.
    expected: { type: 'text', contains: containsFor(expected), ...expected },
    reference: { content: reference, ...(reasoning ? { reasoning } : {}) },
    extra: { evaluation: TARGETS[kind] },
  });
}

const vaccines =
  'Vaccines train the immune system to recognise a pathogen before a real infection happens. A vaccine contains an antigen: a weakened or inactivated virus or bacterium, a piece of it such as a protein, or genetic instructions such as mRNA that let our own cells make that protein for a short time. When the antigen appears, the immune system reacts as if it were under attack. Antigen-presenting cells show fragments of it to helper T cells, which activate B cells. The B cells multiply and produce antibodies that bind exactly to that antigen, while cytotoxic T cells learn to kill infected cells. Most importantly, some of these B and T cells become long-lived memory cells. If the real pathogen arrives later, the memory cells recognise it at once and the body produces a strong, fast response, often clearing the infection before we feel sick or before the disease becomes severe. Some vaccines need booster doses to keep memory strong, because protection can fade over time or the pathogen can change. When enough people in a community are immune, the pathogen struggles to spread, which also protects people who cannot be vaccinated, such as newborns or patients with weak immune systems. This effect is called herd immunity. Vaccines are tested in several phases of clinical trials for safety and effectiveness before approval, and their safety continues to be monitored afterwards. Side effects are usually mild, such as a sore arm or a short fever, which are signs that the immune system is responding.';
const compilers =
  'A compiler translates source code written by a person into a form a machine can execute. It works in stages. First, the lexer reads the raw characters and groups them into tokens: keywords, identifiers, numbers, operators and punctuation. Next, the parser checks that the tokens follow the grammar of the language and builds a tree, usually an abstract syntax tree, that captures the structure of the program: which expressions belong to which statements and functions. Then semantic analysis walks this tree to check meaning that the grammar alone cannot express: that variables are declared before use, that types match, and that functions receive the right number of arguments. Most compilers then translate the tree into an intermediate representation, a simpler language that is easier to analyse and transform. The optimiser rewrites this intermediate code to make it faster or smaller, for example by folding constant expressions, removing dead code, inlining small functions or keeping values in registers instead of memory. Finally, the code generator turns the optimised representation into machine code or bytecode for the target, choosing concrete instructions and allocating registers. A linker may then combine several compiled files and libraries into one executable. Errors found along the way are reported with file and line numbers so the programmer can fix them. Some languages use interpreters or just-in-time compilers instead, but the same ideas of lexing, parsing, analysis and optimisation still apply in some form.';
const water =
  'The water cycle is the continuous movement of water between the oceans, the air and the land, driven by energy from the Sun and by gravity. It begins with evaporation: sunlight heats the surface of oceans, lakes and rivers, and water turns into vapour that rises into the atmosphere. Plants add more vapour through transpiration, releasing water from their leaves, and together these processes are sometimes called evapotranspiration. As warm, moist air rises, it expands and cools. Cooler air can hold less vapour, so the vapour condenses around tiny particles of dust or salt, forming the droplets and ice crystals that make up clouds. This step is condensation. When droplets collide and grow heavy enough, they fall as precipitation: rain, snow, sleet or hail, depending on the temperature. On land, some of this water runs off over the surface into streams and rivers and eventually back to the sea. Some soaks into the ground through infiltration and becomes groundwater, which can be stored in aquifers for thousands of years and slowly feeds springs and rivers. Snow and ice can store water for long periods in glaciers and ice caps before melting. The cycle redistributes heat around the planet, shapes weather and climate, carves landscapes through erosion, and supplies the fresh water that every living thing depends on. Human activity, from irrigation to climate change, is altering how fast and where water moves through the cycle.';
const internet =
  "When you type a web address, your computer first needs the server's numeric IP address. It asks a DNS resolver, which looks the name up through a hierarchy of name servers and returns the address. Your browser then opens a connection to that server, usually over TCP, and for HTTPS it performs a TLS handshake: the server proves its identity with a certificate, and both sides agree on encryption keys. Next the browser sends an HTTP request, such as GET /index.html, with headers describing what it accepts. Along the way, your data is split into packets. Each packet carries source and destination IP addresses and travels through many routers, which forward it hop by hop toward its destination based on routing tables; different packets may take different paths. TCP numbers the packets, acknowledges them, and retransmits any that are lost, so the receiver can reassemble the data in order. The server processes the request, perhaps querying a database, and sends back a response with a status code such as 200 OK and the page content. The browser parses the HTML, discovers more resources such as stylesheets, scripts and images, and requests those too, often over the same connection. Finally it builds the page layout and paints it on the screen. Caches at many levels, in the browser, in content delivery networks and in DNS resolvers, keep copies of popular data close to users so that repeated requests are much faster.";
const bees =
  'Honeybee colonies are highly organised societies of tens of thousands of individuals. Each colony has a single queen, whose main role is to lay eggs, up to around two thousand a day in summer. Male bees, called drones, exist mainly to mate with queens from other colonies and do not collect food. The great majority of the colony are female worker bees, and their jobs change as they age. Young workers clean cells and feed larvae with royal jelly and bee bread; later they build wax comb, process nectar into honey and guard the entrance. The oldest workers become foragers that collect nectar, pollen, water and plant resins. Foragers share the location of good flowers with the waggle dance, a figure-of-eight movement whose angle shows the direction relative to the Sun and whose duration shows the distance. Honey is made by evaporating nectar and adding enzymes, and it is stored in sealed wax cells as food for winter. When a colony grows crowded in spring, the old queen leaves with part of the workers in a swarm to found a new nest, while the remaining colony raises a new queen by feeding selected larvae only royal jelly. Bees are important pollinators of many crops and wild plants, so threats such as parasites like the varroa mite, pesticides and habitat loss matter well beyond honey production.';
const rivers =
  "A river delta forms where a river flows into a slower body of water, such as a sea or a lake, and deposits the sediment it carries. While the river flows fast in its channel it can carry sand, silt and clay, but when it meets still water its speed drops suddenly and it can no longer hold the load. The coarsest material, such as sand, settles first near the mouth, and the finest clay drifts further out before it sinks. Over time these deposits build up and the river splits into smaller channels, called distributaries, that spread across the new land in a fan or bird-foot shape. Floods spill sediment over the banks and build natural levees, while wetlands and marshes grow in between. Deltas are shaped by three main forces: the river's supply of sediment, waves that smooth and spread the deposits along the coast, and tides that carve channels back and forth. The Nile delta is a classic fan shape, the Mississippi delta has a bird-foot shape dominated by the river, and the Ganges-Brahmaputra delta, the largest in the world, is strongly shaped by tides. Deltas have fertile soil and support large populations and farms, but they are low-lying and vulnerable to sea-level rise, subsidence as sediments compact, and reduced sediment supply when dams upstream trap the sand and silt that would otherwise rebuild the land.";

export const train: Line[] = [
  streamTask(
    'streaming_train_001',
    'easy',
    'short_response',
    'Name the three primary colours of paint traditionally taught in art class (red, yellow and ...?). Reply in a few words.',
    { accept: ['blue'] },
    'Red, yellow and blue.',
  ),
  streamTask(
    'streaming_train_002',
    'easy',
    'short_response',
    'What is the boiling point of water in degrees Celsius at sea level? One short sentence.',
    { answer: 100 },
    'Water boils at 100 °C at sea level.',
  ),
  streamTask(
    'streaming_train_003',
    'easy',
    'short_response',
    'Give a one-sentence definition of an API.',
    {
      accept: [
        ['application programming interface', 'interface'],
        ['programs', 'software', 'applications', 'systems', 'components'],
      ],
      max_words: 40,
    },
    'An API (application programming interface) is a defined set of rules that lets software programs communicate with each other.',
  ),
  streamTask(
    'streaming_train_004',
    'medium',
    'long_response',
    'Explain in about 250-300 words how vaccines work.',
    {
      accept: ['immune', ['antibodies', 'antibody'], ['memory', 'memory cells'], ['antigen', 'antigens']],
      min_words: 200,
    },
    vaccines,
  ),
  streamTask(
    'streaming_train_005',
    'medium',
    'long_response',
    'Explain in about 250-300 words the stages a compiler goes through.',
    {
      accept: [
        ['lexer', 'lexical', 'tokens', 'tokenizer'],
        ['parser', 'parsing', 'syntax tree'],
        ['optimiser', 'optimizer', 'optimization', 'optimisation'],
        ['code generator', 'code generation', 'machine code'],
      ],
      min_words: 200,
    },
    compilers,
  ),
  streamTask(
    'streaming_train_006',
    'medium',
    'long_response',
    'Describe the water cycle in about 250-300 words.',
    {
      accept: [
        'evaporation',
        'condensation',
        'precipitation',
        ['runoff', 'runs off', 'infiltration', 'groundwater'],
      ],
      min_words: 200,
    },
    water,
  ),
  streamTask(
    'streaming_train_007',
    'medium',
    'reasoning_response',
    'A rectangle has a perimeter of 36 cm and its length is twice its width. What is its area in square centimetres? Show your reasoning, then finish with "Answer: <number>".',
    { answer: 72 },
    'Width w, length 2w: perimeter 2(w + 2w) = 6w = 36, so w = 6 and the length is 12. Area = 6 x 12 = 72 cm².\nAnswer: 72',
    'Let the width be w. Length = 2w. Perimeter = 2(3w) = 6w = 36, w = 6. Area = 6 * 12 = 72.',
  ),
  streamTask(
    'streaming_train_008',
    'medium',
    'reasoning_response',
    'If 5 machines make 5 widgets in 5 minutes, how many minutes do 100 machines take to make 100 widgets? Reason step by step, then finish with "Answer: <number>".',
    { answer: 5 },
    'Each machine makes one widget in 5 minutes, so 100 machines make 100 widgets in the same 5 minutes.\nAnswer: 5',
    'One machine makes one widget per 5 minutes. 100 machines in parallel make 100 widgets in 5 minutes.',
  ),
  streamTask(
    'streaming_train_009',
    'hard',
    'reasoning_response',
    'What is the sum of all integers from 1 to 200 that are divisible by 3 or 5? Reason step by step, then finish with "Answer: <number>".',
    { answer: 9168 },
    'Multiples of 3 up to 200: 3 + ... + 198 = 3 x (66 x 67 / 2) = 6633. Multiples of 5: 5 x (40 x 41 / 2) = 4100. Multiples of 15 counted twice: 15 x (13 x 14 / 2) = 1365. Total 6633 + 4100 - 1365 = 9168.\nAnswer: 9168',
    'Inclusion-exclusion over multiples of 3, 5 and 15 up to 200.',
  ),
];

export const dev: Line[] = [
  streamTask(
    'streaming_dev_001',
    'easy',
    'short_response',
    'What is the capital of Italy? One short sentence.',
    { answer: 'Rome' },
    'The capital of Italy is Rome.',
  ),
  streamTask(
    'streaming_dev_002',
    'easy',
    'short_response',
    'How many days are there in a leap year? Reply in one short sentence.',
    { answer: 366 },
    'A leap year has 366 days.',
  ),
  streamTask(
    'streaming_dev_003',
    'easy',
    'short_response',
    'In one sentence, what does HTTP stand for?',
    { accept: ['Hypertext Transfer Protocol'], max_words: 30 },
    'HTTP stands for Hypertext Transfer Protocol.',
  ),
  streamTask(
    'streaming_dev_004',
    'medium',
    'long_response',
    'Explain in about 250-300 words what happens when you load a web page, from typing the address to seeing the page.',
    {
      accept: ['DNS', ['TCP', 'TLS', 'connection'], 'HTTP', ['packets', 'routers', 'router']],
      min_words: 200,
    },
    internet,
  ),
  streamTask(
    'streaming_dev_005',
    'medium',
    'long_response',
    'Describe in about 250-300 words how a honeybee colony is organised.',
    {
      accept: ['queen', ['drones', 'drone'], ['workers', 'worker'], ['waggle dance', 'dance']],
      min_words: 200,
    },
    bees,
  ),
  streamTask(
    'streaming_dev_006',
    'medium',
    'long_response',
    'Explain in about 250-300 words how river deltas form.',
    {
      accept: [
        'sediment',
        ['distributaries', 'distributary', 'channels'],
        ['waves', 'tides', 'tide'],
        ['Nile', 'Mississippi', 'Ganges'],
      ],
      min_words: 200,
    },
    rivers,
  ),
  streamTask(
    'streaming_dev_007',
    'medium',
    'reasoning_response',
    'A shirt is reduced by 20% and then the new price is reduced by another 20%. By what percentage in total was the original price reduced? Reason step by step, then finish with "Answer: <number>".',
    { answer: 36 },
    'After two reductions the price is 0.8 x 0.8 = 0.64 of the original, a total reduction of 36%.\nAnswer: 36',
    '0.8 * 0.8 = 0.64, so 36% off.',
  ),
  streamTask(
    'streaming_dev_008',
    'hard',
    'reasoning_response',
    'How many trailing zeros does 125! (125 factorial) have? Reason step by step, then finish with "Answer: <number>".',
    { answer: 31 },
    'Count the factors of 5: floor(125/5) + floor(125/25) + floor(125/125) = 25 + 5 + 1 = 31.\nAnswer: 31',
    'Legendre: 25 + 5 + 1 = 31.',
  ),
];
