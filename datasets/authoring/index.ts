import type { Line } from './build.js';
import * as chat from './chat.js';
import * as coding from './coding.js';
import * as cost from './cost.js';
import * as knowledge from './knowledge.js';
import * as multimodalInput from './multimodal-input.js';
import * as multimodalOutput from './multimodal-output.js';
import * as reasoning from './reasoning.js';
import * as research from './research.js';
import * as streaming from './streaming.js';
import * as toolUse from './tool-use.js';

/** The hand-written suites, by split and file: datasets/suites/public/<split>/<file>.jsonl. */
export const AUTHORED: Record<'train' | 'dev', Record<string, Line[]>> = {
  train: {
    chat: chat.train,
    reasoning: reasoning.train,
    knowledge: knowledge.train,
    research: research.train,
    coding: coding.train,
    tool_use: toolUse.train,
    multimodal_input: multimodalInput.train,
    multimodal_output: multimodalOutput.train,
    streaming: streaming.train,
    cost: cost.train,
  },
  dev: {
    chat: chat.dev,
    reasoning: reasoning.dev,
    knowledge: knowledge.dev,
    research: research.dev,
    coding: coding.dev,
    tool_use: toolUse.dev,
    multimodal_input: multimodalInput.dev,
    multimodal_output: multimodalOutput.dev,
    streaming: streaming.dev,
    cost: cost.dev,
  },
};

/** A suite file's text: one JSON object per line. */
export const toJsonl = (lines: Line[]) => lines.map((l) => JSON.stringify(l)).join('\n') + '\n';
