"""Where the generation worker's time goes, ours against the bare pipeline, by sampling both.

The same stack as ``bench/generation_critical_path.py`` (its ``stack()``: a fake OpenAI-
compatible server answering after L seconds, Temporal's dev server, PostgreSQL, courseflow's
worker and API, and the bare pipeline's worker, each warmed up with one generation), then
``--runs`` generations of each (default 3, alternating ours and bare) while ``py-spy record``
(``--rate`` 200 a second, raw format, one sampler attached by pid to each worker process)
samples every thread of both workers. Only samples of a thread holding the GIL are kept
(``py-spy --gil``): that is the Python CPU of the worker. py-spy's own "busy" (``--all-busy``)
also counts every thread waiting for the GIL, which roughly doubled ours' figure against its
CPU; an idle poller or the event loop in ``select`` is never sampled either way.

Each sample is put in one bucket by its innermost frame that says where it is
(``bucket()``; frames of the standard library and unlisted libraries, e.g. pydantic or json,
count for the code that called them):
- database: sqlalchemy, psycopg, asyncpg, aiosqlite;
- Temporal's Python SDK, split: payload converter (``temporalio.converter``, the pydantic
  converter), payload codec (``core/codec.py``, cryptography), payload visitor, workflow
  sandbox, workflow activation, activity worker, other;
- a thread sampled with no Python frame at all: the SDK core (Rust) holding the GIL to call
  into Python (its own work, without the GIL, is in the thread CPU figures below);
- the model SDK: openai, anthropic, httpx2/httpcore2 (openai's HTTP client), httpx,
  httpcore, h11, anyio, ssl;
- logging: the standard library's ``logging`` and structlog (a log line costs whoever wrote
  it: it is its own bucket so that it shows);
- our code by top-level package (activities, services, adapters, db, core, workflows,
  schemas, ...; the bare pipeline's own code is ``bench``);
- the asyncio event loop (only when nothing above is on the stack), and other.

Printed: samples, milliseconds per generation and share of each worker's busy samples, ours
and bare side by side, and each bucket's part of the gap (ours - bare); the buckets the bare
worker has no sample in are summed as what ours does with no counterpart there. Beside it,
each worker's CPU per generation from ``/proc``, by thread name (``tokio-rt-worker`` threads
are the SDK core's Rust runtime, which py-spy cannot see).

    .venv/bin/python -m bench.worker_profile --runs 3 --parallel 24

Needs ptrace rights over the worker processes (root, or CAP_SYS_PTRACE in a container).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import functools
import json
import re
import shutil
import signal
import subprocess
import time
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from bench.common import (
    BIN,
    REPO,
    BenchError,
    append_result,
    in_memory_stack,
    require_modules,
    run_benchmark,
)
from bench.cpu import CpuMeter, thread_cpu_seconds
from bench.fake_model import TimedFakeLLM
from bench.generation_critical_path import stack

FRAMELESS = "no Python frame (SDK core, Rust)"
DATABASE = "database (sqlalchemy, psycopg, asyncpg)"
MODEL_SDK = "model SDK (openai, httpx2, httpcore2, h11)"
LOGGING = "logging (stdlib logging, structlog)"
LOOP = "asyncio event loop"
OTHER = "other (stdlib, unlisted libraries)"
T_CONVERTER = "Temporal SDK: payload converter"
T_CODEC = "Temporal SDK: payload codec"
T_VISITOR = "Temporal SDK: payload visitor"
T_SANDBOX = "Temporal SDK: workflow sandbox"
T_ACTIVATION = "Temporal SDK: workflow activation"
T_ACTIVITY = "Temporal SDK: activity worker"
T_OTHER = "Temporal SDK: other"

DATABASE_LIBS = frozenset({"sqlalchemy", "psycopg", "psycopg_pool", "psycopg2", "asyncpg",
                           "aiosqlite"})  # fmt: skip
# openai 2.x sends through httpx2/httpcore2 (its fork of httpx), not httpx.
MODEL_LIBS = frozenset({"openai", "anthropic", "httpx", "httpcore", "httpx2", "httpcore2",
                        "h11", "anyio", "sniffio"})  # fmt: skip
LOGGING_LIBS = frozenset({"structlog"})
# Inside temporalio, by path prefix (the first that matches).
TEMPORAL_PARTS = (
    ("converter.py", T_CONVERTER),
    ("contrib/pydantic", T_CONVERTER),
    ("bridge/_visitor", T_VISITOR),
    ("worker/_command_aware_visitor", T_VISITOR),
    ("worker/workflow_sandbox/", T_SANDBOX),
    ("worker/_workflow", T_ACTIVATION),  # _workflow.py and _workflow_instance.py
    ("workflow.py", T_ACTIVATION),
    ("worker/_activity", T_ACTIVITY),
    ("activity.py", T_ACTIVITY),
)
# The event loop's own machinery: everything outside it on a stack (``asyncio.run``, the
# entry point) is what started the loop, not the work. asyncio's other files (tasks, locks,
# queues) count for the code that called them.
LOOP_FILES = frozenset({"asyncio/base_events.py", "asyncio/events.py", "asyncio/runners.py",
                        "asyncio/selector_events.py"})  # fmt: skip
_FRAME = re.compile(r"\((?P<path>[^()]*?)(?::\d+)?\)$")
_LIBS = re.compile(r"/(?:site|dist)-packages/(?P<rest>.+)$")
_STDLIB = re.compile(r"/lib/python3\.\d+/(?P<rest>.+)$")


@dataclass
class Sample:
    thread: str
    frames: list[str]  # outermost first, as py-spy writes them
    count: int


def parse_raw(text: str) -> list[Sample]:
    """py-spy's raw (collapsed stack) output recorded with ``--threads``: one line per
    distinct stack, ``thread (tid): name;frame;...;frame count``."""
    samples = []
    for line in text.splitlines():
        stack, _, count = line.rstrip().rpartition(" ")
        if not stack or not count.isdigit():
            continue
        parts = stack.split(";")
        thread, frames = (parts[0], parts[1:]) if parts[0].startswith("thread (") else ("", parts)
        samples.append(Sample(thread, frames, int(count)))
    return samples


def _temporal(rest: str) -> str:
    for prefix, name in TEMPORAL_PARTS:
        if rest.startswith(prefix):
            return name
    return T_OTHER


def _ours(rest: str) -> str:
    if rest == "core/codec.py":  # the AES-GCM payload codec both workers run
        return T_CODEC
    package = rest.split("/", 1)[0].removesuffix(".py")
    return f"our code: {package}"


def frame_bucket(frame: str, repo: str) -> str | None:
    """The bucket one frame says a sample is in, or None when it does not say (the
    standard library and unlisted libraries count for their caller); asyncio is ``LOOP``."""
    match = _FRAME.search(frame)
    path = match.group("path") if match else ""
    if lib := _LIBS.search(path):
        rest = lib.group("rest")
        top = rest.split("/", 1)[0].removesuffix(".py")
        if top in DATABASE_LIBS:
            return DATABASE
        if top in MODEL_LIBS:
            return MODEL_SDK
        if top == "temporalio":
            return _temporal(rest.removeprefix("temporalio/"))
        if top == "cryptography":
            return T_CODEC
        if top in LOGGING_LIBS:
            return LOGGING
        if top == "google":  # protobuf: the SDK's messages
            return T_OTHER
        return None
    if repo and path.startswith(repo.rstrip("/") + "/"):
        return _ours(path[len(repo.rstrip("/")) + 1 :])
    if std := _STDLIB.search(path):
        top = std.group("rest").split("/", 1)[0].removesuffix(".py")
        if top == "ssl":
            return MODEL_SDK
        if top == "logging":
            return LOGGING
        if top == "selectors" or std.group("rest") in LOOP_FILES:
            return LOOP
    return None


def bucket(frames: list[str], repo: str) -> str:
    """Where one sample is: its innermost frame that says (``frame_bucket``). Frames outside
    the event loop's dispatch (``LOOP_FILES``) are not looked at: a callback with nothing
    listed on its stack is the loop's."""
    if not frames:
        return FRAMELESS
    for frame in reversed(frames):
        found = frame_bucket(frame, repo)
        if found is not None:
            return found
    return OTHER


