import type { Measurement } from '../bench/index.js';
import { type Answer, type Evaluation, evaluate, type Task } from '../datasets/index.js';
import { countTokens } from '../protocol/index.js';

/** A grade as evaluate gave it, or the message it threw. */
export type Grade = { evaluation: Evaluation } | { error: string };

const part = (v: unknown) => (v === undefined ? 'u' : JSON.stringify(v));

/**
 * Token counts and grades of one round's answers, so that a text many miners sent is counted and graded once
 * (replay and the round's derive step score 256 miners x 30 tasks). Only pure functions are memoized, keyed by
 * everything they read: counts by the text itself; grades by the task object and the answer's fields (content,
 * reasoning, tool calls, usage, finish reason, evidence, and the latency for the janus evaluator, the only one
 * that reads it). A memo lives as long as the round it was made for.
 */
export class ScoringMemo {
  private readonly tokens = new Map<string, number>();
  /** task -> content -> reasoning -> the other fields as JSON -> grade: the texts themselves are the keys. */
  private readonly grades = new WeakMap<Task, Map<string, Map<string, Map<string, Grade>>>>();
  hits = 0;
  misses = 0;

  readonly countTokens = (text: string): number => {
    if (text.length === 0) return countTokens(text);
    let n = this.tokens.get(text);
    if (n === undefined) {
      n = countTokens(text);
      this.tokens.set(text, n);
    }
    return n;
  };

  /** evaluate(task, answer, m.evidence, flavour), graded once per distinct key. */
  grade(task: Task, m: Measurement, flavour: 'rodeo' | 'janus'): Grade {
    const latencyMs = flavour === 'janus' ? m.endUs / 1000 : undefined;
    // each part is 'u' or one whole JSON value, so the joined string tells them apart
    const rest = `${flavour}|${part(m.toolCalls)}|${part(m.usage)}|${part(m.finishReason)}|${part(m.evidence)}|${part(latencyMs)}`;
    let byContent = this.grades.get(task);
    if (!byContent) {
      byContent = new Map();
      this.grades.set(task, byContent);
    }
    let byReasoning = byContent.get(m.content);
    if (!byReasoning) {
      byReasoning = new Map();
      byContent.set(m.content, byReasoning);
    }
    let byRest = byReasoning.get(m.reasoning);
    if (!byRest) {
      byRest = new Map();
      byReasoning.set(m.reasoning, byRest);
    }
    const known = byRest.get(rest);
    if (known) {
      this.hits++;
      return known;
    }
    this.misses++;
    // the evaluator sees exactly the keyed fields, so a grade is a function of its key
    const answer: Answer = {
      content: m.content,
      reasoning: m.reasoning,
      toolCalls: m.toolCalls,
      usage: m.usage,
      finishReason: m.finishReason,
      ...(latencyMs === undefined ? {} : { latencyMs }),
    };
    let grade: Grade;
    try {
      grade = { evaluation: evaluate(task, answer, m.evidence, flavour) };
    } catch (err) {
      grade = { error: err instanceof Error ? err.message : String(err) };
    }
    byRest.set(rest, grade);
    return grade;
  }
}
