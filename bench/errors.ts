import { defineErrors } from '../config/index.js';

/**
 * Why a task failed at the transport/protocol level. Each failure fails that task only; the run goes on.
 * The code (BENCH_...) lands in Measurement.error.code and in reports.
 */
export const BenchErrors = defineErrors('BENCH', {
  CONNECT: {
    message: (url: string, reason: string) => `cannot connect to ${url}: ${reason}`,
    hint: 'is the engine running and listening on that address? try `curl URL/health`',
  },
  HTTP_STATUS: {
    message: (url: string, status: number, body: string) =>
      `${url} answered HTTP ${status}${body ? `: ${body}` : ''}`,
    hint: 'the endpoint must answer 200 with text/event-stream for stream:true requests',
  },
  NOT_EVENT_STREAM: {
    message: (url: string, type: string) => `${url} answered content-type ${type} to a stream:true request`,
    hint: 'stream:true requests must be answered with text/event-stream (SSE)',
  },
  TTFT_TIMEOUT: {
    message: (ms: number) =>
      `no first token (content or tool call) within this task's first-token deadline of ${ms} ms`,
    hint: "reasoning deltas and keep-alive comments keep a stream alive but never count as its first token; send content or a tool call before the task category's deadline (bench.deadlines)",
  },
  REQUEST_TIMEOUT: {
    message: (ms: number) => `the response did not finish within this task's total deadline of ${ms} ms`,
    hint: "end every stream with data: [DONE] within the task's total deadline (bench.deadlines, or the task's max_latency_ms)",
  },
  STREAM_ERROR_EVENT: {
    message: (detail: string) => `the stream carried an error event: ${detail}`,
  },
  INVALID_JSON: {
    message: (sample: string) => `a data: line is not valid JSON: ${sample}`,
    hint: 'each SSE data line must hold one JSON chat.completion.chunk or [DONE]',
  },
  LINE_TOO_LONG: {
    message: (limit: number) => `an SSE line exceeded ${limit} bytes`,
    hint: 'send text as many small events, never one huge line',
  },
  RESPONSE_TOO_LARGE: {
    message: (limit: number) => `the response exceeded ${limit} bytes`,
  },
  JSON_TOO_DEEP: {
    message: (where: string, limit: number) => `${where} nests JSON deeper than ${limit} levels`,
    hint: 'chat.completion.chunk objects and tool-call arguments are shallow; send flat JSON',
  },
  TOO_MANY_TOOL_CALLS: {
    message: (limit: number) => `the response carried more than ${limit} tool calls`,
  },
  CONTENT_ENCODING: {
    message: (encoding: string) => `the response is sent with content-encoding ${encoding}`,
    hint: 'send the event stream uncompressed (the request carries no accept-encoding)',
  },
  INVALID_UTF8: {
    message: (bytes: number) => `the response is not valid UTF-8 (within the first ${bytes} bytes)`,
    hint: 'the event stream must be UTF-8 text',
  },
  ROUND_DEADLINE: {
    message: (ms: number) => `the round's benchmark deadline (${ms} ms after it started) passed`,
    hint: 'answer every task well inside its deadline: a round waits for no one',
  },
  QUARANTINED: {
    message: (reason: string) => `this miner's measurements could not be recorded: ${reason}`,
  },
  INTERNAL: {
    message: (doing: string, reason: string) => `the validator failed while ${doing}: ${reason}`,
    hint: 'this is a validator bug triggered by this answer; report it with the ledger round',
  },
  TOO_MANY_EVENTS: {
    message: (limit: number) => `the response exceeded ${limit} SSE events`,
  },
  STREAM_CLOSED: {
    message: (events: number, reason: string) =>
      `the connection closed mid-stream after ${events} events: ${reason}`,
  },
  NO_DONE: {
    message: (events: number) => `the stream ended after ${events} events without data: [DONE]`,
    hint: 'finish every stream with data: [DONE]',
  },
  EMPTY_ANSWER: {
    message: () => 'the stream finished with no content, reasoning or tool call',
  },
  REPORT_UNREADABLE: {
    message: (path: string, reason: string) => `cannot read the report ${path}: ${reason}`,
    hint: 'pass a JSON file written by `rodeo bench --output FILE`',
  },
  TARGET_UNREACHABLE: {
    message: (url: string, reason: string) =>
      `nothing is listening at ${url} (${reason}): start \`rodeo miner serve\`?`,
    hint: 'start the miner with `rodeo miner serve` (it listens on http://127.0.0.1:8080, where `rodeo bench` looks by default), or pass --target URL of the engine to bench',
  },
  NOTHING_COMPLETED: {
    message: (url: string, tasks: number, codes: string, _report: string) =>
      `no task completed against ${url}: all ${tasks} failed (${codes})`,
    hint: (_url: string, _tasks: number, _codes: string, report: string) =>
      `the report names each task's failure: \`rodeo bench show ${report} --tasks\``,
  },
  ABORTED: {
    message: (reason: string) => `the run was stopped: ${reason}`,
  },
});
