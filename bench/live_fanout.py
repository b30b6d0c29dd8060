"""Live-room fan-out: latency against offered load, and capacity, for the live room and bare
websockets in the same run.

For each server configuration (a bare `websockets` broadcast server as the reference; the live room
served by 1, 2 and 3 daphne processes sharing Redis and PostgreSQL, clients spread over them round
robin) the bench connects LIVE_BENCH_SIZES clients (default 1,000 then 3,000), and at each size
offers LIVE_BENCH_RATES items a second (default 2, 5, 10, 20, 40) for LIVE_BENCH_SECONDS each
(default 4). It prints, per level, p50/p99 delivery latency (from just before the write to the
client's receipt), the deliveries a second achieved and the CPU the servers and the client processes
used (a client process near 100 % of a core means the client side is the limit, not the server);
then per configuration and size the capacity (clients x items/s, in deliveries a second) at the
highest measured load whose p99 stays under LIVE_BENCH_TARGET_MS (250), the ratio live/bare, and the
handshake time of the first 1,000 connections with the servers' CPU a handshake (and its ratio to
bare's). A level whose p99 passes 5x the target ends that
size's climb (the next rates would only queue). LIVE_BENCH_COMPARE_ASGI=1 (or --compare-asgi)
runs each live configuration a second time with its frames sent through ASGI instead of straight
to daphne's connections (remote_hubs/wire.py), in the same run: a before/after.

Every client must receive every item exactly once: a lost or duplicated item makes the bench exit
non-zero, however fast it was. A frame may hold one item (an object) or several (a list, or an
object holding a list under "items"/"frames"/"batch"/"messages"): the clients count the items
inside each frame.

The live room is written through the real service (`chat_send`: stored, then the doorbell after
commit) by this process, set up with the same environment as the daphne processes, so that both
take the channel layer from forum/settings.py and cannot drift apart; nothing here configures one.
The clients run in LIVE_BENCH_CLIENT_PROCS asyncio processes (default 3), each raising its
RLIMIT_NOFILE. The bench starts its own redis-server and works in its own database
(<DATABASE_URL's name>_livebench), dropped at the end. Shorter run: LIVE_BENCH_PROCESSES=1
LIVE_BENCH_SIZES=1000 LIVE_BENCH_RATES=5,20, or the same as options:
``python bench/live_fanout.py --processes 1 --sizes 3000 --rates 2,5,10 --compare-asgi``.
"""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from bench.support.databases import bench_database_url, recreate_database  # noqa: E402
from bench.support.load import free_port, start_daphne, wait_for_port  # noqa: E402
from bench.support.swarm import (  # noqa: E402
    CLIENT_PROCS,
    MARK,
    Clients,
    cpu_seconds,
    pct,
    raise_nofile,
)


def _ints(name: str, default: str) -> list[int]:
    return [int(x) for x in os.environ.get(name, default).split(",") if x.strip()]


SIZES = _ints("LIVE_BENCH_SIZES", "1000,3000")
RATES = [float(x) for x in os.environ.get("LIVE_BENCH_RATES", "2,5,10,20,40").split(",")]
PROCESSES = _ints("LIVE_BENCH_PROCESSES", "1,2,3")
SECONDS = float(os.environ.get("LIVE_BENCH_SECONDS", "4"))
MIN_ITEMS = int(os.environ.get("LIVE_BENCH_MIN_ITEMS", "10"))
TARGET_MS = float(os.environ.get("LIVE_BENCH_TARGET_MS", "250"))
#: Also run each live configuration with its frames sent through ASGI (direct writes off,
#: ``PLENARIA_LIVE_DIRECT_WRITES=false``), right after the default one, for a before/after.
COMPARE_ASGI = os.environ.get("LIVE_BENCH_COMPARE_ASGI", "") not in {"", "0", "false"}
#: After a client's first end marker, how long its other sockets may take to get theirs (covers
#: the live room's 5 s catch-up tick repairing a missed doorbell).
HANDSHAKE_SAMPLE = 1000


class BareWriter:
    def __init__(self, port: int) -> None:
        self.port = port

    async def open(self) -> None:
        from websockets.asyncio.client import connect

        self.connection = await connect(f"ws://127.0.0.1:{self.port}/publish")

    async def send(self, text: str, seq: int) -> None:
        # The same shape as a live room's chat item.
        await self.connection.send(
            json.dumps({"type": "chat.message", "id": seq, "text": text, "author": "B"})
        )

    async def close(self) -> None:
        await self.connection.close()


