import { type Line, numericTask } from '../authoring/build.js';
import type { Rng } from '../prng.js';
import { ITEMS, NAMES } from './pools.js';

const ask = (q: string) => `${q}\n\nWork it out, then finish with a line "Answer: <number>".`;
const money = (cents: number) => (cents / 100).toFixed(2);

/** A multi-step integer expression with a computed value. */
export function arithmetic(rng: Rng, id: string): Line {
  const a = rng.int(12, 99);
  const b = rng.int(12, 99);
  const c = rng.int(3, 19);
  const d = rng.int(2, 9);
  const e = d * rng.int(3, 40);
  const value = (a + b) * c - e / d;
  return numericTask(
    'reasoning',
    id,
    'medium',
    ask(`Compute (${a} + ${b}) × ${c} − ${e} ÷ ${d}.`),
    value,
    `(${a} + ${b}) × ${c} = ${(a + b) * c}; ${e} ÷ ${d} = ${e / d}; ${(a + b) * c} − ${e / d} = ${value}.\nAnswer: ${value}`,
  );
}

type Template = (rng: Rng) => { q: string; value: number; why: string };

const TEMPLATES: Template[] = [
  (rng) => {
    const name = rng.pick(NAMES);
    const item = rng.pick(ITEMS);
    const n = rng.int(3, 19);
    const price = rng.int(120, 2599);
    const paid = Math.ceil((n * price) / 1000) * 1000 + rng.int(0, 4) * 500;
    const change = paid - n * price;
    return {
      q: `${name} buys ${n} ${item.plural} at $${money(price)} each and pays with $${money(paid)}. How much change, in dollars, does ${name} get?`,
      value: change / 100,
      why: `${n} × $${money(price)} = $${money(n * price)}; $${money(paid)} − $${money(n * price)} = $${money(change)}.`,
    };
  },
  (rng) => {
    const speed = rng.int(35, 120);
    const hours = rng.int(2, 7);
    const extra = rng.int(5, 55);
    const km = speed * hours + Math.round((speed * extra) / 60);
    const minutes = hours * 60 + extra;
    const exact = (km / minutes) * 60;
    return {
      q: `A bus covers ${km} km in ${hours} hours and ${extra} minutes. What is its average speed in km/h, rounded to one decimal place?`,
      value: Math.round(exact * 10) / 10,
      why: `${hours} h ${extra} min = ${minutes} minutes; ${km} ÷ ${minutes} × 60 = ${exact.toFixed(3)} km/h.`,
    };
  },
  (rng) => {
    const name = rng.pick(NAMES);
    const now = rng.int(6, 40);
    const k = rng.int(2, 5);
    const years = rng.int(3, 15);
    return {
      q: `${name} is ${now} years old. Their aunt is ${k} times as old as ${name}. How old will the aunt be in ${years} years?`,
      value: now * k + years,
      why: `The aunt is ${now} × ${k} = ${now * k} now, so ${now * k + years} in ${years} years.`,
    };
  },
  (rng) => {
    const base = rng.int(40, 900);
    const up = rng.int(5, 45);
    const down = rng.int(5, 45);
    const value = Math.round(base * (1 + up / 100) * (1 - down / 100) * 100) / 100;
    return {
      q: `A price of $${base} rises by ${up}% and the new price then falls by ${down}%. What is the final price in dollars, rounded to the cent?`,
      value,
      why: `${base} × ${(1 + up / 100).toFixed(2)} × ${(1 - down / 100).toFixed(2)} = ${value.toFixed(2)}.`,
    };
  },
  (rng) => {
    const a = rng.int(2, 9);
    const b = rng.int(a + 1, 15);
    const value = (a * b) / (a + b);
    return {
      q: `Pipe A fills a tank in ${a} hours and pipe B fills it in ${b} hours. How many hours do they take together? Round to two decimal places.`,
      value: Math.round(value * 100) / 100,
      why: `Together they fill 1/${a} + 1/${b} of the tank per hour, so ${a}×${b}/(${a}+${b}) = ${value.toFixed(4)} hours.`,
    };
  },
  (rng) => {
    const name = rng.pick(NAMES);
    const pages = rng.int(180, 900);
    const perDay = rng.int(12, 60);
    const read = rng.int(2, 9);
    const left = pages - perDay * read;
    const days = Math.ceil(left / perDay);
    return {
      q: `${name}'s book has ${pages} pages. ${name} reads ${perDay} pages a day and has read for ${read} days. How many more days does ${name} need to finish, reading the same amount each day (a partial day counts as a day)?`,
      value: days,
      why: `${perDay} × ${read} = ${perDay * read} pages read, ${left} left; ${left} ÷ ${perDay} rounded up = ${days}.`,
    };
  },
];

/** A word problem from a template, with random names and numbers and its computed answer. */
export function wordProblem(rng: Rng, id: string): Line {
  const t = rng.pick(TEMPLATES)(rng);
  return numericTask('reasoning', id, 'medium', ask(t.q), t.value, `${t.why}\nAnswer: ${t.value}`, {
    tolerance: { abs: 0.011 },
  });
}
