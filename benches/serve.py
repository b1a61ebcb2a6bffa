#!/usr/bin/env python3
"""Live-preview benchmark: how soon after a save `candor serve` tells the
open pages to reload.

It generates a corpus of N articles (gen_corpus.py), starts
``candor serve`` on it, listens to the event stream the way the live-reload
script does, and then

* edits one article's body, 20 times (a different article each time), and
* edits the site's ``templates/base.html``, 5 times, which renders every
  page again,

each time saving the way many editors do (a scratch file renamed over the
old one) and waiting for the ``reload`` event. For each kind of edit it
prints the median (and min and max) of

* ``save -> reload``: from the rename to the event arriving here; this
  includes the watcher's quiet period (50 ms), which lets editors that
  write a file twice finish before the rebuild;
* ``rebuild``: the time candor reports in the event, from the change
  reaching the rebuild to the event being sent;
* ``catch-up``: the time candor then takes, once saving pauses, to bring
  the outputs that read the whole site (the search index) up to date.

With ``--translations K`` the site is in English and Spanish, K articles
translated (gen_corpus.py), and every other article edit is to a Spanish
translation.

Usage::

    benches/serve.py [--n 10000] [--translations 0] [--edits 20] [--template-edits 5]

Environment: ``CANDOR=path`` (the binary to time; otherwise
``cargo build --release`` runs first), ``SEED`` (corpus seed, 42),
``KEEP=1`` (keep the corpus), ``BENCH_STRICT=1`` (exit 1 when a target is
missed). Only the Python 3 standard library is used; nothing but
127.0.0.1 is contacted.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import queue
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
ARTICLE_TARGET_MS = 30.0
TEMPLATE_TARGET_MS = 1000.0
PATIENCE_S = 600.0


def note(message: str) -> None:
    print(f"serve.py: {message}", file=sys.stderr, flush=True)


def candor_binary() -> Path:
    if os.environ.get("CANDOR"):
        return Path(os.environ["CANDOR"])
    note("cargo build --release")
    subprocess.run(["cargo", "build", "--release"], cwd=REPO, check=True)
    target = Path(os.environ.get("CARGO_TARGET_DIR", REPO / "target"))
    if not target.is_absolute():
        target = REPO / target
    return target / "release" / "candor"


def save(path: Path, text: str) -> float:
    """Writes `text` to `path` through a renamed scratch file; returns the
    time of the rename."""
    scratch = path.with_name(f".{path.name}.saving")
    scratch.write_text(text, encoding="utf-8")
    start = time.perf_counter()
    os.replace(scratch, path)
    return start


class Server:
    def __init__(self, binary: Path, site: Path) -> None:
        self.process = subprocess.Popen(
            [str(binary), "serve", "--root", str(site), "--port", "0"],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        self.lines: queue.Queue[str] = queue.Queue()
        threading.Thread(target=self._read_stderr, daemon=True).start()
        deadline = time.monotonic() + PATIENCE_S
        self.address = ""
        while not self.address:
            line = self.lines.get(timeout=max(0.1, deadline - time.monotonic()))
            if "serving the site at http://" in line:
                self.address = line.split("http://", 1)[1].split("/", 1)[0]
            elif line.startswith("built the site"):
                note(line.strip())

    def _read_stderr(self) -> None:
        assert self.process.stderr is not None
        for line in self.process.stderr:
            self.lines.put(line)

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()


class Events:
    """The server's event stream, read on a thread as (time, name, data)."""

    def __init__(self, address: str) -> None:
        host, port = address.rsplit(":", 1)
        self.connection = http.client.HTTPConnection(host, int(port), timeout=PATIENCE_S)
        self.connection.request("GET", "/__candor/events")
        self.response = self.connection.getresponse()
        self.queue: queue.Queue[tuple[float, str, str]] = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()
        self.wait("hello")

    def _read(self) -> None:
        name, data = "", ""
        while True:
            raw = self.response.fp.readline()
            if not raw:
                return
            now = time.perf_counter()
            line = raw.decode("utf-8").rstrip("\r\n")
            if line.startswith("event:"):
                name = line[6:].strip()
            elif line.startswith("data:"):
                data += line[5:].strip()
            elif line == "" and name:
                self.queue.put((now, name, data))
                name, data = "", ""

    def wait(self, wanted: str, catch_up: bool = False) -> tuple[float, dict]:
        """The next `wanted` event; for `reload`, the one after a save, or
        with `catch_up` the one after the site-wide outputs caught up."""
        deadline = time.monotonic() + PATIENCE_S
        while True:
            at, name, data = self.queue.get(timeout=max(0.1, deadline - time.monotonic()))
            if name == "errors" and '"errors":[]' not in data:
                raise SystemExit(f"serve.py: the rebuild failed: {data}")
            parsed = json.loads(data or "{}")
            if name == wanted and (name != "reload" or (parsed.get("paths") is not None) == catch_up):
                return at, parsed


