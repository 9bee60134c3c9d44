"""Do the tests notice when a view forgets its scope? Replace one `.for_user(...)` at a time by `.all()`.

For every `.for_user(...)` call in `opora/**/*.py` (migrations aside), the script makes a mutant in
which that one call reads `.all()` — the view now shows everything to everyone — and runs the
non-browser SQLite test suite with `-x`. A mutant the suite still passes "survives": no test
would notice that leak. The report lists the survivors (file:line and the call) and ends with
«N of M survive».

    .venv/bin/python scripts/scope_mutants.py                      # every call
    .venv/bin/python scripts/scope_mutants.py --only opora/registry/views.py --jobs 2
    .venv/bin/python scripts/scope_mutants.py --list               # the calls, no tests run
    .venv/bin/python scripts/scope_mutants.py --rev HEAD~3          # as committed then

The working tree is never touched: the files git knows (tracked and untracked-but-not-ignored,
as they are on disk now) are copied to a temporary directory per job, mutants are made and
undone there (try/finally, also on Ctrl+C and SIGTERM), and the copies are removed at the end.
Other people's test runs in the tree therefore never see a mutant, and a killed script cannot
leave one behind. The script never commits anything.

Before the mutants, the suite runs once unmutated in the copy: tests that already fail there
(work in progress elsewhere) are deselected, so they cannot pass for killers. That run also notes
which test modules call each function holding a `.for_user(` (a call-event trace, no line
tracing); a mutant then runs only those modules, likely killers first — a test that never enters
the function cannot notice the change. A call outside any function, or reached outside a test,
runs everything; a function no test enters survives without a run."""

from __future__ import annotations

import argparse
import ast
import fnmatch
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from queue import Queue

ROOT = Path(__file__).resolve().parents[1]
# Likely killers first: with -x the run stops at the first failing test.
FIRST = ["tests/test_scope_*.py", "tests/test_access_matrix.py"]


@dataclass(frozen=True)
class Mutant:
    path: str  # relative to the project root
    line: int
    start: int  # byte offsets of `for_user(...)` in the file
    end: int
    call: str  # the text replaced, e.g. `for_user(request.user)`
    source_line: str
    # First lines of the innermost function holding the call (its `def` and decorator lines: one
    # of them is its code object's co_firstlineno); empty at module or class level.
    function_lines: tuple[int, ...] = ()

    @property
    def where(self) -> str:
        return f"{self.path}:{self.line}"


@dataclass
class Outcome:
    mutant: Mutant
    killed: bool
    killer: str
    seconds: float


# --- finding the calls ------------------------------------------------------------------------


def _line_starts(data: bytes) -> list[int]:
    starts = [0]
    for match in re.finditer(rb"\n", data):
        starts.append(match.end())
    return starts


def find_mutants(path: Path, root: Path) -> list[Mutant]:
    """Every `<expr>.for_user(...)` call in the file, located by the AST (not by a regex), so the
    closing parenthesis is the call's own whatever its arguments hold."""
    data = path.read_bytes()
    tree = ast.parse(data, filename=str(path))
    starts = _line_starts(data)
    functions = [n for n in ast.walk(tree) if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda))]
    found = []
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "for_user"):
            continue
        holders = [f for f in functions if f.lineno <= node.lineno and node.end_lineno <= f.end_lineno]
        innermost = max(holders, key=lambda f: (f.lineno, -f.end_lineno), default=None)
        function_lines = ()
        if innermost is not None:
            decorators = getattr(innermost, "decorator_list", [])
            function_lines = tuple(sorted({innermost.lineno, *(d.lineno for d in decorators)}))
        # AST columns are UTF-8 byte offsets, so the arithmetic is done on bytes.
        after_value = starts[node.func.value.end_lineno - 1] + node.func.value.end_col_offset
        call_end = starts[node.end_lineno - 1] + node.end_col_offset
        name_at = data.index(b"for_user", after_value, call_end)
        line = data.count(b"\n", 0, name_at) + 1
        found.append(
            Mutant(
                path=str(path.relative_to(root)),
                line=line,
                start=name_at,
                end=call_end,
                call=" ".join(data[name_at:call_end].decode().split()),
                source_line=data.splitlines()[line - 1].decode().strip(),
                function_lines=function_lines,
            )
        )
    return sorted(found, key=lambda m: m.start)