def tally(samples: Iterable[Sample], repo: str) -> Counter[str]:
    counts: Counter[str] = Counter()
    for s in samples:
        counts[bucket(s.frames, repo)] += s.count
    return counts


@dataclass
class Side:
    """One worker's samples and CPU over the profiled runs."""

    name: str
    runs: int
    rate: int
    samples: list[Sample] = field(default_factory=list)
    cpu_ms: float = 0.0  # the worker process's CPU over the window
    threads_ms: dict[str, float] = field(default_factory=dict)  # CPU by thread name
    walls: list[float] = field(default_factory=list)

    @functools.cached_property
    def buckets(self) -> Counter[str]:
        return tally(self.samples, str(REPO))

    @property
    def total(self) -> int:
        return sum(self.buckets.values())

    def ms(self, samples: float) -> float:
        """Busy milliseconds per generation that ``samples`` stand for."""
        return 1000 * samples / self.rate / self.runs


def unbucketed(samples: Iterable[Sample], repo: str, n: int) -> list[tuple[int, str]]:
    """The ``n`` commonest innermost frames (function and file) of samples in ``OTHER``: what
    a bucket may be missing."""
    counts: Counter[str] = Counter()
    for s in samples:
        if s.frames and bucket(s.frames, repo) == OTHER:
            func = s.frames[-1].partition(" (")[0]
            match = _FRAME.search(s.frames[-1])
            where = "/".join(Path(match.group("path")).parts[-2:]) if match else "?"
            counts[f"{func} ({where})"] += s.count
    return [(c, f) for f, c in counts.most_common(n)]


