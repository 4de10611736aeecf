"""``make serve``: the station's Drift Service with Prometheus and Alertmanager, on loopback.

Starts the prediction API, the monitor (shipper, drift job, alert webhook,
retraining), Debian's Prometheus and Alertmanager with the configuration in
``deploy/``, on free loopback ports; prints the URLs; stops everything on
Ctrl-C. The end-to-end test runs the same `Stack`, with PostgreSQL and a
separate shipper, and intervals in seconds.

Options: ``python -m watchtower.serve --help``.
"""

from __future__ import annotations

import argparse
import os
import re
import secrets
import shutil
import signal
import socket
import string
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

__all__ = ["Stack", "StackConfig", "render_prometheus", "render_alertmanager", "DEPLOY",
           "free_port", "find_program", "write_secret", "RULE_FILES"]

#: The shipped configuration.
DEPLOY = Path(__file__).resolve().parents[2] / "deploy"
SPEC = "watchtower.station_service:translator_spec"
#: The rule files of deploy/prometheus/rules that the service's Prometheus loads: column
#: drift (chapter 05's rule, one alert per drifting column) and the service's health.
RULE_FILES = ("drift.yml", "service.yml")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def find_program(name: str) -> str | None:
    """Debian's prometheus / prometheus-alertmanager, or whatever PATH has."""
    return shutil.which(name)


def render_prometheus(out_dir: Path, *, app: str, monitor: str, alertmanager: str,
                      scrape_interval: str, evaluation_interval: str,
                      for_override: str | None = None) -> Path:
    """Write prometheus.yml and the rule files it loads (``RULE_FILES``) into `out_dir`."""
    rules_dir = out_dir / "rules"
    rules_dir.mkdir(parents=True, exist_ok=True)
    for name in RULE_FILES:
        rules = (DEPLOY / "prometheus" / "rules" / name).read_text()
        if for_override is not None:  # e.g. the end-to-end test's seconds
            rules = re.sub(r"(?m)^(\s+for:\s*)\S+", rf"\g<1>{for_override}", rules)
        (rules_dir / name).write_text(rules)
    template = string.Template((DEPLOY / "prometheus" / "prometheus.yml").read_text())
    path = out_dir / "prometheus.yml"
    path.write_text(template.substitute(
        app=app, monitor=monitor, alertmanager=alertmanager, rules_dir=rules_dir,
        scrape_interval=scrape_interval, evaluation_interval=evaluation_interval))
    return path


def render_alertmanager(out_dir: Path, *, monitor: str, group_wait: str,
                        group_interval: str, alerts_token_file: str | os.PathLike) -> Path:
    """Write alertmanager.yml from ``deploy/``; the webhook's token stays in its file."""
    template = string.Template((DEPLOY / "alertmanager" / "alertmanager.yml").read_text())
    path = out_dir / "alertmanager.yml"
    path.write_text(template.substitute(monitor=monitor, group_wait=group_wait,
                                        group_interval=group_interval,
                                        alerts_token_file=Path(alerts_token_file).resolve()))
    return path