def measure(events: Events, edits, wait_catch_up: bool = True) -> tuple[list[float], list[float], list[float]]:
    """Times each edit; before the next, waits until the outputs that read
    the whole site (the search index) caught up, as between an editor's
    saves."""
    total, rebuild, catch_up = [], [], []
    for path, text in edits:
        start = save(path, text)
        at, data = events.wait("reload")
        total.append((at - start) * 1000.0)
        rebuild.append(float(data.get("ms", 0.0)))
        if wait_catch_up:
            _, data = events.wait("reload", catch_up=True)
            catch_up.append(float(data.get("ms", 0.0)))
        else:
            # Let the watcher settle before the next save.
            time.sleep(0.5)
    return total, rebuild, catch_up


def summary(values: list[float]) -> str:
    if not values:
        return "not waited for (--no-catch-up)"
    return (
        f"median {statistics.median(values):.1f} ms "
        f"(min {min(values):.1f}, max {max(values):.1f})"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=10000, help="articles in the corpus")
    parser.add_argument("--translations", type=int, default=0,
                        help="Spanish translations (a bilingual site when above 0)")
    parser.add_argument("--edits", type=int, default=20, help="article edits to time")
    parser.add_argument("--template-edits", type=int, default=5, help="template edits to time")
    parser.add_argument("--no-catch-up", action="store_true",
                        help="do not wait for a catch-up after each edit: for older "
                             "binaries that rebuilt a site in several languages whole")
    args = parser.parse_args()

    binary = candor_binary()
    work = Path(tempfile.mkdtemp(prefix="candor-serve-bench."))
    site = work / "site"
    server = None
    try:
        note(f"generating corpus N={args.n} in {work}")
        subprocess.run(
            [sys.executable, str(REPO / "benches" / "gen_corpus.py"), "--n", str(args.n),
             "--seed", os.environ.get("SEED", "42"), "--out", str(site),
             "--translations", str(args.translations)],
            check=True, stdout=subprocess.DEVNULL,
        )
        base = (REPO / "themes" / "default" / "templates" / "base.html").read_text(encoding="utf-8")
        (site / "templates").mkdir()
        (site / "templates" / "base.html").write_text(base, encoding="utf-8")

        server = Server(binary, site)
        events = Events(server.address)

        every = sorted((site / "content" / "articles").glob("*.md"))
        every = [a for a in every if not a.name.startswith("_index")]
        english = [a for a in every if not a.name.endswith(".es.md")]
        spanish = [a for a in every if a.name.endswith(".es.md")]
        step = max(1, len(english) // max(1, args.edits))
        chosen = english[::step][: args.edits]
        if spanish:
            # Every other edit is to a translation.
            step = max(1, len(spanish) // max(1, args.edits))
            chosen = [
                spanish[(i // 2 * step) % len(spanish)] if i % 2 else path
                for i, path in enumerate(chosen)
            ]
        article_edits = []
        for i, path in enumerate(chosen):
            text = path.read_text(encoding="utf-8")
            article_edits.append((path, text.rstrip("\n") + f" An edit numbered {i}.\n"))
        template_edits = [
            (site / "templates" / "base.html",
             base.replace("<footer", f"<!-- template edit {i} --><footer", 1))
            for i in range(args.template_edits)
        ]

        wait = not args.no_catch_up
        a_total, a_rebuild, a_catch_up = measure(events, article_edits, wait)
        t_total, t_rebuild, t_catch_up = measure(events, template_edits, wait)
    finally:
        if server is not None:
            server.stop()
        if os.environ.get("KEEP"):
            note(f"kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)

    a_ok = statistics.median(a_rebuild) <= ARTICLE_TARGET_MS
    t_ok = statistics.median(t_rebuild) <= TEMPLATE_TARGET_MS
    n = f"{args.n}" + (f"+{args.translations}es" if args.translations else "")
    print(f"serve  N={n}  article edit   save->reload {summary(a_total)}  over {len(a_total)} edits")
    print(f"serve  N={n}  article edit   rebuild      {summary(a_rebuild)}  "
          f"(target <= {ARTICLE_TARGET_MS:.0f} ms): {'ok' if a_ok else 'MISSED'}")
    print(f"serve  N={n}  article edit   catch-up     {summary(a_catch_up)}  "
          "(site-wide outputs such as the search index, after the reload)")
    print(f"serve  N={n}  template edit  save->reload {summary(t_total)}  over {len(t_total)} edits")
    print(f"serve  N={n}  template edit  rebuild      {summary(t_rebuild)}  "
          f"(target <= {TEMPLATE_TARGET_MS:.0f} ms): {'ok' if t_ok else 'MISSED'}")
    print(f"serve  N={n}  template edit  catch-up     {summary(t_catch_up)}")
    if os.environ.get("BENCH_STRICT") and not (a_ok and t_ok):
        note("a target was missed (BENCH_STRICT is set)")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