def gap_table(ours: Side, bare: Side) -> list[str]:
    """Buckets side by side: samples, ms per generation, share of the worker's busy samples,
    and the bucket's part of the gap (ours - bare, in ms per generation and in % of it)."""
    names = sorted(set(ours.buckets) | set(bare.buckets),
                   key=lambda b: (ours.ms(ours.buckets[b]) - bare.ms(bare.buckets[b])),
                   reverse=True)  # fmt: skip
    gap = ours.ms(ours.total) - bare.ms(bare.total)
    lines = [
        f"  {'bucket':<44} {'ours':>7} {'ms/gen':>7} {'%':>5}   {'bare':>6} {'ms/gen':>7} "
        f"{'%':>5}   {'gap ms':>7} {'% gap':>6}"
    ]

    def row(name: str, o: int, b: int) -> str:
        d = ours.ms(o) - bare.ms(b)
        return (
            f"  {name:<44} {o:7d} {ours.ms(o):7.1f} {o / max(ours.total, 1):5.0%}   {b:6d} "
            f"{bare.ms(b):7.1f} {b / max(bare.total, 1):5.0%}   {d:7.1f} "
            f"{d / gap if gap else 0:6.0%}"
        )

    lines += [row(name, ours.buckets[name], bare.buckets[name]) for name in names]
    lines.append(row("all busy samples", ours.total, bare.total))
    alone = [n for n in names if bare.buckets[n] == 0 and ours.buckets[n]]
    only = sum(ours.buckets[n] for n in alone)
    lines.append(
        f"  ours with no counterpart in the bare worker ({', '.join(alone) or 'none'}): "
        f"{only} samples, {ours.ms(only):.1f} ms/gen, {ours.ms(only) / gap if gap else 0:.0%} "
        "of the gap"
    )
    return lines


def summary(ours: Side, bare: Side) -> str:
    """The gap's largest parts, for the results row."""
    gap = ours.ms(ours.total) - bare.ms(bare.total)
    names = sorted(set(ours.buckets) | set(bare.buckets),
                   key=lambda b: ours.ms(ours.buckets[b]) - bare.ms(bare.buckets[b]),
                   reverse=True)  # fmt: skip
    parts = []
    for name in names[:8]:
        d = ours.ms(ours.buckets[name]) - bare.ms(bare.buckets[name])
        parts.append(f"{name} {d:.0f} ms ({d / gap if gap else 0:.0%})")
    return "; ".join(parts)


# --- sampling ------------------------------------------------------------------------------
class Spy:
    """``py-spy record`` attached to one process until ``stop()`` (SIGINT: it writes out)."""

    def __init__(self, pid: int, out: Path, rate: int, gil: bool) -> None:
        self.out = out
        self.log = out.with_suffix(".log")
        py_spy = BIN / "py-spy"
        if not py_spy.exists():
            raise BenchError(f"no py-spy at {py_spy} (scripts/bootstrap dev installs it)")
        cmd = [str(py_spy), "record", "--pid", str(pid), "--rate", str(rate), "--format",
               "raw", "--threads", "--full-filenames", "-o", str(out),
               *(["--gil"] if gil else [])]  # fmt: skip
        with self.log.open("wb") as log:
            self.proc = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT)

    def wait_attached(self, timeout_s: float = 20.0) -> None:
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            text = self.log.read_text(errors="replace")
            if "Sampling process" in text:
                return
            if self.proc.poll() is not None:
                raise BenchError(
                    "py-spy could not attach (ptrace permission? run as root or with "
                    f"CAP_SYS_PTRACE): {text.strip()[-300:]}"
                )
            time.sleep(0.05)
        raise BenchError(f"py-spy did not start sampling; see {self.log}")

    def stop(self) -> list[Sample]:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGINT)
            try:
                self.proc.wait(timeout=60)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                raise BenchError(f"py-spy did not write its samples; see {self.log}") from None
        if not self.out.exists():
            raise BenchError(f"py-spy wrote no samples; see {self.log}")
        return parse_raw(self.out.read_text(errors="replace"))


