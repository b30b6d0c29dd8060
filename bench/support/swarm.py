"""The live bench's swarm: the bare broadcast server (the reference) and the client processes,
each holding many WebSocket sockets and driven over stdin by ``bench/live_fanout.py``, plus the
orchestrator's side of them (``Clients``). Run as ``python -m bench.support.swarm --client`` or
``--bare-server PORT``; the bench starts them itself."""

from __future__ import annotations

import asyncio
import json
import os
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
CLIENT_PROCS = int(os.environ.get("LIVE_BENCH_CLIENT_PROCS", "3"))
#: Seconds a client process waits for late items after the first end mark of a level.
END_GRACE = 15.0
CONNECT_BATCH = 50
#: Bench items are chat lines starting with this mark.
MARK = "bench:"


def raise_nofile() -> None:
    _soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (min(hard, 65536), hard))


# --- The bare broadcast server (a process of its own) ------------------------------------------


async def bare_server(port: int) -> None:
    from websockets.asyncio.server import broadcast, serve

    listeners = set()

    async def handler(connection):
        if connection.request.path == "/publish":
            async for message in connection:
                broadcast(listeners, message)
            return
        listeners.add(connection)
        try:
            await connection.wait_closed()
        finally:
            listeners.discard(connection)

    async with serve(handler, "127.0.0.1", port, max_queue=None, compression=None, backlog=4096):
        await asyncio.Future()


# --- A client process: many sockets, driven over stdin ------------------------------------------


def items_of(frame):
    """The bench items inside one decoded frame: an item object, or a batch of them."""
    if isinstance(frame, list):
        for part in frame:
            yield from items_of(part)
    elif isinstance(frame, str):
        try:
            yield from items_of(json.loads(frame))
        except ValueError:
            return
    elif isinstance(frame, dict):
        text = frame.get("text")
        if isinstance(text, str) and text.startswith(MARK):
            yield text
        for key in ("items", "frames", "batch", "messages"):
            if isinstance(frame.get(key), list):
                yield from items_of(frame[key])


class Level:
    def __init__(self, name: str, items: int, clients: int) -> None:
        self.name, self.items = name, items
        self.counts = [bytearray(items) for _ in range(clients)]
        self.last = [-1] * clients
        self.reordered = 0
        self.latencies: list[int] = []  # tenths of a millisecond
        self.ended: set[int] = set()
        self.first_end = 0.0
        self.cpu0 = time.process_time()
        self.wall0 = time.monotonic()
        self.frames = 0
        self.items_seen = 0


class ClientProcess:
    def __init__(self) -> None:
        self.sockets = []
        self.readers = []
        self.retries = 0
        self.level: Level | None = None

    def on_message(self, client: int, raw) -> None:
        level = self.level
        if level is None or not isinstance(raw, str) or MARK not in raw:
            return
        now = time.time()
        level.frames += 1
        prefix = f"{MARK}{level.name}:"
        for text in items_of(json.loads(raw)):
            if not text.startswith(prefix):
                continue
            rest = text[len(prefix) :]
            level.items_seen += 1
            if rest == "end":
                if not level.ended:
                    level.first_end = time.monotonic()
                level.ended.add(client)
                continue
            n, sent = rest.split(":")
            n = int(n)
            counts = level.counts[client]
            if counts[n] < 255:
                counts[n] += 1
            if counts[n] == 1:
                level.latencies.append(int((now - float(sent)) * 10000))
                if n < level.last[client]:
                    level.reordered += 1
                level.last[client] = max(level.last[client], n)

    async def read(self, client: int, connection) -> None:
        try:
            async for raw in connection:
                self.on_message(client, raw)
        except Exception:  # noqa: S110 - a dropped client shows as lost items
            pass

    async def connect(self, url: str, origin: str | None, count: int) -> dict:
        from websockets.asyncio.client import connect

        async def one():
            for attempt in range(8):
                try:
                    connection = await connect(
                        url, origin=origin, open_timeout=120, max_queue=None, compression=None
                    )
                except Exception:
                    self.retries += 1
                    await asyncio.sleep(0.5 * (attempt + 1))
                    continue
                self.sockets.append(connection)
                client = len(self.sockets) - 1
                self.readers.append(asyncio.ensure_future(self.read(client, connection)))
                return

        began = time.perf_counter()
        for start in range(0, count, CONNECT_BATCH):
            await asyncio.gather(*(one() for _ in range(min(CONNECT_BATCH, count - start))))
        return {
            "connected": len(self.sockets),
            "seconds": time.perf_counter() - began,
            "retries": self.retries,
        }

    async def finish(self, level: Level, timeout: float) -> dict:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if len(level.ended) >= len(self.sockets):
                break
            if level.ended and time.monotonic() > level.first_end + END_GRACE:
                break
            await asyncio.sleep(0.05)
        self.level = None
        counts = [c for client in level.counts for c in client]
        return {
            "clients": len(self.sockets),
            "closed": sum(1 for task in self.readers if task.done()),
            "lost": sum(1 for c in counts if c == 0),
            "duplicated": sum(c - 1 for c in counts if c > 1),
            "reordered": level.reordered,
            "frames": level.frames,
            "items_seen": level.items_seen,
            "latencies": level.latencies,
            "cpu": (time.process_time() - level.cpu0) / max(time.monotonic() - level.wall0, 1e-9),
        }

    async def serve(self) -> None:
        loop = asyncio.get_running_loop()
        reader = asyncio.StreamReader()
        await loop.connect_read_pipe(lambda: asyncio.StreamReaderProtocol(reader), sys.stdin)

        def say(kind: str, payload: dict) -> None:
            sys.stdout.write(f"{kind} {json.dumps(payload)}\n")
            sys.stdout.flush()

        while line := (await reader.readline()).decode().strip():
            command, *args = line.split(" ")
            if command == "CONNECT":
                url, origin, count = args
                say("READY", await self.connect(url, None if origin == "-" else origin, int(count)))
            elif command == "LEVEL":
                name, items, timeout = args
                level = self.level = Level(name, int(items), len(self.sockets))
                say("ARMED", {})
                say("RESULT", await self.finish(level, float(timeout)))
            elif command == "QUIT":
                break
        for connection in self.sockets:
            await connection.close()
        for task in self.readers:
            task.cancel()


