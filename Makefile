# The Watchtower: every workflow is one make target.
#   make lab      students: set up .venv and open JupyterLab on notebooks/
#                 (make lab ARGS="--port 8899 --no-browser" passes options to jupyter lab)
#   make lab-instructor   the same with nbgrader's instructor tools (formgrader)
#   make test     everything CI runs
# Both create .venv on first use and are quick afterwards.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
export PYTHONHASHSEED := 0
# Evidently phones home by default; a course machine must not.
export DO_NOT_TRACK := 1
export EVIDENTLY_DISABLE_TELEMETRY := 1
# Kernels read the station's logs from a kept copy (watchtower/world/cache.py);
# `make grade` ignores it, since a submission could write there.
export WATCHTOWER_WORLD_CACHE ?= $(CURDIR)/.cache/world

# Test workers: both cores of a 2-core machine (pytest-xdist). Each chapter's
# kernel work is one xdist group, so it stays on one worker (--dist loadgroup).
TEST_WORKERS ?= auto
XDIST := -n $(TEST_WORKERS) --maxprocesses=8 --dist loadgroup

.PHONY: install lab lab-instructor student-bundle test test-fast check release grade bench demo serve clean

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade "pip>=24"
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	@touch $(STAMP)

install: $(STAMP)

# Student tools only (Validate; the assignment list where an nbgrader exchange exists);
# --allow-root when run as root. watchtower/lab.py says how, without global state.
lab: $(STAMP)
	$(BIN)/python -m watchtower.lab $(ARGS)

lab-instructor: $(STAMP)
	$(BIN)/python -m watchtower.lab --instructor $(ARGS)

# What students get: the release without solutions/ or wrong answers (COURSE.md 10).
# Writes dist/watchtower-student.tar.gz; README: "Student workflow".
student-bundle: $(STAMP)
	$(BIN)/python -m watchtower.bundle $(ARGS)

test: $(STAMP)
	$(BIN)/python -m pytest $(XDIST)

# The fast tier (no notebook kernels, servers, subprocesses or Evidently): under a
# minute, for quick feedback while coding. AUTHORING.md, "The test budget".
test-fast: $(STAMP)
	$(BIN)/python -m pytest $(XDIST) -m "not slow"

# Instructors, before class: every chapter runs clean and reproduces its outputs,
# and every wrong answer, shortcut and correct answer of tests/course/wrong_answers
# is graded as it should be (one kernel per chapter). make check ARGS="01-kl-divergence -v"
check: $(STAMP)
	$(BIN)/python -m watchtower.check $(ARGS)

# Regenerate notebooks/ from solutions/ with nbgrader (byte-identical on re-runs).
# `make release ARGS=--check` only reports whether notebooks/ is stale.
release: $(STAMP)
	$(BIN)/python -m watchtower.release $(ARGS)

# Autograde every submission under submitted/<student>/<assignment>/ with nbgrader,
# under a time and memory limit per submission; feedback/ and grades.csv.
# Options: make grade ARGS="--course-dir DIR --time-limit 300 --memory-limit 3072"
grade: $(STAMP)
	$(BIN)/python -m watchtower.grade $(ARGS)

bench: $(STAMP)
	$(BIN)/python -m benchmarks
	$(BIN)/python -m benchmarks.service

demo: $(STAMP)
	$(BIN)/python -m watchtower.demo

# The Drift Service on loopback: the Translator's API, the monitor (shipper, drift job,
# alert webhook, retraining), Prometheus and Alertmanager with deploy/'s configuration.
# Prints the URLs; Ctrl-C stops everything. README: "The Drift Service".
serve: $(STAMP)
	$(BIN)/python -m watchtower.serve $(ARGS)

clean:
	rm -rf $(VENV) build *.egg-info src/*.egg-info