@contextlib.contextmanager
def spying(
    pids: Mapping[str, int], workdir: Path, rate: int, gil: bool
) -> Iterator[dict[str, Spy]]:
    spies: dict[str, Spy] = {}
    try:
        for name, pid in pids.items():
            spies[name] = Spy(pid, workdir / f"{name}.raw", rate, gil)
        for spy in spies.values():
            spy.wait_attached()
        yield spies
    finally:
        for spy in spies.values():
            if spy.proc.poll() is None:
                spy.proc.kill()
                spy.proc.wait()


def _thread_ms(before: dict[str, float], after: dict[str, float], runs: int) -> dict[str, float]:
    return {k: 1000 * (after[k] - before.get(k, 0.0)) / runs for k in after}


async def profile(args: argparse.Namespace) -> tuple[Side, Side]:
    fake = TimedFakeLLM(latency=args.latency)
    fake.start()
    ours = Side("ours", args.runs, args.rate)
    bare = Side("bare", args.runs, args.rate)
    try:
        async with in_memory_stack("bench-profile-", args.database) as env:
            workdir = env.workdir
            async with stack(
                args.parallel, args, env.server, env.base, fake, workdir / "logs"
            ) as up:
                pids = {"worker": up.workers["worker"].process.pid,
                        "bare": up.bare_worker.pid}  # fmt: skip
                meter = CpuMeter(pids)
                threads_before = {k: thread_cpu_seconds(p) for k, p in pids.items()}
                with spying(pids, workdir, args.rate, args.gil) as spies:
                    meter.start()
                    for n in range(args.runs):
                        for side in (ours, bare) if n % 2 == 0 else (bare, ours):
                            if side is ours:
                                ours.walls.append((await up.ours())[1])
                            else:
                                bare.walls.append(await up.bare())
                    cpu = meter.stop()
                    threads_after = {k: thread_cpu_seconds(p) for k, p in pids.items()}
                    ours.samples = spies["worker"].stop()
                    bare.samples = spies["bare"].stop()
                    if args.keep is not None:
                        args.keep.mkdir(parents=True, exist_ok=True)
                        for spy in spies.values():
                            shutil.copy(spy.out, args.keep / spy.out.name)
                        meta = {"runs": args.runs, "rate": args.rate, "repo": str(REPO)}
                        (args.keep / "meta.json").write_text(json.dumps(meta))
                ours.cpu_ms = 1000 * cpu["worker"] / args.runs
                bare.cpu_ms = 1000 * cpu["bare"] / args.runs
                ours.threads_ms = _thread_ms(
                    threads_before["worker"], threads_after["worker"], args.runs
                )
                bare.threads_ms = _thread_ms(threads_before["bare"],
                                             threads_after["bare"], args.runs)  # fmt: skip
    finally:
        fake.stop()
    return ours, bare