def cpu_seconds(pid: int) -> float:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def pct(sorted_values: list[int], q: float) -> float:
    if not sorted_values:
        return float("nan")
    return sorted_values[min(len(sorted_values) - 1, int(q * len(sorted_values)))] / 10


class Clients:
    """LIVE_BENCH_CLIENT_PROCS client processes, each speaking the line protocol above."""

    def __init__(self) -> None:
        self.procs: list[asyncio.subprocess.Process] = []

    async def start(self) -> None:
        for _ in range(CLIENT_PROCS):
            self.procs.append(
                await asyncio.create_subprocess_exec(
                    sys.executable,
                    "-m",
                    "bench.support.swarm",
                    "--client",
                    stdin=asyncio.subprocess.PIPE,
                    stdout=asyncio.subprocess.PIPE,
                    cwd=ROOT,
                    limit=2**28,
                )
            )

    async def ask(self, proc, line: str, expect: str, timeout: float) -> dict:
        proc.stdin.write((line + "\n").encode())
        await proc.stdin.drain()
        return await self.answer(proc, expect, timeout)

    async def answer(self, proc, expect: str, timeout: float) -> dict:
        raw = await asyncio.wait_for(proc.stdout.readline(), timeout)
        kind, _, payload = raw.decode().partition(" ")
        if kind != expect:
            raise RuntimeError(f"a client process answered {raw[:200]!r}, expected {expect}")
        return json.loads(payload)

    async def connect(self, urls: list[tuple[str, str | None]], total: int) -> dict:
        """Spread ``total`` new connections over the processes; process i connects to
        ``urls[i % len(urls)]`` (so with as many processes as servers, one server each)."""
        shares = [
            total // len(self.procs) + (i < total % len(self.procs)) for i in range(len(self.procs))
        ]
        began = time.perf_counter()
        answers = await asyncio.gather(
            *(
                self.ask(proc, f"CONNECT {urls[i % len(urls)][0]} {urls[i % len(urls)][1] or '-'} {share}",
                         "READY", 900)
                for i, (proc, share) in enumerate(zip(self.procs, shares, strict=True))
            )
        )  # fmt: skip
        return {
            "seconds": time.perf_counter() - began,
            "connected": sum(a["connected"] for a in answers),
            "retries": sum(a["retries"] for a in answers),
        }

    async def arm(self, name: str, items: int, timeout: float) -> None:
        await asyncio.gather(
            *(self.ask(p, f"LEVEL {name} {items} {timeout}", "ARMED", 30) for p in self.procs)
        )

    async def results(self, timeout: float) -> list[dict]:
        return await asyncio.gather(*(self.answer(p, "RESULT", timeout) for p in self.procs))

    async def quit(self) -> None:
        for proc in self.procs:
            try:
                proc.stdin.write(b"QUIT\n")
                await proc.stdin.drain()
            except (BrokenPipeError, ConnectionResetError):
                pass
        for proc in self.procs:
            try:
                await asyncio.wait_for(proc.wait(), 30)
            except TimeoutError:
                proc.kill()


def main() -> int:
    raise_nofile()
    if len(sys.argv) == 3 and sys.argv[1] == "--bare-server":
        asyncio.run(bare_server(int(sys.argv[2])))
        return 0
    if len(sys.argv) == 2 and sys.argv[1] == "--client":
        asyncio.run(ClientProcess().serve())
        return 0
    sys.exit("usage: python -m bench.support.swarm --client | --bare-server PORT")


if __name__ == "__main__":
    sys.exit(main())
