"""Live-room fan-out: 1,000 WebSocket clients in one room, 200 broadcast items.

Measures delivered messages per second and p50/p99 delivery latency through the real stack
(daphne, the live room consumer, PostgreSQL, channels-redis) with the channel layer in both of its
configurations (Redis pub/sub and the core list-based layer), and the same swarm against a bare
`websockets` broadcast server in the same run, with the ratio. The figures choose the channel layer
(docs/live-protocol.md). Every client must receive every item exactly once: a lost or duplicated
delivery makes the bench exit non-zero, however fast it was.

The writer of each live run is a process of its own started with daphne's environment, so that
both take the channel layer from the project's settings (django.conf.settings.CHANNEL_LAYERS), never
from a copy in this file that could drift.

Standalone: `make bench` runs it. It starts its own redis-server and daphne on loopback ports and
works in its own database (<DATABASE_URL's name>_livebench), dropped at the end.
"""

from __future__ import annotations

import asyncio
import json
import os
import resource
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
CLIENTS = int(os.environ.get("LIVE_BENCH_CLIENTS", 1000))
ITEMS = int(os.environ.get("LIVE_BENCH_ITEMS", 200))
RATE = float(os.environ.get("LIVE_BENCH_RATE", 20))  # items per second offered
CONNECT_BATCH = 50
DELIVERY_TIMEOUT = 60.0
MARK = "bench:"
END = f"{MARK}end"
RESULT = "RESULT "


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for_port(port: int, timeout: float = 30, process: subprocess.Popen | None = None) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"the process meant to listen on port {port} exited")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.1)
    raise TimeoutError(f"port {port} did not open")


# --- The bare broadcast server (run in its own process) ----------------------------------------


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

    async with serve(handler, "127.0.0.1", port, max_queue=None, compression=None):
        await asyncio.Future()


# --- The swarm ---------------------------------------------------------------------------------


class Swarm:
    def __init__(self) -> None:
        self.latencies: list[float] = []
        self.sent_at: dict[int, float] = {}
        self.last_delivery = 0.0
        self.sockets = []
        self.readers = []
        self.connect_failures = 0
        self.connect_seconds = 0.0
        #: How many times each client received each item: a lost delivery is a 0, a duplicated
        #: one more than 1.
        self.received: list[list[int]] = []
        #: The clients that received the end marker, sent after the last item: each connection
        #: is ordered, so by then every item (and any duplicate of one) has reached the client.
        self.ended: set[int] = set()

    def on_message(self, client: int, raw: str) -> None:
        if MARK not in raw:
            return
        frame = json.loads(raw)
        text = frame.get("text", "")
        if not text.startswith(MARK):
            return
        now = time.perf_counter()
        if text == END:
            self.ended.add(client)
            return
        n = int(text[len(MARK) :])
        self.received[client][n] += 1
        if self.received[client][n] == 1:
            self.latencies.append(now - self.sent_at[n])
        self.last_delivery = now

    async def read(self, client: int, connection) -> None:
        try:
            async for raw in connection:
                self.on_message(client, raw)
        except Exception:  # noqa: S110 - a dropped client shows as lost deliveries
            pass

    async def connect(self, url: str, origin: str | None) -> None:
        from websockets.asyncio.client import connect

        async def one():
            for attempt in range(5):
                try:
                    connection = await connect(
                        url, origin=origin, open_timeout=60, max_queue=None, compression=None
                    )
                except Exception:
                    self.connect_failures += 1
                    await asyncio.sleep(0.5 * (attempt + 1))
                    continue
                self.received.append([0] * ITEMS)
                self.sockets.append(connection)
                client = len(self.sockets) - 1
                self.readers.append(asyncio.ensure_future(self.read(client, connection)))
                return

        began = time.perf_counter()
        for start in range(0, CLIENTS, CONNECT_BATCH):
            await asyncio.gather(*(one() for _ in range(min(CONNECT_BATCH, CLIENTS - start))))
        self.connect_seconds = time.perf_counter() - began

    async def close(self) -> None:
        for connection in self.sockets:
            await connection.close()
        for reader in self.readers:
            reader.cancel()

    def report(self, name: str, first_sent: float) -> dict:
        # Every client was meant to receive every item: a client that never connected lost them.
        expected = CLIENTS * ITEMS
        delivered = len(self.latencies)
        counts = [count for client in self.received for count in client]
        lost = expected - sum(1 for count in counts if count)
        duplicated = sum(count - 1 for count in counts if count > 1)
        elapsed = max(self.last_delivery - first_sent, 1e-9)
        lat = sorted(self.latencies)
        result = {
            "name": name,
            "delivered": delivered,
            "expected": expected,
            "lost": lost,
            "duplicated": duplicated,
            "msgs_per_s": delivered / elapsed,
            "p50_ms": 1000 * statistics.median(lat) if lat else float("nan"),
            "p99_ms": 1000 * lat[int(0.99 * (len(lat) - 1))] if lat else float("nan"),
            "seconds": elapsed,
        }
        print(
            f"  {name:<28} delivered {delivered}/{expected} (lost {lost}, duplicated "
            f"{duplicated})  {result['msgs_per_s']:>9.0f} msg/s  "
            f"p50 {result['p50_ms']:7.1f} ms  p99 {result['p99_ms']:7.1f} ms  "
            f"({elapsed:.1f} s; {len(self.sockets)} clients connected in "
            f"{self.connect_seconds:.1f} s, {self.connect_failures} handshake retries)",
            flush=True,
        )
        return result

    async def wait_delivered(self) -> None:
        deadline = time.monotonic() + DELIVERY_TIMEOUT
        while len(self.ended) < len(self.sockets) and time.monotonic() < deadline:
            await asyncio.sleep(0.1)


