import { exactTask, type Line, line, numericTask, user, userWithImage } from '../authoring/build.js';
import type { PixelCheck } from '../evaluate/rodeo/artifacts.js';
import { Canvas, type ColorName } from '../image/canvas.js';
import { pngDataUrl } from '../image/inspect.js';
import { barChart, type ShapeKind, shapeGrid, shapeRow, textCard } from '../image/scenes.js';
import type { Rng } from '../prng.js';
import { CODE_CHARS, SYLLABLES } from './pools.js';

const SHAPE_COLORS: ColorName[] = ['red', 'green', 'blue', 'yellow', 'orange', 'purple', 'black'];
const KINDS: ShapeKind[] = ['circle', 'square', 'triangle'];
const COLOR_WORDS = ['red', 'green', 'blue', 'yellow', 'orange', 'purple', 'black', 'gray', 'grey', 'white'];

const shapes = (rng: Rng, n: number) =>
  Array.from({ length: n }, () => ({ kind: rng.pick(KINDS), color: rng.pick(SHAPE_COLORS) }));

/** Image-understanding tasks drawn at run time: shape counts, colour order, a bar's value, a printed code. */
export function imageQuestion(rng: Rng, id: string): Line {
  const m = 'multimodal_input' as const;
  switch (rng.below(4)) {
    case 0: {
      const items = shapes(rng, rng.int(6, 16));
      const counts = KINDS.map((k) => items.filter((s) => s.kind === k).length);
      const answer = counts.join(', ');
      return exactTask(
        m,
        id,
        'medium',
        [
          userWithImage(
            'Count the circles, squares and triangles in this image. Reply with three numbers separated by commas, in that order (circles, squares, triangles).',
            shapeGrid(items, rng.int(4, 6)).canvas,
          ),
        ],
        answer,
        answer,
      );
    }
    case 1: {
      const items = shapes(rng, rng.int(4, 6));
      const order = items.map((s) => s.color);
      return line({
        id,
        category: m,
        type: 'exact',
        difficulty: 'medium',
        messages: [
          userWithImage(
            'List the colours of the shapes in this image from left to right, separated by commas. Reply with the list only.',
            shapeRow(items).canvas,
          ),
        ],
        expected: { type: 'text', contains: [order.join(', ')], sequence: order, vocabulary: COLOR_WORDS },
        reference: { content: order.join(', ') },
      });
    }
    case 2: {
      const n = rng.int(3, 6);
      const labels = Array.from({ length: n }, () =>
        rng.pick(SYLLABLES).toUpperCase().slice(0, 3).padEnd(2, 'X'),
      );
      const unique = labels.map((l, i) => (labels.indexOf(l) === i ? l : `${l.slice(0, 2)}${i}`));
      const values = Array.from({ length: n }, () => rng.int(5, 99));
      const ask = rng.below(n);
      return numericTask(
        m,
        id,
        'medium',
        [
          userWithImage(
            `What is the value of the bar labelled ${unique[ask]} in this chart? Reply with a number.`,
            barChart(unique, values, [rng.pick(SHAPE_COLORS)], { showValues: true }),
          ),
        ],
        values[ask]!,
        String(values[ask]),
      );
    }
    default: {
      const code = Array.from({ length: 6 }, () => CODE_CHARS[rng.below(CODE_CHARS.length)]).join('');
      return exactTask(
        m,
        id,
        'medium',
        [
          userWithImage(
            'What is the code printed on this card? Reply with the code only.',
            textCard(['CODE', code]),
          ),
        ],
        code,
        code,
      );
    }
  }
}

/** Image-output tasks: a shape of a colour on a background at a size, checked pixel by pixel. */
export function imageOutput(rng: Rng, id: string): Line {
  const width = 8 * rng.int(5, 12);
  const height = 8 * rng.int(5, 12);
  const [bg, fg] = rng.sample(
    ['white', 'black', 'red', 'green', 'blue', 'yellow', 'orange', 'purple'] as ColorName[],
    2,
  ) as [ColorName, ColorName];
  const kind = rng.pick(KINDS);
  const size = Math.floor(Math.min(width, height) * 0.6);
  const x = Math.floor((width - size) / 2);
  const y = Math.floor((height - size) / 2);
  const c = new Canvas(width, height, bg);
  if (kind === 'circle') c.circle(width / 2, height / 2, size / 2, fg);
  else if (kind === 'square') c.rect(x, y, size, size, fg);
  else c.triangle(x, y, size, fg);
  const checks: PixelCheck[] = [
    { x: 0.5, y: kind === 'triangle' ? 0.6 : 0.5, color: fg },
    { x: 0.03, y: 0.03, color: bg },
    { x: 0.97, y: 0.97, color: bg },
  ];
  const desc = `a ${width}x${height} pixel PNG image: ${bg} background with a filled ${fg} ${kind}${kind === 'triangle' ? ' pointing up' : ''}, about ${size} px across, centred`;
  return line({
    id,
    category: 'multimodal_output',
    type: 'image_generation',
    difficulty: 'medium',
    messages: [
      user(
        `Create ${desc}. Reply with the image inline, as a Markdown image whose URL is a data:image/png;base64,... data URL.`,
      ),
    ],
    expected: { type: 'multimodal', image: { width, height, formats: ['png'], checks } },
    reference: { content: `![image](${pngDataUrl(c.toPng())})`, description: desc },
    extra: { multimodal_task_type: 'image_generation', evaluation: { check_format: 'png|jpg|webp' } },
  });
}
