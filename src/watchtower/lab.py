"""Start JupyterLab for a student (``make lab``) or an instructor (``make lab-instructor``).

``python -m watchtower.lab [--instructor] [jupyter lab options ...]``

The student's lab shows nbgrader's student tools: the Validate button, and the
assignment list only where an nbgrader exchange is configured (its root exists).
It hides the instructor tools, which invite editing grading metadata: the
"Create Assignment" sidebar and formgrader (lab plugins *and* server extensions).
Both labs drop JupyterLab's news pop-up (a course machine does not phone home).

Nothing global changes: the choice lives in a generated Jupyter config directory,
``.venv/watchtower-lab/<role>/``, put first on ``JUPYTER_CONFIG_PATH`` for this
process only (``labconfig/page_config.json`` disables lab plugins,
``jupyter_server_config.json`` server extensions). Run as root (Docker,
Codespaces, many lab machines) it passes ``--allow-root``; every other option
(``--port``, ``--no-browser``, ``--IdentityProvider.token``) goes to ``jupyter lab``.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
from pathlib import Path

NEWS = "@jupyterlab/apputils-extension:announcements"
INSTRUCTOR_PLUGINS = ("@jupyter/nbgrader:create-assignment", "@jupyter/nbgrader:formgrader")
EXCHANGE_PLUGINS = ("@jupyter/nbgrader:assignment-list", "@jupyter/nbgrader:course-list")
INSTRUCTOR_SERVER_EXTENSIONS = ("nbgrader.server_extensions.formgrader",)
EXCHANGE_SERVER_EXTENSIONS = (
    "nbgrader.server_extensions.assignment_list",
    "nbgrader.server_extensions.course_list",
)
DEFAULT_EXCHANGE_ROOT = "/srv/nbgrader/exchange"


def exchange_root(search: list[str]) -> Path:
    """The nbgrader exchange root set in the nbgrader config files on ``search``."""
    from traitlets.config.loader import JSONFileConfigLoader, PyFileConfigLoader

    root = DEFAULT_EXCHANGE_ROOT
    # jupyter_config_path() lists the most important directory first: read it last.
    for directory in reversed(search):
        for name, loader in (("nbgrader_config.json", JSONFileConfigLoader),
                             ("nbgrader_config.py", PyFileConfigLoader)):
            if not (Path(directory) / name).is_file():
                continue
            try:
                config = loader(name, path=directory).load_config()
            except Exception as error:  # a broken config must not stop the lab
                print(f"watchtower.lab: ignoring {Path(directory) / name}: {error}",
                      file=sys.stderr)
                continue
            if "Exchange" in config and "root" in config.Exchange:
                root = config.Exchange.root
    return Path(root)


def lab_settings(role: str, exchange: bool) -> tuple[dict, dict]:
    """The page config and the server config of a role's lab."""
    disabled = [NEWS]
    off_server: list[str] = []
    if role == "student":
        disabled += INSTRUCTOR_PLUGINS
        off_server += INSTRUCTOR_SERVER_EXTENSIONS
        if not exchange:
            disabled += EXCHANGE_PLUGINS
            off_server += EXCHANGE_SERVER_EXTENSIONS
    page = {"disabledExtensions": {name: True for name in disabled}}
    server = {"ServerApp": {"jpserver_extensions": {name: False for name in off_server}}}
    return page, server


def write_config_dir(directory: Path, page: dict, server: dict) -> Path:
    """Write the role's Jupyter config directory afresh and return it."""
    shutil.rmtree(directory, ignore_errors=True)
    (directory / "labconfig").mkdir(parents=True)
    (directory / "labconfig" / "page_config.json").write_text(json.dumps(page, indent=1))
    (directory / "jupyter_server_config.json").write_text(json.dumps(server, indent=1))
    return directory


def command(role: str, args: list[str], root_user: bool) -> list[str]:
    """The ``jupyter lab`` command line of a role."""
    cmd = [str(Path(sys.executable).with_name("jupyter")), "lab"]
    if role == "student" and not any(a.startswith(("--notebook-dir", "--ServerApp.root_dir"))
                                     for a in args):
        cmd.append("--notebook-dir=notebooks")
    if root_user and "--allow-root" not in args:
        cmd.append("--allow-root")
    return cmd + args


def main(argv: list[str] | None = None) -> None:
    argv = list(sys.argv[1:] if argv is None else argv)
    role = "instructor" if "--instructor" in argv else "student"
    args = [a for a in argv if a not in ("--instructor", "--")]

    from jupyter_core.paths import jupyter_config_path

    search = jupyter_config_path() + [os.getcwd()]
    root = exchange_root(search)
    exchange = root.is_dir()
    page, server = lab_settings(role, exchange)
    config_dir = write_config_dir(Path(sys.prefix) / "watchtower-lab" / role, page, server)

    env = dict(os.environ)
    env["JUPYTER_CONFIG_PATH"] = os.pathsep.join(
        [str(config_dir)] + [p for p in env.get("JUPYTER_CONFIG_PATH", "").split(os.pathsep) if p])
    cmd = command(role, args, root_user=hasattr(os, "geteuid") and os.geteuid() == 0)
    tools = ("Validate" + (", assignment list" if exchange else "")
             if role == "student" else "all of nbgrader's tools")
    print(f"watchtower.lab: {role} lab with {tools}"
          + ("" if exchange or role == "instructor"
             else f" (no nbgrader exchange at {root})"), file=sys.stderr)
    os.execvpe(cmd[0], cmd, env)


if __name__ == "__main__":
    main()