async def run_bare(port: int) -> dict:
    from websockets.asyncio.client import connect

    swarm = Swarm()
    await swarm.connect(f"ws://127.0.0.1:{port}/listen", None)
    publisher = await connect(f"ws://127.0.0.1:{port}/publish")
    await asyncio.sleep(1)
    first = time.perf_counter()
    for n in range(ITEMS):
        swarm.sent_at[n] = time.perf_counter()
        # The same shape as a live room's chat item.
        await publisher.send(
            json.dumps({"type": "chat.message", "id": n + 1, "text": f"{MARK}{n}", "author": "B"})
        )
        await asyncio.sleep(max(0.0, first + (n + 1) / RATE - time.perf_counter()))
    await publisher.send(json.dumps({"type": "chat.message", "id": ITEMS + 1, "text": END}))
    await swarm.wait_delivered()
    result = swarm.report("bare websockets broadcast", first)
    await publisher.close()
    await swarm.close()
    return result


async def run_live(name: str, base_port: int, session_id: int, writer_id: int) -> dict:
    from asgiref.sync import sync_to_async

    from forum.models import User
    from remote_hubs.services import live
    from sessions.models import Session

    swarm = Swarm()
    origin = f"http://127.0.0.1:{base_port}"
    await swarm.connect(f"ws://127.0.0.1:{base_port}/ws/live/{session_id}/", origin)
    await asyncio.sleep(2)  # let the connection storm's presence updates settle
    session = await sync_to_async(Session.objects.select_related("forum").get)(pk=session_id)
    room = await sync_to_async(live.live_room_for)(session=session)
    writer = await sync_to_async(User.objects.get)(pk=writer_id)
    first = time.perf_counter()
    for n in range(ITEMS):
        swarm.sent_at[n] = time.perf_counter()
        # The real write path: stored, then the doorbell after commit.
        await sync_to_async(live.chat_send)(room=room, by=writer, text=f"{MARK}{n}")
        await asyncio.sleep(max(0.0, first + (n + 1) / RATE - time.perf_counter()))
    await sync_to_async(live.chat_send)(room=room, by=writer, text=END)
    await swarm.wait_delivered()
    result = swarm.report(name, first)
    await swarm.close()
    return result


# --- Orchestration -----------------------------------------------------------------------------


def bench_database_url() -> tuple[str, str, str]:
    url = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/test")
    parts = urlsplit(url)
    name = f"{parts.path.lstrip('/') or 'plenaria'}_livebench"
    admin = urlunsplit(parts._replace(path="/postgres"))
    return urlunsplit(parts._replace(path=f"/{name}")), admin, name


def recreate_database(admin_url: str, name: str, *, drop_only: bool = False) -> None:
    import psycopg

    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        if not drop_only:
            conn.execute(f'CREATE DATABASE "{name}"')


def seed() -> tuple[int, int]:
    import datetime as dt

    from forum.models import Forum
    from registration.models import Registration
    from sessions.models import Session, SessionType

    forum = Forum.objects.create(
        name="Bench Forum",
        slug="bench",
        acronym="bench",
        start_date=dt.date(2030, 1, 1),
        end_date=dt.date(2030, 1, 2),
    )
    session_type = SessionType.objects.create(forum=forum, code="main", name="Main")
    session = Session.objects.create(
        forum=forum, session_type=session_type, title="Fan-out", duration=60, is_public=True
    )
    from forum.models import User

    writer = User.objects.create_user("writer@bench.example", name="Writer")
    Registration.objects.create(forum=forum, user=writer, status=Registration.Status.APPROVED)
    return session.pk, writer.pk


def run_writer(kind: str, env: dict, port: int, session_id: int, writer_id: int) -> dict:
    """The swarm and the writer of one live run, in a process of their own started with
    daphne's environment: its Django settings are the project's for that channel layer."""
    args = ["--live", kind, str(port), str(session_id), str(writer_id)]
    done = subprocess.run(  # noqa: S603
        [sys.executable, __file__, *args],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        text=True,
        check=True,
    )
    result = None
    for line in done.stdout.splitlines():
        if line.startswith(RESULT):
            result = json.loads(line[len(RESULT) :])
        else:
            print(line, flush=True)
    if result is None:
        raise RuntimeError(f"the {kind} run printed no result")
    return result


