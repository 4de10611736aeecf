"""``python -m driftscope.service app|monitor|ship``: run one part of the Drift Service."""

from __future__ import annotations

import argparse
import datetime as _dt
import logging
import sys
import threading


def _duration(text: str) -> _dt.timedelta:
    units = {"s": "seconds", "m": "minutes", "h": "hours", "d": "days"}
    if not text or text[-1] not in units:
        raise argparse.ArgumentTypeError(f"expected a duration like 90s, 15m, 6h or 2d, got {text!r}")
    return _dt.timedelta(**{units[text[-1]]: float(text[:-1])})


def _uvicorn_level(args) -> str:
    # uvicorn's "info" logs every request (every scrape): only "debug" asks for that.
    return "debug" if args.log_level == "debug" else "warning"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m driftscope.service", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--spec", required=True, help="package.module:name of a ServiceSpec")
    common.add_argument("--host", default="127.0.0.1")
    common.add_argument("--port", type=int, default=8000)
    common.add_argument("--log-level", default="warning")

    a = sub.add_parser("app", parents=[common], help="the prediction API")
    a.add_argument("--log-dir", help="request log directory (omit to serve without recording)")
    a.add_argument("--registry", help="model registry directory (serve its champion)")
    a.add_argument("--max-log-bytes", type=int, default=64 * 2**20)

    m = sub.add_parser("monitor", parents=[common], help="shipper, drift job, alerts, retraining")
    m.add_argument("--store", required=True, help="DuckDB path or postgresql:// URL")
    m.add_argument("--registry", required=True)
    m.add_argument("--log-dir", action="append", default=[], help="ship this log (repeatable)")
    m.add_argument("--ship-every", type=float, default=0.5)
    m.add_argument("--drift-every", type=float, default=60.0)
    m.add_argument("--window", type=_duration, help="drift window, e.g. 1d (default: the spec's)")
    m.add_argument("--min-rows", type=int)
    m.add_argument("--dashboard-url")

    s = sub.add_parser("ship", parents=[common], help="the shipper alone (PostgreSQL)")
    s.add_argument("--store", required=True)
    s.add_argument("--log-dir", required=True)
    s.add_argument("--every", type=float, default=0.5)

    args = parser.parse_args(argv)
    logging.basicConfig(level=args.log_level.upper(), format="%(asctime)s %(name)s %(message)s")
    from .spec import load_spec
    from .store import open_store

    spec = load_spec(args.spec)
    if args.command == "app":
        import uvicorn

        from .app import create_app
        from .registry import ModelRegistry

        app = create_app(spec.load_model(), spec.schema, log_dir=args.log_dir, version=spec.version,
                         to_model_input=spec.to_model_input,
                         registry=ModelRegistry(args.registry) if args.registry else None,
                         max_log_bytes=args.max_log_bytes)
        uvicorn.run(app, host=args.host, port=args.port, log_level=_uvicorn_level(args))
        return 0
    if args.command == "ship":
        from .shipper import Shipper

        store = open_store(args.store)
        store.create_tables(spec.schema)
        print("shipper ready", flush=True)
        stop = threading.Event()
        try:
            Shipper(args.log_dir, store, spec.schema).run(stop, args.every)
        except KeyboardInterrupt:
            pass
        return 0

    import uvicorn

    from .monitor import Monitor, create_monitor_app
    from .registry import ModelRegistry

    if args.window is not None:
        spec.window = args.window
    if args.min_rows is not None:
        spec.min_rows = args.min_rows
    monitor = Monitor(spec, open_store(args.store), ModelRegistry(args.registry),
                      log_dirs=args.log_dir, ship_every=args.ship_every,
                      drift_every=args.drift_every, dashboard_url=args.dashboard_url)
    monitor.start()
    try:
        uvicorn.run(create_monitor_app(monitor), host=args.host, port=args.port,
                    log_level=_uvicorn_level(args))
    finally:
        monitor.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
