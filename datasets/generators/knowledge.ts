import { exactTask, type Line, line, numericTask, user } from '../authoring/build.js';
import type { Rng } from '../prng.js';
import { CITY_COUNTRY, ELEMENTS, type Element, PLANETS, TEAMS } from './facts.js';
import { NAMES, SURNAMES } from './pools.js';

/**
 * Composed knowledge: every question needs two or more facts at once (well-known ones from small pools, or a
 * table given in the prompt joined with a well-known fact), so no single memorized fact answers it.
 */
export function knowledgeGen(rng: Rng, id: string): Line {
  switch (rng.below(3)) {
    case 0:
      return elements(rng, id);
    case 1:
      return planets(rng, id);
    default:
      return officeCountry(rng, id);
  }
}

function elements(rng: Rng, id: string): Line {
  // the one subtracted is the lightest, so the result stays positive
  const [x, y, z] = rng.sample(ELEMENTS, 3) as [Element, Element, Element];
  const c = [x, y, z].reduce((m, e) => (e.number < m.number ? e : m));
  const [a, b] = [x, y, z].filter((e) => e !== c) as [Element, Element];
  const value = a.number + b.number - c.number;
  return numericTask(
    'knowledge',
    id,
    'medium',
    `Add the atomic numbers of ${a.name} and ${b.name}, then subtract the atomic number of ${c.name}. What do you get? Finish with a line "Answer: <number>".`,
    value,
    `${a.name} is ${a.number}, ${b.name} is ${b.number} and ${c.name} is ${c.number}: ${a.number} + ${b.number} − ${c.number} = ${value}.\nAnswer: ${value}`,
  );
}

function planets(rng: Rng, id: string): Line {
  const picked = rng.sample(PLANETS, rng.int(3, 4));
  const ordered = [...picked].sort((x, y) => PLANETS.indexOf(x) - PLANETS.indexOf(y));
  return line({
    id,
    category: 'knowledge',
    type: 'exact',
    difficulty: 'medium',
    messages: [
      user(
        `Order these planets from the closest to the Sun to the farthest: ${picked.join(', ')}. Reply with a line "Answer: " followed by the names separated by commas.`,
      ),
    ],
    expected: { type: 'text', contains: ordered, sequence: ordered, vocabulary: PLANETS },
    reference: { content: `Answer: ${ordered.join(', ')}` },
  });
}

function officeCountry(rng: Rng, id: string): Line {
  const teams = rng.sample(TEAMS, 5);
  // five offices in five different countries
  const byCountry = new Map<string, string>();
  for (const city of rng.shuffle(Object.keys(CITY_COUNTRY))) {
    const country = CITY_COUNTRY[city]![0]!;
    if (!byCountry.has(country)) byCountry.set(country, city);
  }
  const cities = [...byCountry.values()].slice(0, teams.length);
  const rows = teams.map((team, i) => ({
    name: `${rng.pick(NAMES)} ${rng.pick(SURNAMES)}`,
    team,
    city: cities[i]!,
  }));
  const target = rng.pick(rows);
  const table = [
    '| employee | team | office city |',
    '|---|---|---|',
    ...rows.map((r) => `| ${r.name} | ${r.team} | ${r.city} |`),
  ].join('\n');
  const accepted = CITY_COUNTRY[target.city]!;
  const others = rows.filter((r) => r !== target).map((r) => CITY_COUNTRY[r.city]![0]!);
  return exactTask(
    'knowledge',
    id,
    'medium',
    `${table}\n\nIn which country does the person on the ${target.team} team work? Reply with a line "Answer: <country>".`,
    accepted,
    `${target.name} works on the ${target.team} team in ${target.city}, which is in ${accepted[0]}.\nAnswer: ${accepted[0]}`,
    { reject: others },
  );
}
