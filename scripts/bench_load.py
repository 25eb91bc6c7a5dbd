"""Load benchmark: N concurrent sessions on the real server at 10,000 SYNTHETIC events, figures printed.

    .venv/bin/python scripts/bench_load.py [--sessions 4] [--events 10000] [--seconds 600] [--think 2]

Starts `streamlit run app.py` on a SYNTHETIC events file and drives it with N light clients that speak
Streamlit's own websocket protocol (the messages a browser sends: one rerun with the sidebar's sponsor
choice changed, then a pause of --think seconds, as an analyst would). The clients draw nothing, so they
cost a few per cent of one core; they also run at the lowest CPU priority (nice 19), so the server is never
starved by its own load generator. Printed: reruns, server CPU per rerun, p50/p95 rerun time (from the
rerun request to the server's "script finished"), and the server's memory after warm-up and at the end.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

TICKS = os.sysconf("SC_CLK_TCK")


def server_cpu(pid: int) -> float:
    """CPU seconds (user + system) the server process has used so far, all its threads included."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICKS


def server_memory_mb(pid: int) -> float:
    """The server's resident memory in MB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def start_server(events: Path, port: int) -> subprocess.Popen:
    """The app, headless, on `port`, reading `events`; returns once /_stcore/health answers."""
    command = [sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py"), "--server.headless", "true",
               "--server.port", str(port), "--server.address", "127.0.0.1",
               "--browser.gatherUsageStats", "false"]  # fmt: skip
    environment = {**os.environ, "EVENTS_CSV": str(events), "PYTHONPATH": str(ROOT)}
    process = subprocess.Popen(
        command, cwd=ROOT, env=environment, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"the server exited: {process.stderr.read().decode()[-2000:]}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2):
                return process
        except OSError:
            time.sleep(0.2)  # polling the health check while the server starts
    process.kill()
    raise SystemExit("the server did not start within 90 s")


class Session:
    """One browser session, as Streamlit's websocket protocol sees it."""

    def __init__(self, url: str, origin: str) -> None:
        self.url, self.origin = url, origin
        self.sponsor_widget: str | None = None
        self.sponsors: list[str] = []
        self.shown = ""  # the page's "N of M events shown" after the last rerun
        self.connection = None

    async def open(self) -> float:
        """Connect and run the page once (the first visit); returns its duration."""
        from websockets.asyncio.client import connect  # Streamlit's own server stack ships it

        self.connection = await connect(self.url, origin=self.origin, max_size=256 * 2**20, compression=None)
        return await self.rerun(None)

    async def rerun(self, sponsors: list[str] | None) -> float:
        """Ask for a rerun (with the sponsor choice when given) and wait for the script to finish."""
        from streamlit.proto.BackMsg_pb2 import BackMsg
        from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

        message = BackMsg()
        state = message.rerun_script
        state.query_string = ""
        state.page_script_hash = ""
        if sponsors is not None and self.sponsor_widget:
            widget = state.widget_states.widgets.add()
            widget.id = self.sponsor_widget
            widget.string_array_value.data.extend(sponsors)
        started = time.perf_counter()
        await self.connection.send(message.SerializeToString())
        while True:
            forward = ForwardMsg.FromString(await self.connection.recv())
            kind = forward.WhichOneof("type")
            if kind == "delta" and forward.delta.WhichOneof("type") == "new_element":
                element = forward.delta.new_element
                if element.WhichOneof("type") == "multiselect" and element.multiselect.label == "Sponsors":
                    self.sponsor_widget = element.multiselect.id
                    self.sponsors = list(element.multiselect.options)
                elif element.WhichOneof("type") == "markdown" and "events shown" in element.markdown.body:
                    self.shown = element.markdown.body
            elif kind == "script_finished":
                return time.perf_counter() - started


