/** Small pools of well-known facts and writing topics the v2 generators compose tasks from. */

export interface Element {
  name: string;
  symbol: string;
  number: number;
}

export const ELEMENTS: readonly Element[] = [
  { name: 'hydrogen', symbol: 'H', number: 1 },
  { name: 'helium', symbol: 'He', number: 2 },
  { name: 'lithium', symbol: 'Li', number: 3 },
  { name: 'carbon', symbol: 'C', number: 6 },
  { name: 'nitrogen', symbol: 'N', number: 7 },
  { name: 'oxygen', symbol: 'O', number: 8 },
  { name: 'fluorine', symbol: 'F', number: 9 },
  { name: 'neon', symbol: 'Ne', number: 10 },
  { name: 'sodium', symbol: 'Na', number: 11 },
  { name: 'magnesium', symbol: 'Mg', number: 12 },
  { name: 'aluminium', symbol: 'Al', number: 13 },
  { name: 'silicon', symbol: 'Si', number: 14 },
  { name: 'phosphorus', symbol: 'P', number: 15 },
  { name: 'sulfur', symbol: 'S', number: 16 },
  { name: 'chlorine', symbol: 'Cl', number: 17 },
  { name: 'potassium', symbol: 'K', number: 19 },
  { name: 'calcium', symbol: 'Ca', number: 20 },
  { name: 'iron', symbol: 'Fe', number: 26 },
  { name: 'copper', symbol: 'Cu', number: 29 },
  { name: 'zinc', symbol: 'Zn', number: 30 },
  { name: 'silver', symbol: 'Ag', number: 47 },
  { name: 'tin', symbol: 'Sn', number: 50 },
  { name: 'gold', symbol: 'Au', number: 79 },
  { name: 'lead', symbol: 'Pb', number: 82 },
];

/** The planets, closest to the Sun first. */
export const PLANETS = ['Mercury', 'Venus', 'Earth', 'Mars', 'Jupiter', 'Saturn', 'Uranus', 'Neptune'];

/** Cities of pools.ts CITIES with their country, and accepted spellings of it. */
export const CITY_COUNTRY: Record<string, string[]> = {
  Lisbon: ['Portugal'],
  Porto: ['Portugal'],
  Leeds: ['United Kingdom', 'UK', 'England', 'Britain', 'Great Britain'],
  Lyon: ['France'],
  Graz: ['Austria'],
  Tampere: ['Finland'],
  Krakow: ['Poland'],
  Bilbao: ['Spain'],
  Utrecht: ['Netherlands', 'the Netherlands', 'Holland'],
  Turin: ['Italy'],
  Bergen: ['Norway'],
  Aarhus: ['Denmark'],
  Ghent: ['Belgium'],
  Brno: ['Czech Republic', 'Czechia'],
  Cork: ['Ireland'],
  Malmo: ['Sweden'],
  Split: ['Croatia'],
  Tartu: ['Estonia'],
  Nantes: ['France'],
  Basel: ['Switzerland'],
};

export const TEAMS = ['billing', 'design', 'support', 'security', 'research', 'logistics', 'sales', 'legal'];

/** Writing topics, each with keywords that appear in no other topic's text and in no filler sentence. */
export const TOPICS: readonly { topic: string; keywords: string[] }[] = [
  {
    topic: 'home gardening',
    keywords: ['soil', 'compost', 'seedlings', 'watering', 'mulch', 'pruning', 'pests', 'harvest'],
  },
  {
    topic: 'starting a small bakery',
    keywords: ['flour', 'ovens', 'pricing', 'permits', 'staff', 'suppliers', 'marketing', 'hygiene'],
  },
  {
    topic: 'learning a new language',
    keywords: [
      'vocabulary',
      'grammar',
      'pronunciation',
      'listening',
      'flashcards',
      'immersion',
      'tutors',
      'podcasts',
    ],
  },
  {
    topic: 'planning a city park',
    keywords: ['trees', 'benches', 'lighting', 'playgrounds', 'paths', 'fountains', 'toilets', 'drainage'],
  },
  {
    topic: 'running a community radio show',
    keywords: ['microphones', 'editing', 'guests', 'licences', 'episodes', 'sponsors', 'jingles', 'scripts'],
  },
  {
    topic: 'saving energy at home',
    keywords: [
      'insulation',
      'thermostats',
      'windows',
      'appliances',
      'solar',
      'draughts',
      'meters',
      'kettles',
    ],
  },
  {
    topic: 'organising a conference',
    keywords: ['venue', 'speakers', 'catering', 'tickets', 'timetable', 'volunteers', 'badges', 'wifi'],
  },
  {
    topic: 'keeping a small aquarium',
    keywords: ['filters', 'heaters', 'algae', 'gravel', 'feeding', 'snails', 'plants', 'testing'],
  },
];

/** Sentences that fit any topic and mention no keyword and no forbidden word. */
export const FILLERS = [
  'It deserves attention early, because small choices here add up over time.',
  'A simple plan and a steady routine make this part much easier.',
  'Beginners often overlook it, yet it makes a clear difference to the result.',
  'Check on it regularly and adjust as you learn what works in your situation.',
  'Keep notes, so that next time you can repeat what went well.',
  'Costs vary, so compare a few options before you commit.',
  'Ask people with experience, since their advice can save you weeks.',
  'Start small, see how it goes, and grow from there.',
];

/** Words an instruction task may forbid: common, easy to avoid, absent from every filler and keyword. */
export const FORBIDDEN = ['very', 'really', 'basically', 'actually', 'things', 'stuff', 'great', 'important'];

export const CLOSINGS = [
  'That is all.',
  'Hope this helps.',
  'End of list.',
  'Good luck!',
  'Thanks for reading.',
];