def all_mutants(root: Path, only: list[str]) -> list[Mutant]:
    wanted = [(root / Path(p).resolve().relative_to(ROOT)).resolve() for p in only]
    mutants = []
    for path in sorted((root / "opora").rglob("*.py")):
        if "migrations" in path.relative_to(root).parts:
            continue
        if wanted and not any(path.resolve() == w or w in path.resolve().parents for w in wanted):
            continue
        mutants.extend(find_mutants(path, root))
    return mutants


def mutated(data: bytes, mutant: Mutant) -> bytes:
    assert data[mutant.start : mutant.start + len(b"for_user")] == b"for_user", mutant
    return data[: mutant.start] + b"all()" + data[mutant.end :]


# --- copies of the tree -----------------------------------------------------------------------


def project_files(root: Path) -> list[str]:
    listed = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard", "-z"],
        cwd=root,
        check=True,
        capture_output=True,
    ).stdout.split(b"\0")
    return [name.decode() for name in listed if name and (root / name.decode()).is_file()]


def make_copy(root: Path, files: list[str], target: Path, rev: str = "") -> Path:
    """The tree as it is on disk, or as committed at `rev` (to measure before a change)."""
    target.mkdir(parents=True)
    if rev:
        archive = subprocess.run(["git", "archive", rev], cwd=root, check=True, capture_output=True).stdout
        subprocess.run(["tar", "-x", "-C", str(target)], input=archive, check=True)
        return target
    for name in files:
        destination = target / name
        destination.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(root / name, destination)
    return target


# --- running the suite ------------------------------------------------------------------------

# A pytest plugin: writes the node id of every failing test (and of every module that fails to
# collect) to SCOPE_MUTANTS_FAILED — exact ids, whatever they contain. Given SCOPE_MUTANTS_WATCH
# (file → first lines of the functions to watch), it also notes which test modules call them,
# into SCOPE_MUTANTS_REACHED; only call events are traced, so the run stays close to its speed.
PROBE = """
import json
import os
import sys
import threading

import pytest


def _note(report):
    if report.failed:
        with open(os.environ["SCOPE_MUTANTS_FAILED"], "a", encoding="utf-8") as out:
            out.write(report.nodeid + "\\n")


pytest_runtest_logreport = _note
pytest_collectreport = _note

if os.environ.get("SCOPE_MUTANTS_WATCH"):
    with open(os.environ["SCOPE_MUTANTS_WATCH"], encoding="utf-8") as source:
        _WATCHED = {name: set(lines) for name, lines in json.load(source).items()}
    _current = ["*"]  # the module of the running test; "*" outside tests
    _reached = {}

    def _trace(frame, event, arg):
        code = frame.f_code
        lines = _WATCHED.get(code.co_filename)
        if lines is not None and code.co_firstlineno in lines:
            _reached.setdefault(f"{code.co_filename}:{code.co_firstlineno}", set()).add(_current[0])

    sys.settrace(_trace)
    threading.settrace(_trace)

    @pytest.hookimpl(hookwrapper=True)
    def pytest_runtest_protocol(item, nextitem):
        _current[0] = item.nodeid.split("::")[0]
        yield
        _current[0] = "*"

    def pytest_sessionfinish(session):
        with open(os.environ["SCOPE_MUTANTS_REACHED"], "w", encoding="utf-8") as out:
            json.dump({key: sorted(modules) for key, modules in _reached.items()}, out)

    try:  # traced tests run slower; a deadline would fail them for that alone
        from hypothesis import settings as _settings

        _settings.register_profile("scope-mutants", deadline=None)
        _settings.load_profile("scope-mutants")
    except ImportError:
        pass
"""

_running: set[subprocess.Popen] = set()
_running_lock = threading.Lock()
_stopping = threading.Event()


def test_paths(copy: Path, extra: list[str]) -> list[str]:
    if extra:
        return extra
    paths = []
    for pattern in FIRST:
        paths.extend(sorted(str(p.relative_to(copy)) for p in copy.glob(pattern)))
    return [*paths, "tests/"]