def write_secret(path: Path, value: str) -> Path:
    """`value` in a new file only its owner can read."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.fchmod(fd, 0o600)  # an existing file keeps its mode otherwise
    with os.fdopen(fd, "w") as fh:
        fh.write(value + "\n")
    return path


@dataclass
class StackConfig:
    """Knobs of a `Stack` (defaults: `make serve`)."""

    store: str | None = None  # a postgresql:// URL; default a DuckDB file in the work dir
    separate_shipper: bool = False  # needs PostgreSQL
    spec: str = SPEC
    window: str = "1d"
    min_rows: int = 50
    drift_every: float = 5.0
    ship_every: float = 0.5
    scrape_interval: str = "5s"
    evaluation_interval: str = "5s"
    for_override: str | None = "30s"
    group_wait: str = "5s"
    group_interval: str = "10s"
    label_token: str | None = None
    env: dict = field(default_factory=dict)
    log_level: str = "warning"


class Stack:
    """The service's processes, started and stopped together."""

    def __init__(self, workdir: str | os.PathLike, config: StackConfig | None = None):
        self.dir = Path(workdir)
        self.dir.mkdir(parents=True, exist_ok=True)
        self.cfg = config or StackConfig()
        self.token = self.cfg.label_token or secrets.token_urlsafe(16)
        # Alertmanager -> monitor: a second secret, shared through a file both read.
        self.alerts_token_file = write_secret(self.dir / "secrets" / "alerts-token",
                                              secrets.token_urlsafe(24))
        self.ports = {k: free_port() for k in ("app", "monitor", "prometheus", "alertmanager")}
        self.procs: dict[str, subprocess.Popen] = {}
        self.store = self.cfg.store or str(self.dir / "store.duckdb")
        self.log_dir = self.dir / "requests"
        self.registry = self.dir / "models"

    def url(self, name: str) -> str:
        return f"http://127.0.0.1:{self.ports[name]}"

    def _spawn(self, name: str, cmd: list[str], env: dict | None = None) -> subprocess.Popen:
        out = open(self.dir / f"{name}.log", "ab")
        proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT, cwd=self.dir,
                                env={**os.environ, **self.cfg.env, **(env or {})},
                                start_new_session=True)
        out.close()
        self.procs[name] = proc
        return proc

    def _service(self, *args: str) -> list[str]:
        return [sys.executable, "-m", "driftscope.service", *args, "--spec", self.cfg.spec,
                "--log-level", self.cfg.log_level]

    def start_app(self) -> subprocess.Popen:
        return self._spawn("app", self._service(
            "app", "--port", str(self.ports["app"]), "--log-dir", str(self.log_dir),
            "--registry", str(self.registry)), env={"DRIFTSCOPE_LABEL_TOKEN": self.token})

    def start_monitor(self) -> subprocess.Popen:
        ship = [] if self.cfg.separate_shipper else ["--log-dir", str(self.log_dir)]
        return self._spawn("monitor", self._service(
            "monitor", "--port", str(self.ports["monitor"]), "--store", self.store,
            "--registry", str(self.registry), "--window", self.cfg.window,
            "--min-rows", str(self.cfg.min_rows), "--drift-every", str(self.cfg.drift_every),
            "--ship-every", str(self.cfg.ship_every),
            "--dashboard-url", self.url("prometheus") + "/alerts", *ship),
            env={"DRIFTSCOPE_ALERTS_TOKEN_FILE": str(self.alerts_token_file)})

    def start_shipper(self) -> subprocess.Popen:
        return self._spawn("shipper", self._service(
            "ship", "--store", self.store, "--log-dir", str(self.log_dir),
            "--every", str(self.cfg.ship_every)))

    def start_prometheus(self, binary: str) -> subprocess.Popen:
        conf = render_prometheus(
            self.dir / "prometheus", app=f"127.0.0.1:{self.ports['app']}",
            monitor=f"127.0.0.1:{self.ports['monitor']}",
            alertmanager=f"127.0.0.1:{self.ports['alertmanager']}",
            scrape_interval=self.cfg.scrape_interval,
            evaluation_interval=self.cfg.evaluation_interval, for_override=self.cfg.for_override)
        return self._spawn("prometheus", [
            binary, f"--config.file={conf}", f"--storage.tsdb.path={self.dir / 'tsdb'}",
            f"--web.listen-address=127.0.0.1:{self.ports['prometheus']}"])

    def start_alertmanager(self, binary: str) -> subprocess.Popen:
        conf = render_alertmanager(self.dir, monitor=f"127.0.0.1:{self.ports['monitor']}",
                                   group_wait=self.cfg.group_wait,
                                   group_interval=self.cfg.group_interval,
                                   alerts_token_file=self.alerts_token_file)
        return self._spawn("alertmanager", [
            binary, f"--config.file={conf}", f"--storage.path={self.dir / 'alertmanager'}",
            f"--web.listen-address=127.0.0.1:{self.ports['alertmanager']}",
            "--cluster.listen-address="])

    def start_all(self, prometheus: str, alertmanager: str, timeout: float = 120.0) -> None:
        """Start every part at once, then wait until each one answers.

        Nothing waits for anything else: the monitor and a separate shipper both
        create the tables (PostgreSQL lets them take turns), the app answers before
        the monitor has registered the first champion (it serves the spec's model,
        the same version), and Prometheus and Alertmanager retry their targets.
        """
        self.start_monitor()
        self.start_app()
        self.start_alertmanager(alertmanager)
        self.start_prometheus(prometheus)
        names = ["prometheus", "alertmanager", "app", "monitor"]
        if self.cfg.separate_shipper:
            self.start_shipper()
            names.append("shipper")
        self.wait_ready(names, timeout)

    def wait_ready(self, names, timeout: float = 60.0) -> None:
        """Wait until each named process answers on its port."""
        import urllib.request

        paths = {"app": "/healthz", "monitor": "/healthz", "prometheus": "/-/ready",
                 "alertmanager": "/-/ready"}
        deadline = time.monotonic() + timeout
        for name in names:
            while True:
                proc = self.procs.get(name)
                if proc is not None and proc.poll() is not None:
                    raise RuntimeError(f"{name} exited with {proc.returncode}; see "
                                       f"{self.dir / (name + '.log')}:\n" + self.tail(name))
                if name == "shipper":  # no port: it says so in its log
                    if "shipper ready" in self.tail(name):
                        break
                else:
                    try:
                        with urllib.request.urlopen(self.url(name) + paths[name], timeout=1) as r:
                            if r.status == 200:
                                break
                    except OSError:
                        pass
                if time.monotonic() > deadline:
                    raise TimeoutError(f"{name} not ready after {timeout} s:\n" + self.tail(name))
                time.sleep(0.1)

    def tail(self, name: str, n: int = 30) -> str:
        try:
            return "\n".join((self.dir / f"{name}.log").read_text().splitlines()[-n:])
        except FileNotFoundError:
            return ""

    def kill(self, name: str) -> None:
        """SIGKILL one process (a crash), by its id."""
        proc = self.procs[name]
        proc.kill()
        proc.wait(timeout=10)
        del self.procs[name]

    def stop(self) -> None:
        """SIGTERM every process, then SIGKILL what is left after 10 s."""
        for proc in self.procs.values():
            if proc.poll() is None:
                proc.send_signal(signal.SIGTERM)
        deadline = time.monotonic() + 10
        for proc in self.procs.values():
            try:
                proc.wait(timeout=max(deadline - time.monotonic(), 0.1))
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(timeout=5)
        self.procs.clear()