def report(ours: Side, bare: Side, args: argparse.Namespace) -> None:
    print(
        f"\nworker profile: {args.modules}x{args.lessons} course, L={args.latency}s, parallel "
        f"{args.parallel}, judge {args.judge}, {args.runs} generations each, py-spy "
        f"{args.rate}/s ({'samples holding the GIL' if args.gil else 'busy samples'}; "
        "ms/gen = samples / rate / runs)"
    )

    def walls(side: Side) -> str:
        return ", ".join(f"{w:.2f}" for w in side.walls)

    print(f"  wall s (profiled, slower than unprofiled): ours {walls(ours)}; bare {walls(bare)}")
    print(f"  worker CPU per generation: ours {ours.cpu_ms:.0f} ms, bare {bare.cpu_ms:.0f} ms")
    for side in (ours, bare):
        by_name = sorted(side.threads_ms.items(), key=lambda kv: -kv[1])
        print(f"    {side.name} by thread name: "
              + ", ".join(f"{k} {v:.0f} ms" for k, v in by_name if v >= 0.5))  # fmt: skip
    print()
    for line in gap_table(ours, bare):
        print(line)
    for side in (ours, bare):
        top = unbucketed(side.samples, str(REPO), args.show_other)
        if top:
            print(f"  {side.name}, commonest innermost frames in 'other': "
                  + "; ".join(f"{frame} {count}" for count, frame in top))  # fmt: skip
    append_result(
        "worker_profile",
        f"{args.modules}x{args.lessons}, L={args.latency}s, max_parallel_llm_calls="
        f"{args.parallel}, {args.database}, worker process, judge {args.judge}, "
        f"{args.runs} generations each, py-spy {args.rate}/s{' --gil' if args.gil else ''}",
        {
            "worker cpu ms/gen": f"{ours.cpu_ms:.0f}",
            "bare worker cpu ms/gen": f"{bare.cpu_ms:.0f}",
            "busy ms/gen": f"{ours.ms(ours.total):.0f}",
            "bare busy ms/gen": f"{bare.ms(bare.total):.0f}",
            "gap by bucket": summary(ours, bare),
        },
    )


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="profiled generations of each")
    parser.add_argument("--rate", type=int, default=200, help="py-spy samples per second")
    parser.add_argument("--latency", type=float, default=0.5, help="seconds per model call")
    parser.add_argument("--parallel", type=int, default=24, help="max_parallel_llm_calls")
    parser.add_argument("--modules", type=int, default=6)
    parser.add_argument("--lessons", type=int, default=4)
    parser.add_argument("--database", choices=["postgres", "sqlite"], default="postgres")
    parser.add_argument("--timeout", type=float, default=300.0, help="per generation")
    parser.add_argument("--judge", choices=["on", "off"], default="on")
    parser.add_argument(
        "--all-busy",
        dest="gil",
        action="store_false",
        help="keep every busy thread's samples (py-spy's default); without it only samples "
        "holding the GIL (py-spy --gil) count: Python's CPU, without threads waiting for the "
        "GIL, which py-spy counts as busy",
    )
    parser.add_argument(
        "--keep", type=Path, help="copy the raw py-spy files (and runs, rate) into this folder"
    )
    parser.add_argument(
        "--tabulate",
        type=Path,
        nargs="+",
        metavar="DIR",
        help="run nothing: print the table of folders written by --keep, pooled",
    )
    parser.add_argument("--show-other", type=int, default=5, help="frames in 'other' to list")
    args = parser.parse_args(argv)
    args.worker = "process"  # one worker process per pipeline, each sampled on its own
    if args.runs < 1 or not 1 <= args.rate <= 1000:
        parser.error("--runs must be >= 1 and --rate in 1..1000")
    return args


def tabulate(folders: list[Path], show_other: int) -> None:
    """The gap table of earlier runs' raw samples (``--keep`` folders), pooled: their
    samples and generations added up (they must share one sampling rate)."""
    metas = [json.loads((folder / "meta.json").read_text()) for folder in folders]
    if len({m["rate"] for m in metas}) != 1:
        raise BenchError("the folders were sampled at different rates")
    runs, rate = sum(m["runs"] for m in metas), metas[0]["rate"]
    ours, bare = Side("ours", runs, rate), Side("bare", runs, rate)
    for folder, meta in zip(folders, metas, strict=True):
        # Stacks name files under the tree that ran; bucket them as from REPO.
        def moved(samples: list[Sample], root: str = meta["repo"]) -> list[Sample]:
            return [Sample(s.thread, [f.replace(root, str(REPO)) for f in s.frames], s.count)
                    for s in samples]  # fmt: skip

        ours.samples += moved(parse_raw((folder / "worker.raw").read_text(errors="replace")))
        bare.samples += moved(parse_raw((folder / "bare.raw").read_text(errors="replace")))
    print(f"\nworker profile of {', '.join(map(str, folders))}: {runs} generations each, "
          f"{rate}/s")  # fmt: skip
    for line in gap_table(ours, bare):
        print(line)
    for side in (ours, bare):
        top = unbucketed(side.samples, str(REPO), show_other)
        if top:
            print(f"  {side.name}, commonest innermost frames in 'other': "
                  + "; ".join(f"{frame} {count}" for count, frame in top))  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.tabulate:
        tabulate(args.tabulate, args.show_other)
        return 0
    require_modules("worker_profile", "workflows.generation", "adapters.llm.openai")
    ours, bare = asyncio.run(profile(args))
    report(ours, bare, args)
    return 0


if __name__ == "__main__":
    run_benchmark("worker_profile", main)