def run_pytest(copy: Path, args: list[str], timeout: float | None, **extra_env: str) -> tuple[int, str, list[str]]:
    """Exit code, output and the node ids of the failing tests."""
    failed = copy.parent / "failed.txt"
    failed.write_text("")
    env = (
        os.environ
        | extra_env
        | {
            # The copy's opora, also in subprocesses, before the editable install; then the probe.
            "PYTHONPATH": os.pathsep.join([str(copy), str(copy.parent)]),
            "SCOPE_MUTANTS_FAILED": str(failed),
            "PYTHONDONTWRITEBYTECODE": "1",
            "OPORA_SHARED_DIR": os.environ.get("OPORA_SHARED_DIR") or str(ROOT.parent / "shared"),
        }
    )
    env.pop("OPORA_REQUIRE_ALL", None)
    (copy.parent / "scope_mutants_probe.py").write_text(PROBE)
    command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-p", "scope_mutants_probe"]
    command += ["-m", "not browser", *args]
    process = subprocess.Popen(
        command,
        cwd=copy,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,  # its own process group: Ctrl+C here stops all of it
    )
    with _running_lock:
        _running.add(process)
    try:
        output, _ = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        _kill(process)
        output, _ = process.communicate()
        output += "\n[превышено время]"
    finally:
        with _running_lock:
            _running.discard(process)
    return process.returncode, output, failed.read_text(encoding="utf-8").splitlines()


def _kill_all() -> None:
    with _running_lock:
        for process in list(_running):
            _kill(process)


def _kill(process: subprocess.Popen) -> None:
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass


def baseline(copy: Path, paths: list[str], mutants: list[Mutant]) -> tuple[list[str], dict, float]:
    """Run the suite once unmutated: the node ids of tests that fail already, and which test
    modules call each watched function («path:first line» → modules, "*" for outside tests)."""
    watched: dict[str, set[int]] = {}
    for m in mutants:
        for name in {str(copy / m.path), os.path.realpath(copy / m.path)}:
            watched.setdefault(name, set()).update(m.function_lines)
    watch, reached = copy.parent / "watch.json", copy.parent / "reached.json"
    watch.write_text(json.dumps({name: sorted(lines) for name, lines in watched.items()}))
    started = time.monotonic()
    code, output, failing = run_pytest(
        copy, paths, None, SCOPE_MUTANTS_WATCH=str(watch), SCOPE_MUTANTS_REACHED=str(reached)
    )
    seconds = time.monotonic() - started
    if _stopping.is_set():
        raise KeyboardInterrupt
    if code not in (0, 1) or any("::" not in node for node in failing) or not reached.exists():
        sys.exit(f"Набор тестов не запускается без мутантов (код {code}):\n{output[-3000:]}")
    by_function: dict[str, set[str]] = {}
    for key, modules in json.loads(reached.read_text()).items():
        name, line = key.rsplit(":", 1)
        path = os.path.relpath(os.path.realpath(name), os.path.realpath(copy))
        by_function.setdefault(f"{path}:{line}", set()).update(modules)
    return list(dict.fromkeys(failing)), by_function, seconds


def tests_for(mutant: Mutant, by_function: dict, paths: list[str]) -> list[str] | None:
    """The test paths to run for a mutant, likely killers first; None when no test reaches it."""
    if not mutant.function_lines:
        return paths
    modules = set().union(*(by_function.get(f"{mutant.path}:{line}", set()) for line in mutant.function_lines))
    if "*" in modules:
        return paths
    if not modules:
        return None
    first = [m for pattern in FIRST for m in sorted(modules) if fnmatch.fnmatch(m, pattern)]
    return list(dict.fromkeys([*first, *sorted(modules)]))


def run_mutant(copy: Path, mutant: Mutant, args: list[str], timeout: float) -> Outcome:
    target = copy / mutant.path
    original = target.read_bytes()
    started = time.monotonic()
    try:
        target.write_bytes(mutated(original, mutant))
        code, output, failing = run_pytest(copy, ["-x", *args], timeout)
    finally:
        target.write_bytes(original)
    seconds = time.monotonic() - started
    if _stopping.is_set():
        raise KeyboardInterrupt
    killer = ""
    if code != 0:
        killer = failing[0] if failing else f"код выхода {code}: {output.strip().splitlines()[-1:]}"
    return Outcome(mutant, killed=code != 0, killer=killer, seconds=seconds)