def live_writer(kind: str, port: int, session_id: int, writer_id: int) -> int:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "forum.settings")
    import django

    django.setup()
    from django.conf import settings

    if kind != settings.CHANNEL_LAYER_KIND:
        raise RuntimeError(f"settings chose the {settings.CHANNEL_LAYER_KIND} layer, not {kind}")
    layer = settings.CHANNEL_LAYERS["default"]
    print(f"  channel layer ({kind}, from forum/settings.py): {layer}", flush=True)
    result = asyncio.run(run_live(f"Plenaria live room ({kind})", port, session_id, writer_id))
    print(RESULT + json.dumps(result), flush=True)
    return 0


def main() -> int:
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (min(hard, 65536), hard))
    if len(sys.argv) == 3 and sys.argv[1] == "--bare-server":
        asyncio.run(bare_server(int(sys.argv[2])))
        return 0
    if len(sys.argv) == 6 and sys.argv[1] == "--live":
        kind, port, session_id, writer_id = sys.argv[2], *map(int, sys.argv[3:])
        return live_writer(kind, port, session_id, writer_id)

    db_url, admin_url, db_name = bench_database_url()
    redis_port = free_port()
    redis_url = f"redis://127.0.0.1:{redis_port}/0"
    env = {
        **os.environ,
        "DATABASE_URL": db_url,
        "REDIS_URL": redis_url,
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "PYTHONUNBUFFERED": "1",
    }
    os.environ.update(DATABASE_URL=db_url, REDIS_URL=redis_url)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "forum.settings")
    os.environ.setdefault("SECRET_KEY", "bench-only-" + "x" * 50)
    env.setdefault("SECRET_KEY", os.environ["SECRET_KEY"])
    processes: list[subprocess.Popen] = []
    print(f"live fan-out: {CLIENTS} clients, {ITEMS} items offered at {RATE:.0f}/s", flush=True)
    started = time.monotonic()
    try:
        recreate_database(admin_url, db_name)
        redis = subprocess.Popen(  # noqa: S603
            [
                "redis-server",
                "--port",
                str(redis_port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
            ],
            stdout=subprocess.DEVNULL,
        )
        processes.append(redis)
        wait_for_port(redis_port)
        subprocess.run(  # noqa: S603
            [sys.executable, "manage.py", "migrate", "--noinput", "-v0"],
            cwd=ROOT,
            env=env,
            check=True,
        )
        sys.path.insert(0, str(ROOT))
        import django

        django.setup()
        session_id, writer_id = seed()

        results = []
        bare_port = free_port()
        bare = subprocess.Popen(  # noqa: S603
            [sys.executable, __file__, "--bare-server", str(bare_port)], cwd=ROOT
        )
        processes.append(bare)
        wait_for_port(bare_port)
        results.append(asyncio.run(run_bare(bare_port)))
        bare.terminate()
        bare.wait(timeout=10)

        for kind in ("pubsub", "core"):
            # daphne and the writer run with the same environment, so that both take their
            # channel layer from forum/settings.py (prefix included) and cannot drift apart.
            kind_env = {**env, "PLENARIA_CHANNEL_LAYER": kind}
            port = free_port()
            log = open(ROOT / "var" / f"livebench-daphne-{kind}.log", "wb")  # noqa: SIM115
            daphne = subprocess.Popen(  # noqa: S603
                [
                    str(Path(sys.executable).parent / "daphne"),
                    "-b",
                    "127.0.0.1",
                    "-p",
                    str(port),
                    "forum.asgi:application",
                ],
                cwd=ROOT,
                env=kind_env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
            processes.append(daphne)
            wait_for_port(port, process=daphne)
            results.append(run_writer(kind, kind_env, port, session_id, writer_id))
            daphne.terminate()
            daphne.wait(timeout=20)
            log.close()
            from django.db import connection

            connection.close()

        bare_result = results[0]
        print("ratio (Plenaria / bare websockets):", flush=True)
        for result in results[1:]:
            print(
                f"  {result['name']:<28} throughput {result['msgs_per_s'] / bare_result['msgs_per_s']:.2f}x"
                f"  p50 {result['p50_ms'] / bare_result['p50_ms']:.1f}x"
                f"  p99 {result['p99_ms'] / bare_result['p99_ms']:.1f}x",
                flush=True,
            )
        print(f"total {time.monotonic() - started:.0f} s", flush=True)
        # Lost or duplicated work fails the bench, whatever the speed.
        failed = [r for r in results if r["lost"] or r["duplicated"]]
        for r in failed:
            print(
                f"  FAILED: {r['name']} lost {r['lost']} and duplicated {r['duplicated']} of "
                f"{r['expected']} deliveries",
                flush=True,
            )
        return 1 if failed else 0
    finally:
        for process in reversed(processes):
            if process.poll() is None:
                process.terminate()
                try:
                    process.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    process.kill()
        try:
            from django.db import connections

            connections.close_all()
        except Exception:  # noqa: S110
            pass
        recreate_database(admin_url, db_name, drop_only=True)


if __name__ == "__main__":
    sys.exit(main())
