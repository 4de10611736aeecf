"""Check the front door: `make lab` (student and instructor) and `make student-bundle`."""

import json
import tarfile

from watchtower import bundle, lab


def test_student_lab_hides_instructor_tools_and_news():
    page, server = lab.lab_settings("student", exchange=False)
    off = page["disabledExtensions"]
    for plugin in ("@jupyter/nbgrader:create-assignment", "@jupyter/nbgrader:formgrader",
                   "@jupyter/nbgrader:assignment-list", lab.NEWS):
        assert off.get(plugin) is True, f"the student lab should disable {plugin}, got {off}"
    assert "@jupyter/nbgrader:validate-assignment" not in off, "Validate must stay"
    ext = server["ServerApp"]["jpserver_extensions"]
    assert ext.get("nbgrader.server_extensions.formgrader") is False, ext
    assert "nbgrader.server_extensions.validate_assignment" not in ext, ext


def test_student_lab_lists_assignments_where_an_exchange_exists():
    page, server = lab.lab_settings("student", exchange=True)
    assert "@jupyter/nbgrader:assignment-list" not in page["disabledExtensions"], page
    assert "nbgrader.server_extensions.assignment_list" not in server["ServerApp"]["jpserver_extensions"]


def test_instructor_lab_has_every_tool():
    page, server = lab.lab_settings("instructor", exchange=False)
    assert page["disabledExtensions"] == {lab.NEWS: True}, page
    assert server["ServerApp"]["jpserver_extensions"] == {}, server


def test_root_and_args_reach_jupyter_lab():
    cmd = lab.command("student", ["--port", "8899", "--no-browser"], root_user=True)
    assert cmd[1:] == ["lab", "--notebook-dir=notebooks", "--allow-root", "--port", "8899",
                       "--no-browser"], cmd
    assert "--allow-root" not in lab.command("student", [], root_user=False)
    assert lab.command("instructor", ["--allow-root"], root_user=True).count("--allow-root") == 1


def test_exchange_root_is_read_from_nbgrader_config(tmp_path):
    (tmp_path / "nbgrader_config.json").write_text(
        json.dumps({"Exchange": {"root": str(tmp_path / "exchange")}}))
    assert lab.exchange_root([str(tmp_path)]) == tmp_path / "exchange"
    assert str(lab.exchange_root([])) == lab.DEFAULT_EXCHANGE_ROOT


def test_student_bundle_holds_the_release_and_no_solutions(tmp_path):
    out = tmp_path / "bundle.tar.gz"
    names = bundle.build(out)
    with tarfile.open(out) as tar:
        members = tar.getnames()
        makefile = tar.extractfile(f"{bundle.PREFIX}/Makefile").read().decode()
    assert members == names
    tops = {m.split("/")[1] for m in members}
    assert tops == {"notebooks", "story", "src", "docs", "pyproject.toml", "environment.yml",
                    "README.md", "Makefile"}, f"unexpected top-level entries: {tops}"
    assert not any("solutions/" in m or "wrong_answers" in m for m in members), members
    assert any(m.endswith("notebooks/01-kl-divergence/01-kl-divergence.ipynb") for m in members)
    assert "lab: $(STAMP)" in makefile and "\ngrade:" not in makefile, makefile


def test_student_bundle_refuses_instructor_files():
    for path in ("solutions/01-kl-divergence/01-kl-divergence.ipynb",
                 "tests/course/wrong_answers/01-kl-divergence.py"):
        try:
            bundle.check([path])
        except ValueError as error:
            assert "not part of the student release" in str(error)
        else:
            raise AssertionError(f"{path} should be refused")
