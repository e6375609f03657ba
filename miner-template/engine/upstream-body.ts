import { type ChatMessage, type ChatRequest, type ContentPart, FORWARDED_FIELDS } from '../request-schema.js';
import type { SearchResult } from '../tools/platform.js';

const TEXT_MIME = /^(text\/|application\/(json|xml|x-yaml|yaml|csv|javascript))/;

/** Janus `file` parts become text parts (OpenAI upstreams do not take them); images and text pass unchanged. */
function upstreamPart(part: ContentPart): ContentPart {
  if (part.type !== 'file') return part;
  const f = part.file;
  const name = f.name ?? f.filename ?? 'file';
  if (f.content !== undefined && (!f.mime_type || TEXT_MIME.test(f.mime_type))) {
    return { type: 'text', text: `[file ${name}]\n${f.content}` };
  }
  return {
    type: 'text',
    text: `[file ${name} (${f.mime_type ?? 'unknown type'}) is attached but not readable]`,
  };
}

/** A message as the upstream receives it: reasoning of earlier turns and Janus extras are dropped. */
function upstreamMessage(m: ChatMessage): Record<string, unknown> {
  const out: Record<string, unknown> = { role: m.role };
  out.content = Array.isArray(m.content) ? m.content.map(upstreamPart) : (m.content ?? null);
  if (m.name !== undefined) out.name = m.name;
  if (m.tool_calls?.length) out.tool_calls = m.tool_calls;
  if (m.tool_call_id !== undefined) out.tool_call_id = m.tool_call_id;
  return out;
}

/** The upstream body (without model/stream): the forwarded OpenAI fields and converted messages. */
export function upstreamBody(request: ChatRequest, messages = request.messages): Record<string, unknown> {
  const body: Record<string, unknown> = { messages: messages.map(upstreamMessage) };
  for (const key of FORWARDED_FIELDS) {
    const v = request[key];
    if (v !== undefined && v !== null) body[key] = v;
  }
  return body;
}

/** Puts search results in a system message after the caller's own system messages. */
export function withSearchResults(
  messages: ChatMessage[],
  query: string,
  results: SearchResult[],
): ChatMessage[] {
  const lines = results.map((r, i) => `[${i + 1}] ${r.title} — ${r.url}\n${r.snippet}`);
  const context: ChatMessage = {
    role: 'system',
    content:
      `Web search results for "${query}". Use them where relevant and cite the URLs you rely on.\n\n` +
      lines.join('\n\n'),
  };
  let at = 0;
  while (at < messages.length && (messages[at]!.role === 'system' || messages[at]!.role === 'developer'))
    at++;
  return [...messages.slice(0, at), context, ...messages.slice(at)];
}