def _echo_news(path: Path, offset: int) -> int:
    """Print the monitor's alert and retraining lines written since `offset`."""
    try:
        with open(path, "rb") as fh:
            fh.seek(offset)
            data = fh.read()
    except FileNotFoundError:
        return offset
    end = data.rfind(b"\n") + 1
    for line in data[:end].decode(errors="replace").splitlines():
        if "driftscope.service.monitor alert" in line or "driftscope.service.retraining" in line:
            print(line, flush=True)
    return offset + end


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m watchtower.serve", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--workdir", help="where logs, the store and models go "
                        "(default: a fresh temporary directory)")
    parser.add_argument("--drift-every", type=float, default=5.0)
    parser.add_argument("--for", dest="for_", default="30s",
                        help="`for:` of every alert rule (default 30s; deploy/ says 2d for "
                             "column drift)")
    args = parser.parse_args(argv)

    prometheus = find_program("prometheus")
    alertmanager = find_program("prometheus-alertmanager") or find_program("alertmanager")
    missing = [n for n, p in (("prometheus", prometheus),
                              ("prometheus-alertmanager", alertmanager)) if p is None]
    if missing:
        print(f"make serve needs {' and '.join(missing)}: sudo apt install {' '.join(missing)}",
              file=sys.stderr)
        return 1
    workdir = args.workdir or tempfile.mkdtemp(prefix="watchtower-serve-")
    stack = Stack(workdir, StackConfig(drift_every=args.drift_every, for_override=args.for_,
                                       log_level="info"))
    try:
        stack.start_all(prometheus, alertmanager)
        print(f"""
The Watchtower's Drift Service is up (loopback only). Work directory: {workdir}

  prediction API   {stack.url('app')}        POST /predict, POST /labels, GET /metrics
  monitor          {stack.url('monitor')}        GET /metrics (drift), POST /alerts (webhook;
                                          Alertmanager's bearer token is in {stack.alerts_token_file})
  Prometheus       {stack.url('prometheus')}        alerts: {stack.url('prometheus')}/alerts
  Alertmanager     {stack.url('alertmanager')}

  export APP={stack.url('app')} TOKEN={stack.token}
  (the README's "Make an alert arrive" has the curl calls)

Slack messages are written to {workdir}/monitor.log (and posted when
DRIFTSCOPE_SLACK_WEBHOOK_URL or DRIFTSCOPE_SLACK_WEBHOOK_FILE is set).
Ctrl-C stops everything.""", flush=True)
        echoed = 0
        while all(p.poll() is None for p in stack.procs.values()):
            echoed = _echo_news(stack.dir / "monitor.log", echoed)
            time.sleep(0.5)
        dead = [n for n, p in stack.procs.items() if p.poll() is not None]
        print(f"{', '.join(dead)} stopped; see {workdir}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("\nstopping ...", flush=True)
        return 0
    finally:
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # a second Ctrl-C must not cut the clean-up
        stack.stop()
        print("stopped.", flush=True)


if __name__ == "__main__":
    sys.exit(main())
