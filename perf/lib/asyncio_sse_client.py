"""The Python peer of the bench runner for perf/runner: asyncio, raw sockets (a Protocol per connection),
hand-parsed HTTP/1.1 (chunked) and SSE, json.loads per event. Standard library only.

    python3 perf/lib/asyncio_sse_client.py <host> <port>   (stdin: JSON list of model strings)

Streams one request per model, all at once, from the scenario server; prints one JSON line:
{"errors": [ms, ...], "events": n, "failed": n, "cpu_us": n}. Each read is stamped when it is delivered
and parsed in a later callback (call_soon), so a burst of ready sockets is stamped before any is parsed.
Clock: like Node's performance.timeOrigin + now(), wall time at start plus the monotonic clock since.
"""

import asyncio
import json
import sys
import time

ORIGIN_NS = time.time_ns() - time.monotonic_ns()


def now_ms():
    return (ORIGIN_NS + time.monotonic_ns()) / 1e6


class SseStream(asyncio.Protocol):
    def __init__(self, request, result, finished):
        self.request = request
        self.result = result
        self.finished = finished
        self.queue = []
        self.scheduled = False
        self.buf = b""
        self.headers_done = False
        self.chunk_left = -1
        self.body = b""
        self.done = False
        self.transport = None

    def connection_made(self, transport):
        self.transport = transport
        transport.write(self.request)

    def data_received(self, data):
        self.queue.append((now_ms(), data))
        if not self.scheduled:
            self.scheduled = True
            asyncio.get_running_loop().call_soon(self.drain)

    def connection_lost(self, exc):
        if not self.scheduled:
            self.finish()
        else:
            self.queue.append((None, None))

    def finish(self):
        if not self.finished.done():
            if not self.done:
                self.result["failed"] += 1
            self.finished.set_result(None)

    def drain(self):
        self.scheduled = False
        queue, self.queue = self.queue, []
        for stamp, data in queue:
            if data is None:
                self.finish()
                return
            self.feed(stamp, data)
            if self.done:
                self.transport.close()
                self.finish()
                return

    def feed(self, stamp, data):
        self.buf += data
        if not self.headers_done:
            end = self.buf.find(b"\r\n\r\n")
            if end < 0:
                return
            head = self.buf[:end].decode("latin-1").lower()
            if " 200 " not in head.split("\r\n", 1)[0] + " " or "transfer-encoding: chunked" not in head:
                self.transport.close()
                return
            self.buf = self.buf[end + 4:]
            self.headers_done = True
            self.chunk_left = -1
        # chunked transfer coding; chunk_left: bytes of the chunk still to read, -1 size line next,
        # -2 the chunk's CRLF next, -3 the last chunk was read
        while self.chunk_left != -3:
            if self.chunk_left == -2:
                if len(self.buf) < 2:
                    break
                self.buf = self.buf[2:]
                self.chunk_left = -1
            if self.chunk_left == -1:
                nl = self.buf.find(b"\r\n")
                if nl < 0:
                    break
                size = int(self.buf[:nl].split(b";")[0], 16)
                self.buf = self.buf[nl + 2:]
                self.chunk_left = size if size else -3
                continue
            take = self.buf[: self.chunk_left]
            self.body += take
            self.buf = self.buf[len(take):]
            self.chunk_left -= len(take)
            if self.chunk_left > 0:
                break
            self.chunk_left = -2
        self.events(stamp)

    def events(self, stamp):
        while True:
            end = self.body.find(b"\n\n")
            if end < 0:
                return
            event = self.body[:end]
            self.body = self.body[end + 2:]
            self.result["events"] += 1
            for line in event.split(b"\n"):
                if not line.startswith(b"data:"):
                    continue
                data = line[5:].strip()
                if data == b"[DONE]":
                    self.done = True
                    return
                chunk = json.loads(data)
                choices = chunk.get("choices") or []
                content = (choices[0].get("delta") or {}).get("content") if choices else None
                if not content:
                    continue
                for piece in content.split("|"):
                    at = piece.rfind("@")
                    if at >= 0:
                        self.result["errors"].append(stamp - float(piece[at + 1:]))


async def main():
    host, port = sys.argv[1], int(sys.argv[2])
    models = json.loads(sys.stdin.read())
    loop = asyncio.get_running_loop()
    result = {"errors": [], "events": 0, "failed": 0}
    cpu0 = time.process_time()
    waits = []
    for model in models:
        body = json.dumps(
            {"model": model, "messages": [{"role": "user", "content": "go"}], "stream": True}
        ).encode()
        request = (
            f"POST /v1/chat/completions HTTP/1.1\r\nhost: {host}:{port}\r\n"
            f"content-type: application/json\r\naccept: text/event-stream\r\n"
            f"content-length: {len(body)}\r\n\r\n"
        ).encode() + body
        finished = loop.create_future()
        await loop.create_connection(lambda: SseStream(request, result, finished), host, port)
        waits.append(finished)
    await asyncio.gather(*waits)
    result["cpu_us"] = (time.process_time() - cpu0) * 1e6
    sys.stdout.write(json.dumps(result) + "\n")


asyncio.run(main())