# --- main -------------------------------------------------------------------------------------


def _on_signal(signum, frame):
    raise KeyboardInterrupt


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", action="append", default=[], metavar="PATH", help="only calls in these files/folders")
    parser.add_argument("--jobs", type=int, default=1, help="mutants run side by side (each in its own copy)")
    parser.add_argument("--list", action="store_true", help="list the calls and exit")
    parser.add_argument("--tests", nargs="+", default=[], metavar="PATH", help="test paths instead of the default")
    parser.add_argument("--rev", default="", help="measure the tree committed at this revision, not the one on disk")
    options = parser.parse_args()

    if options.list:
        mutants = all_mutants(ROOT, options.only)
        for m in mutants:
            print(f"{m.where}  {m.call}")
        print(f"{len(mutants)} calls")
        return 0

    signal.signal(signal.SIGTERM, _on_signal)
    signal.signal(signal.SIGHUP, _on_signal)
    workspace = Path(tempfile.mkdtemp(prefix="scope-mutants-"))
    outcomes: list[Outcome] = []
    try:
        files = project_files(ROOT)
        copies: Queue[Path] = Queue()
        for n in range(max(1, options.jobs)):
            copies.put(make_copy(ROOT, files, workspace / f"job{n}" / ROOT.name, options.rev))
        first = copies.get()
        # Found in the copy: others may be editing the tree while the script runs.
        mutants = all_mutants(first, options.only)
        if not mutants:
            sys.exit("Нет ни одного вызова .for_user( в выбранных файлах")
        paths = test_paths(first, options.tests)
        print(f"{len(mutants)} calls of .for_user(; tests: {' '.join(paths)}", flush=True)
        failing, by_function, seconds = baseline(first, paths, mutants)
        copies.put(first)
        print(f"без мутантов: {seconds:.0f} с", flush=True)
        for node in failing:
            print(f"  уже падает, исключён: {node}", flush=True)
        deselect = [arg for node in failing for arg in ("--deselect", node)]
        timeout = max(300.0, 3 * seconds)

        def one(mutant: Mutant) -> Outcome:
            selected = tests_for(mutant, by_function, paths)
            if selected is None:
                return Outcome(mutant, killed=False, killer="ни один тест не входит в эту функцию", seconds=0)
            copy = copies.get()
            try:
                return run_mutant(copy, mutant, deselect + selected, timeout)
            finally:
                copies.put(copy)

        with ThreadPoolExecutor(max_workers=max(1, options.jobs)) as pool:
            futures = [pool.submit(one, m) for m in mutants]
            try:
                for done, future in enumerate(futures, 1):
                    outcome = future.result()
                    outcomes.append(outcome)
                    verdict = f"убит: {outcome.killer}" if outcome.killed else f"ВЫЖИЛ {outcome.killer}".strip()
                    print(
                        f"[{done}/{len(mutants)}] {outcome.mutant.where} {outcome.mutant.call} → {verdict} "
                        f"({outcome.seconds:.0f} с)",
                        flush=True,
                    )
            except BaseException:
                _stopping.set()
                for future in futures:
                    future.cancel()
                _kill_all()
                raise
    except KeyboardInterrupt:
        _stopping.set()
        _kill_all()
        print("\nПрервано; рабочее дерево не менялось.", file=sys.stderr)
        return 130
    finally:
        shutil.rmtree(workspace, ignore_errors=True)

    survivors = [o.mutant for o in outcomes if not o.killed]
    print()
    if survivors:
        print("Выжили (ни один тест не заметил, что вызов заменён на .all()):")
        for m in survivors:
            print(f"  {m.where}  {m.call}\n      {m.source_line}")
    print(f"{len(survivors)} of {len(mutants)} survive")
    return 1 if survivors else 0


if __name__ == "__main__":
    sys.exit(main())