class LiveWriter:
    def __init__(self, session_id: int, writer_id: int) -> None:
        self.session_id, self.writer_id = session_id, writer_id

    async def open(self) -> None:
        from asgiref.sync import sync_to_async

        from forum.models import User
        from remote_hubs.services import live
        from sessions.models import Session

        def load():
            session = Session.objects.select_related("forum").get(pk=self.session_id)
            return live.live_room_for(session=session), User.objects.get(pk=self.writer_id)

        self.room, self.user = await sync_to_async(load)()
        self.chat_send = sync_to_async(live.chat_send)

    async def send(self, text: str, seq: int) -> None:
        # The real write path: stored, then the doorbell after commit.
        await self.chat_send(room=self.room, by=self.user, text=text)

    async def close(self) -> None:
        pass


async def run_level(clients: Clients, writer, name: str, rate: float, servers: list[int]) -> dict:
    items = max(MIN_ITEMS, round(rate * SECONDS))
    timeout = items / rate + 90
    await clients.arm(name, items, timeout)
    server_cpu0 = [cpu_seconds(pid) for pid in servers]
    began = time.monotonic()
    first = time.perf_counter()
    for n in range(items):
        await writer.send(f"{MARK}{name}:{n}:{time.time():.6f}", n + 1)
        await asyncio.sleep(max(0.0, first + (n + 1) / rate - time.perf_counter()))
    offered_seconds = time.perf_counter() - first
    await writer.send(f"{MARK}{name}:end", items + 1)
    answers = await clients.results(timeout + 30)
    elapsed = time.monotonic() - began
    server_cpu = [
        (cpu_seconds(pid) - c0) / elapsed for pid, c0 in zip(servers, server_cpu0, strict=True)
    ]
    latencies = sorted(v for a in answers for v in a["latencies"])
    n_clients = sum(a["clients"] for a in answers)
    return {
        "rate": rate,
        "clients": n_clients,
        "items": items,
        "offered": n_clients * rate,
        # What the writer managed (below ``rate`` when the write path itself cannot keep up).
        "written": items / max(offered_seconds, 1e-9),
        "achieved": len(latencies) / max(offered_seconds, 1e-9),
        "p50": pct(latencies, 0.50),
        "p99": pct(latencies, 0.99),
        "max": latencies[-1] / 10 if latencies else float("nan"),
        "lost": sum(a["lost"] for a in answers),
        "duplicated": sum(a["duplicated"] for a in answers),
        "reordered": sum(a["reordered"] for a in answers),
        "closed": sum(a["closed"] for a in answers),
        "items_per_frame": sum(a["items_seen"] for a in answers)
        / max(1, sum(a["frames"] for a in answers)),
        "server_cpu": server_cpu,
        "client_cpu": max(a["cpu"] for a in answers),
    }


def print_level(label: str, r: dict) -> None:
    cpu = "+".join(f"{100 * c:.0f}" for c in r["server_cpu"])
    print(
        f"  {label:<14} {r['clients']:>5} clients {r['rate']:>4.0f}/s  offered {r['offered']:>7.0f}/s"
        f" (written {r['written']:.1f}/s)  achieved {r['achieved']:>7.0f}/s  p50 {r['p50']:7.1f} ms  p99 {r['p99']:7.1f} ms"
        f"  max {r['max']:7.1f} ms  lost {r['lost']} dup {r['duplicated']} reord {r['reordered']}"
        f"  closed sockets {r['closed']}"
        f"  items/frame {r['items_per_frame']:.2f}  server cpu {cpu}%"
        f"  busiest client proc {100 * r['client_cpu']:.0f}%",
        flush=True,
    )


async def run_config(label: str, urls, writer, servers: list[int]) -> dict:
    """One server configuration at every size and rate."""
    clients = Clients()
    await clients.start()
    await writer.open()
    out = {"label": label, "levels": [], "handshakes": []}
    try:
        connected = 0
        for size in SIZES:
            add = size - connected
            if add <= 0:
                continue
            cpu_before = sum(cpu_seconds(pid) for pid in servers)
            hs = await clients.connect(urls, add)
            # The servers' CPU for the storm: steadier than its wall time on a shared machine.
            hs["server_cpu"] = sum(cpu_seconds(pid) for pid in servers) - cpu_before
            connected = hs["connected"]
            out["handshakes"].append({"added": add, **hs})
            print(
                f"  {label:<14} +{add} connections in {hs['seconds']:.1f} s "
                f"({hs['retries']} handshake retries; {connected} connected)",
                flush=True,
            )
            await asyncio.sleep(2)  # let the connection storm's presence updates settle
            for rate in RATES:
                name = f"{label.replace(' ', '')}.{size}.{rate:g}.{time.monotonic_ns()}"
                r = await run_level(clients, writer, name, rate, servers)
                r["size"] = size
                out["levels"].append(r)
                print_level(label, r)
                if r["p99"] > 5 * TARGET_MS:
                    print(f"  {label:<14} saturated at {size} clients: higher rates not run")
                    break
                await asyncio.sleep(0.5)
    finally:
        await writer.close()
        await clients.quit()
    return out