async def drive(arguments: argparse.Namespace, port: int, pid: int) -> dict:
    """Open the sessions, warm up, then run every session until the time is up; collect the figures."""
    url, origin = f"ws://127.0.0.1:{port}/_stcore/stream", f"http://127.0.0.1:{port}"
    sessions = [Session(url, origin) for _ in range(arguments.sessions)]
    first_visits = [await session.open() for session in sessions]
    names = sessions[0].sponsors
    if not sessions[0].sponsor_widget or len(names) < 2:
        raise SystemExit("the page has no 'Sponsors' multiselect to change: the benchmark cannot drive it")
    # distinct filter states the analysts move between (more than the map cache holds, as real use is)
    choices = [list(c) for size in (1, 2, 3) for c in itertools.combinations(names, size)][: arguments.states]
    seen = set()
    for session in sessions:  # warm-up: every state once, so the figures below are the steady state
        for choice in choices:
            await session.rerun(choice)
            seen.add(session.shown)
    if len(seen) < 2:  # proof that the reruns really change the filter (and so the map)
        raise SystemExit(f"changing the sponsors did not change the events shown ({seen}): nothing measured")
    warm_memory, cpu_start, started = server_memory_mb(pid), server_cpu(pid), time.monotonic()
    timings: list[float] = []
    chance = random.Random(7)

    async def analyst(session: Session, offset: int) -> None:
        for step in itertools.count(offset):
            if time.monotonic() - started >= arguments.seconds:
                return
            timings.append(await session.rerun(choices[step % len(choices)]))
            await asyncio.sleep(arguments.think * chance.uniform(0.5, 1.5))

    await asyncio.gather(*(analyst(session, n * 3) for n, session in enumerate(sessions)))
    elapsed, cpu = time.monotonic() - started, server_cpu(pid) - cpu_start
    for session in sessions:
        await session.connection.close()
    return {
        "first_visit": statistics.median(first_visits),
        "timings": timings,
        "elapsed": elapsed,
        "cpu": cpu,
        "warm_memory": warm_memory,
        "end_memory": server_memory_mb(pid),
        "states": len(choices),
    }


def main() -> int:
    """Make the data, start the server, drive it, print the figures, stop the server."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=4)
    parser.add_argument("--events", type=int, default=10_000)
    parser.add_argument("--seconds", type=float, default=600.0)
    parser.add_argument("--think", type=float, default=2.0, help="mean pause between an analyst's reruns (s)")
    parser.add_argument("--states", type=int, default=12, help="distinct filter states the analysts use")
    parser.add_argument("--port", type=int, default=8765)
    arguments = parser.parse_args()

    from influence.load import synthetic

    with tempfile.TemporaryDirectory(prefix="bench-load-") as folder:
        events = synthetic.write(Path(folder) / f"synthetic-{arguments.events}.csv", arguments.events, seed=5)
        server = start_server(events, arguments.port)
        try:
            os.nice(19)  # the load generator yields the CPU to the server it measures
            client_cpu = time.process_time()
            figures = asyncio.run(drive(arguments, arguments.port, server.pid))
            client_cpu = time.process_time() - client_cpu
        finally:
            server.terminate()
            try:
                server.wait(timeout=20)
            except subprocess.TimeoutExpired:
                server.kill()
    timings = sorted(figures["timings"])
    reruns = len(timings)
    p95 = timings[min(reruns - 1, int(0.95 * reruns))]
    print(
        f"Load: {arguments.sessions} concurrent sessions, {arguments.events:,} SYNTHETIC events, "
        f"{figures['elapsed']:.0f} s measured after warm-up ({figures['states']} filter states, think "
        f"{arguments.think:g} s); load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores"
    )
    print(f"  first visit (median)        {figures['first_visit']:.2f} s")
    print(f"  reruns                      {reruns:,} ({reruns / figures['elapsed']:.2f} per second)")
    print(f"  server CPU per rerun        {1000 * figures['cpu'] / max(reruns, 1):.0f} ms")
    print(f"  rerun time p50 / p95        {statistics.median(timings):.2f} s / {p95:.2f} s")
    print(f"  server memory               {figures['warm_memory']:.0f} MB after warm-up, "
          f"{figures['end_memory']:.0f} MB at the end")  # fmt: skip
    print(
        f"  load generator CPU          {client_cpu:.1f} s in all ({100 * client_cpu / figures['elapsed']:.1f}% of one core)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
