"""The Drift Service, measured: ``python -m benchmarks.service`` (part of ``make bench``).

1. **POST /predict through uvicorn on loopback**, the station's Translator,
   with and without recording (the JSON-lines log): requests per second and
   client-side p50/p99 latency, the two modes alternated (A B A B) on the same
   bounded load (``--requests`` per run, ``--clients`` concurrent clients).
   Recording should cost at most 10% of p99.
2. **A bounded load run** (count and time limited, loopback): app, and the
   monitor shipping into DuckDB; it ends with the rows in the store equal to
   the requests acknowledged.
3. **The drift job on 10 million logged rows** (``--rows``): SQL bucket and
   category counts in DuckDB turned into ``drift_report(policy="sketch")``,
   against driftscope's in-memory sketch rule on the same rows (the statistics
   must be equal), and, for time only, pulling the window into pandas and
   running Evidently 0.7's ``DataDriftPreset`` (its statistics differ by
   design: KS and Wasserstein, not the sketch rule).

Writes ``benchmarks/SERVICE.md``. ``--quick``: 1,000,000 rows, fewer requests.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import numpy as np
import pandas as pd

HERE = Path(__file__).resolve().parent
OUT = HERE / "SERVICE.md"
SPEC = "watchtower.station_service:translator_spec"

os.environ.setdefault("DO_NOT_TRACK", "1")
os.environ.setdefault("EVIDENTLY_DISABLE_TELEMETRY", "1")


# --- 1 and 2: the API under load ---------------------------------------------------------------

def _bodies(n: int) -> list[dict]:
    from watchtower.station_service import request_body
    from watchtower.world import translator_logs

    logs = translator_logs("2043-08-01", "2043-09-30", requests_per_day=max(60, n // 60 + 1))
    rows = logs.iloc[:n]
    return [request_body(r) for r in rows.itertuples()]


def _start(cmd: list[str], port: int, workdir: Path, name: str) -> subprocess.Popen:
    log = open(workdir / f"{name}.log", "wb")
    proc = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
                            env={**os.environ, "DRIFTSCOPE_LABEL_TOKEN": "bench"})
    import httpx

    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"{name} exited: {(workdir / f'{name}.log').read_text()[-2000:]}")
        try:
            if httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=1).status_code == 200:
                return proc
        except httpx.HTTPError:
            time.sleep(0.1)
    raise TimeoutError(f"{name} did not start")


def _stop(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def _load(url: str, bodies: list[dict], clients: int, time_limit: float) -> dict:
    """Send every body once (or until `time_limit`), `clients` at a time; latencies in ms."""
    import httpx

    latencies: list[float] = []
    acked: list[str] = []
    errors = [0]
    lock = threading.Lock()
    it = iter(bodies)
    deadline = time.monotonic() + time_limit

    def worker():
        with httpx.Client(timeout=10) as client:
            while time.monotonic() < deadline:
                with lock:
                    body = next(it, None)
                if body is None:
                    return
                t0 = time.perf_counter()
                try:
                    r = client.post(url, json=body)
                except httpx.HTTPError:
                    with lock:
                        errors[0] += 1
                    continue
                ms = (time.perf_counter() - t0) * 1000
                with lock:
                    if r.status_code == 200:
                        latencies.append(ms)
                        acked.append(r.json()["request_id"])
                    else:
                        errors[0] += 1

    t0 = time.perf_counter()
    threads = [threading.Thread(target=worker) for _ in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - t0
    lat = np.array(latencies)
    return {"n": len(lat), "errors": errors[0], "wall": wall, "rps": len(lat) / wall,
            "p50": float(np.percentile(lat, 50)), "p99": float(np.percentile(lat, 99)),
            "acked": acked}


def bench_predict(requests: int, clients: int, rounds: int) -> dict:
    from watchtower.serve import free_port

    bodies = _bodies(requests)
    results = {"record": [], "no_record": []}
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        for r in range(rounds):
            for mode in ("no_record", "record"):
                port = free_port()
                cmd = [sys.executable, "-m", "driftscope.service", "app", "--spec", SPEC,
                       "--port", str(port)]
                if mode == "record":
                    cmd += ["--log-dir", str(tmp / f"log{r}")]
                proc = _start(cmd, port, tmp, f"app-{mode}-{r}")
                try:
                    url = f"http://127.0.0.1:{port}/predict"
                    _load(url, bodies[:200], clients, 30)  # warm-up
                    res = _load(url, [{**b, "request_id": f"{b['request_id']}-{r}"}
                                      for b in bodies], clients, 120)
                finally:
                    _stop(proc)
                res.pop("acked")
                results[mode].append(res)
    summary = {}
    for mode, runs in results.items():
        summary[mode] = {k: statistics.median(x[k] for x in runs)
                         for k in ("rps", "p50", "p99", "n", "errors")}
    summary["p99_cost"] = summary["record"]["p99"] / summary["no_record"]["p99"] - 1
    summary["runs"] = results
    return summary


def bench_bounded_load(requests: int, clients: int) -> dict:
    """App and monitor (shipping into DuckDB); rows in the store == requests acknowledged."""
    import httpx

    from watchtower.serve import free_port

    bodies = _bodies(requests)
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        mport, aport = free_port(), free_port()
        common = ["--spec", SPEC]
        monitor = _start([sys.executable, "-m", "driftscope.service", "monitor", *common,
                          "--port", str(mport), "--store", str(tmp / "store.duckdb"),
                          "--registry", str(tmp / "models"), "--log-dir", str(tmp / "log"),
                          "--drift-every", "0.5", "--ship-every", "0.2"], mport, tmp, "monitor")
        app = _start([sys.executable, "-m", "driftscope.service", "app", *common, "--port",
                      str(aport), "--log-dir", str(tmp / "log")], aport, tmp, "app")
        try:
            res = _load(f"http://127.0.0.1:{aport}/predict", bodies, clients, 120)
            acked = set(res.pop("acked"))

            def stored() -> int:
                text = httpx.get(f"http://127.0.0.1:{mport}/metrics").text
                for line in text.splitlines():
                    if line.startswith('driftscope_service_store_rows{table="requests"}'):
                        return int(float(line.split()[-1]))
                return -1

            deadline = time.monotonic() + 60
            while stored() < len(acked) and time.monotonic() < deadline:
                time.sleep(0.2)
            time.sleep(1.0)  # a further pass must not add rows
            res["stored"] = stored()
        finally:
            _stop(app)
            _stop(monitor)
        res["acknowledged"] = len(acked)
        res["sent"] = len(bodies)
    return res


# --- 3: the drift job on many rows --------------------------------------------------------------

PLANETS = ["Trappist-1e", "Proxima b", "Kepler-442b", "Gliese 667Cc", "Ross 128b"]


def _frame(rng: np.random.Generator, n: int, shift: float) -> pd.DataFrame:
    slang = rng.random(n) < shift
    return pd.DataFrame({
        "sentence_length": np.where(slang, 2 + rng.poisson(4.0, n), 4 + rng.poisson(8.0, n)
                                    ).astype(float),
        "oov_rate": np.where(slang, rng.beta(4, 3, n), rng.beta(1, 20, n)),
        "formality": np.where(slang, rng.beta(2.5, 6, n), rng.beta(9, 3, n)),
        "planet": pd.Categorical.from_codes(rng.choice(5, n, p=[.3, .25, .2, .15, .1]), PLANETS
                                            ).astype(str),
        "channel": rng.choice(np.array(["text", "voice", "beacon"], dtype=object), n,
                              p=[.55, .35, .10]),
    })


def bench_drift_job(rows: int, evidently: bool) -> dict:
    from driftscope import Profile, drift_report
    from driftscope.service import DuckDBStore, window_profile

    rng = np.random.default_rng(2043)
    reference = _frame(rng, 100_000, 0.0)
    current = _frame(rng, rows, 0.05)  # 5% slang: a small drift
    start = dt.datetime(2043, 8, 1)
    current.insert(0, "timestamp", start + pd.to_timedelta(
        np.sort(rng.uniform(0, 86_400, rows)), unit="s"))
    cols = list(reference.columns)
    with tempfile.TemporaryDirectory() as tmp:
        store = DuckDBStore(str(Path(tmp) / "store.duckdb"))
        store.execute('CREATE TABLE requests ("timestamp" TIMESTAMP, sentence_length DOUBLE '
                      'PRECISION, oov_rate DOUBLE PRECISION, formality DOUBLE PRECISION, '
                      'planet TEXT, channel TEXT)')
        con = store._con
        con.register("frame", current)
        t0 = time.perf_counter()
        con.execute("INSERT INTO requests SELECT * FROM frame")
        load_s = time.perf_counter() - t0
        con.unregister("frame")
        profile = Profile.from_frame(reference, bins=100)
        end = start + dt.timedelta(days=1)

        def sql_job():
            return drift_report(profile, window_profile(store, profile, start, end),
                                policy="sketch")

        def memory_job():
            return drift_report(profile, profile.sketch_like(current[cols]), policy="sketch")

        out = {"rows": rows, "load_s": load_s}
        sql_job()  # warm the file cache
        for name, job in (("sql", sql_job), ("memory", memory_job)):
            times = []
            for _ in range(3):
                gc.collect()
                t0 = time.perf_counter()
                report = job()
                times.append(time.perf_counter() - t0)
            out[name + "_s"] = min(times)
            out[name + "_report"] = report.to_frame()
        a, b = out["sql_report"], out["memory_report"]
        out["equal"] = bool(a.drop(columns="note").equals(b.drop(columns="note"))
                            and (a.note == b.note).all())
        out["drifted"] = list(a.column[a.drifted])
        if evidently:
            from evidently import Report
            from evidently.presets import DataDriftPreset
            import warnings

            gc.collect()
            t0 = time.perf_counter()
            pulled = con.execute('SELECT sentence_length, oov_rate, formality, planet, channel '
                                 'FROM requests WHERE "timestamp" >= $1 AND "timestamp" < $2',
                                 [start, end]).df()
            out["pull_s"] = time.perf_counter() - t0
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                t1 = time.perf_counter()
                snap = Report([DataDriftPreset()]).run(pulled, reference)
                out["evidently_s"] = time.perf_counter() - t1
            out["pandas_evidently_s"] = time.perf_counter() - t0
            del snap, pulled
        store.close()
    return out


# --- report -------------------------------------------------------------------------------------

def _write(pred: dict, load: dict, drift: dict, started: float, load_avg: tuple) -> str:
    import duckdb
    import fastapi
    import uvicorn

    r, n = pred["record"], pred["no_record"]
    lines = [
        "# The Drift Service, measured",
        "",
        f"Generated by `python -m benchmarks.service` (part of `make bench`) on "
        f"{dt.datetime.now():%Y-%m-%d %H:%M}, {(time.time() - started) / 60:.1f} minutes.",
        "",
        f"**Machine:** {os.cpu_count()} cores, Linux {platform.release()}; load average "
        f"{load_avg[0]:.2f} at the start, {os.getloadavg()[0]:.2f} at the end (other work on "
        f"the machine slows every measurement).  ",
        f"**Versions:** Python {platform.python_version()}, FastAPI {fastapi.__version__}, "
        f"uvicorn {uvicorn.__version__}, DuckDB {duckdb.__version__}.",
        "",
        "## POST /predict through uvicorn on loopback",
        "",
        f"The Translator (scikit-learn pipeline), one uvicorn process, {pred['clients']} "
        f"concurrent clients, {pred['requests']:,} requests per run after a warm-up, the two "
        f"modes alternated over {pred['rounds']} rounds (medians). Latency is measured by the "
        "client, from sending the request to reading the answer.",
        "",
        "| mode | requests/s | p50 (ms) | p99 (ms) | errors |",
        "|---|---|---|---|---|",
        f"| without recording | {n['rps']:.0f} | {n['p50']:.2f} | {n['p99']:.2f} | {n['errors']:.0f} |",
        f"| recording (JSON-lines log) | {r['rps']:.0f} | {r['p50']:.2f} | {r['p99']:.2f} | {r['errors']:.0f} |",
        "",
        f"Recording costs **{pred['p99_cost'] * 100:+.1f}%** of p99 "
        f"({'within' if pred['p99_cost'] <= 0.10 else 'OVER'} the 10% budget).",
        "",
        "## A bounded load run",
        "",
        f"App and monitor (shipping into a DuckDB file every 0.2 s), {load['sent']:,} requests "
        f"from {pred['clients']} clients, at most 120 s: {load['acknowledged']:,} acknowledged, "
        f"**{load['stored']:,} rows in the store** "
        f"({'equal' if load['stored'] == load['acknowledged'] else 'NOT EQUAL'}), "
        f"{load['rps']:.0f} requests/s, p99 {load['p99']:.2f} ms.",
        "",
        f"## The drift job on {drift['rows']:,} logged rows",
        "",
        "Five columns (three numeric, two categorical) of one day's window in a DuckDB file, "
        "against a 100,000-row reference profile (100 quantile bins per numeric column). "
        "Best of 3 runs.",
        "",
        "| engine | time (s) | statistics |",
        "|---|---|---|",
        f"| SQL bucket and category counts in DuckDB -> `drift_report(policy=\"sketch\")` "
        f"| {drift['sql_s']:.2f} | reference |",
        f"| driftscope in memory (`Profile.sketch_like` on the pandas frame) "
        f"| {drift['memory_s']:.2f} | {'equal' if drift['equal'] else 'DIFFERENT'} |",
    ]
    if "pandas_evidently_s" in drift:
        lines.append(
            f"| pull the window into pandas ({drift['pull_s']:.1f} s) + Evidently "
            f"`DataDriftPreset` ({drift['evidently_s']:.1f} s) | {drift['pandas_evidently_s']:.1f} "
            f"| time only (KS/Wasserstein, another rule) |")
        lines += ["", f"SQL job vs pandas + Evidently: **{drift['pandas_evidently_s'] / drift['sql_s']:.0f}x**."]
    lines += ["", f"Drifted columns (5% slang mixed in): {', '.join(drift['drifted']) or 'none'}. "
              f"Loading the rows into DuckDB took {drift['load_s']:.1f} s (not part of the job).", ""]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.service", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--rows", type=int)
    parser.add_argument("--requests", type=int)
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--no-evidently", action="store_true")
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args(argv)
    rows = args.rows or (1_000_000 if args.quick else 10_000_000)
    requests = args.requests or (500 if args.quick else 2_000)
    started, load_avg = time.time(), os.getloadavg()
    pred = bench_predict(requests, args.clients, args.rounds)
    pred.update(clients=args.clients, requests=requests, rounds=args.rounds)
    print(json.dumps({k: v for k, v in pred.items() if k != "runs"}, indent=1), flush=True)
    load = bench_bounded_load(requests, args.clients)
    print(json.dumps(load, indent=1), flush=True)
    drift = bench_drift_job(rows, not args.no_evidently)
    print({k: v for k, v in drift.items() if not k.endswith("_report")}, flush=True)
    text = _write(pred, load, drift, started, load_avg)
    if not args.no_write:
        OUT.write_text(text)
    print(text)
    ok = drift["equal"] and load["stored"] == load["acknowledged"]
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