def capacity(config: dict, size: int) -> tuple[float, bool]:
    """(the highest offered deliveries/s at ``size`` with p99 under the target and nothing lost,
    whether it is only a lower bound: the highest rate run passed)."""
    levels = [r for r in config["levels"] if r["size"] == size]
    passing = [r for r in levels if r["p99"] < TARGET_MS and not r["lost"] and not r["duplicated"]]
    if not passing:
        return 0.0, False
    best = max(passing, key=lambda r: r["offered"])
    return best["offered"], best["rate"] == max(RATES) and best is levels[-1]


def seed() -> tuple[int, int]:
    import datetime as dt

    from forum.models import Forum, User
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
    writer = User.objects.create_user("writer@bench.example", name="Writer")
    Registration.objects.create(forum=forum, user=writer, status=Registration.Status.APPROVED)
    return session.pk, writer.pk


async def orchestrate(session_id: int, writer_id: int, env: dict) -> list[dict]:
    configs = []
    bare_port = free_port()
    bare = subprocess.Popen(  # noqa: S603 - this file
        [sys.executable, "-m", "bench.support.swarm", "--bare-server", str(bare_port)], cwd=ROOT
    )
    try:
        wait_for_port(bare_port, process=bare)
        url = f"ws://127.0.0.1:{bare_port}/listen"
        configs.append(await run_config("bare", [(url, None)], BareWriter(bare_port), [bare.pid]))
    finally:
        bare.terminate()
        bare.wait(timeout=10)
    variants = [("", {})]
    if COMPARE_ASGI:
        variants.append((" asgi", {"PLENARIA_LIVE_DIRECT_WRITES": "false"}))
    for count, (suffix, extra) in ((c, v) for c in PROCESSES for v in variants):
        ports = [free_port() for _ in range(count)]
        logs = ROOT / "var" / "livebench"
        logs.mkdir(parents=True, exist_ok=True)
        daphnes = [
            start_daphne(
                port, log=logs / f"daphne-x{count}{suffix.strip()}-{i}.log", **env, **extra
            )
            for i, port in enumerate(ports)
        ]
        try:
            urls = [
                (f"ws://127.0.0.1:{p}/ws/live/{session_id}/", f"http://127.0.0.1:{p}")
                for p in ports
            ]
            label = f"live x{count}{suffix}"
            saved = SIZES[:]
            if count > 1:
                SIZES[:] = SIZES[-1:]  # several processes: the largest room only
            try:
                configs.append(
                    await run_config(
                        label, urls, LiveWriter(session_id, writer_id), [d.pid for d in daphnes]
                    )
                )
            finally:
                SIZES[:] = saved
        finally:
            for daphne in daphnes:
                daphne.terminate()
            for daphne in daphnes:
                daphne.wait(timeout=30)
    return configs


def summarise(configs: list[dict]) -> None:
    print(f"capacity (deliveries/s = clients x items/s, highest measured load with p99 < "
          f"{TARGET_MS:.0f} ms and nothing lost; '>=' when the highest rate run passed):")  # fmt: skip
    bare = configs[0]
    for config in configs:
        for size in sorted({r["size"] for r in config["levels"]}):
            cap, lower = capacity(config, size)
            ratio = ""
            if config is not bare and size in {r["size"] for r in bare["levels"]}:
                bare_cap, bare_lower = capacity(bare, size)
                if bare_cap:
                    ratio = f"  ratio to bare {cap / bare_cap:.2f}" + (
                        " (bare is a lower bound)" if bare_lower else ""
                    )
            print(f"  {config['label']:<14} {size:>5} clients  {'>=' if lower else '  '}"
                  f"{cap:>7.0f}/s{ratio}")  # fmt: skip
    print(f"handshakes (first {HANDSHAKE_SAMPLE} connections; then the rest):")
    for config in configs:
        parts = ", ".join(
            f"{h['added']} in {h['seconds']:.1f} s ({h['retries']} retries, server CPU "
            f"{h['server_cpu'] * 1000 / max(1, h['added']):.2f} ms each)"
            for h in config["handshakes"]
        )
        print(f"  {config['label']:<14} {parts}")
    bare_hs = configs[0]["handshakes"]
    for config in configs[1:]:
        ratios = [
            f"{h['server_cpu'] / h['added'] / (b['server_cpu'] / b['added']):.1f}x"
            for h, b in zip(config["handshakes"], bare_hs, strict=False)
            if b["server_cpu"] > 0 and h["added"] == b["added"]
        ]
        if ratios:
            print(f"  {config['label']:<14} server CPU a handshake, to bare: {', '.join(ratios)}")


def parse_arguments(argv: list[str]) -> None:
    """Command-line options over the LIVE_BENCH_* environment (the default is the full sweep)."""
    import argparse

    parser = argparse.ArgumentParser(description="Live-room fan-out against bare websockets.")
    parser.add_argument("--sizes", help="clients, comma-separated (LIVE_BENCH_SIZES)")
    parser.add_argument("--rates", help="items a second, comma-separated (LIVE_BENCH_RATES)")
    parser.add_argument("--processes", help="daphne processes, comma-separated")
    parser.add_argument("--seconds", type=float, help="seconds per level (LIVE_BENCH_SECONDS)")
    parser.add_argument(
        "--compare-asgi", action="store_true", help="also run the live room through ASGI sends"
    )
    args = parser.parse_args(argv)
    global SECONDS, COMPARE_ASGI
    if args.sizes:
        SIZES[:] = [int(x) for x in args.sizes.split(",") if x.strip()]
    if args.rates:
        RATES[:] = [float(x) for x in args.rates.split(",") if x.strip()]
    if args.processes:
        PROCESSES[:] = [int(x) for x in args.processes.split(",") if x.strip()]
    if args.seconds:
        SECONDS = args.seconds
    COMPARE_ASGI = COMPARE_ASGI or args.compare_asgi


def main() -> int:
    parse_arguments(sys.argv[1:])
    raise_nofile()
    if HANDSHAKE_SAMPLE not in SIZES and SIZES[0] > HANDSHAKE_SAMPLE:
        SIZES.insert(0, HANDSHAKE_SAMPLE)

    db_url, admin_url, db_name = bench_database_url("livebench")
    redis_port = free_port()
    env = {
        "DATABASE_URL": db_url,
        "REDIS_URL": f"redis://127.0.0.1:{redis_port}/0",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "PYTHONUNBUFFERED": "1",
    }
    os.environ.update(env)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "forum.settings")
    os.environ.setdefault("SECRET_KEY", "bench-only-" + "x" * 50)
    print(
        f"live fan-out: sizes {SIZES}, rates {RATES}/s for {SECONDS:g} s each, daphne processes "
        f"{PROCESSES}, {CLIENT_PROCS} client processes, {os.cpu_count()} cores",
        flush=True,
    )
    started = time.monotonic()
    redis = None
    try:
        recreate_database(admin_url, db_name)
        redis = subprocess.Popen(  # noqa: S603
            ["redis-server", "--port", str(redis_port), "--bind", "127.0.0.1", "--save", "",
             "--appendonly", "no", "--maxclients", "20000"],
            stdout=subprocess.DEVNULL,
        )  # fmt: skip
        wait_for_port(redis_port, process=redis)
        subprocess.run(  # noqa: S603
            [sys.executable, "manage.py", "migrate", "--noinput", "-v0"], cwd=ROOT, check=True
        )
        import django

        django.setup()
        from django.conf import settings

        layer = settings.CHANNEL_LAYERS["default"]
        print(f"channel layer (from forum/settings.py, as daphne's): {layer['BACKEND']}")
        session_id, writer_id = seed()
        configs = asyncio.run(orchestrate(session_id, writer_id, env))
        summarise(configs)
        print(f"total {time.monotonic() - started:.0f} s", flush=True)
        failed = [
            (c["label"], r) for c in configs for r in c["levels"] if r["lost"] or r["duplicated"]
        ]
        for label, r in failed:
            print(f"  FAILED: {label} at {r['clients']} clients, {r['rate']:g}/s lost {r['lost']} "
                  f"and duplicated {r['duplicated']} of {r['clients'] * r['items']} deliveries")  # fmt: skip
        return 1 if failed else 0
    finally:
        if redis is not None:
            redis.terminate()
            redis.wait(timeout=10)
        try:
            from django.db import connections

            connections.close_all()
        except Exception:  # noqa: S110
            pass
        recreate_database(admin_url, db_name, drop_only=True)


if __name__ == "__main__":
    sys.exit(main())
