"""`make mutate`: mutation testing of the core modules (issue 21; tests/MUTANTS.md).

Runs mutmut over the modules listed in pyproject.toml ([tool.mutmut] only_mutate, the one place
that names them), then prints every mutant that no test killed, a line per module and, last,
`mutation score N%`: the share of mutants that some test killed (a timeout counts as killed, a
mutant that no test even ran counts as survived).

    python scripts/mutate.py                      # a fresh run of every module, two workers
    python scripts/mutate.py --jobs 1 --keep drafter/text/rules.py
        # one module, one worker, reusing the mutants/ cache of an earlier run (its stats
        # of which test calls which function, re-collected only for new tests)

mutmut copies the package to mutants/, gives every function of a listed module a trampoline
that runs either the original or the mutant named in an environment variable, records once
which tests call which function, then runs each mutant against only the tests that call its
function. It mutates code inside functions only (module-level tables and regexes are data).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import time
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
KILLED = {1, 3, 36, 37, -24, 24, 152, 255, -11, -9}  # test failed, pytest error, timeout, crash
NOT_RUN = {None, 34}  # not checked (an interrupted run), skipped by a pragma


def core_modules() -> list[str]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))
    return list(config["tool"]["mutmut"]["only_mutate"])


def mutant_glob(module: str) -> str:
    """drafter/text/rules.py -> drafter.text.rules.* (mutmut's mutant names)."""
    return module.removesuffix(".py").replace("/", ".") + ".*"


def load_results(module: str) -> dict[str, int | None]:
    meta = ROOT / "mutants" / (module + ".meta")
    if not meta.exists():
        return {}
    results: dict[str, int | None] = json.loads(meta.read_text("utf-8"))["exit_code_by_key"]
    return results


def natural(name: str) -> list[str | int]:
    """Sort key: ..._mutmut_2 before ..._mutmut_10."""
    return [int(part) if part.isdigit() else part for part in re.split(r"(\d+)", name)]


def mutmut() -> str:
    """The mutmut command beside this Python (the project's .venv, where `make mutate` installs it)."""
    found = shutil.which("mutmut", path=str(Path(sys.executable).parent))
    if found is None:
        sys.exit(f"mutmut is not installed beside {sys.executable}: run `make mutate`")
    return found


def show(name: str, module: str) -> str:
    """The mutant as a diff against the original function (mutmut's `show`, without a process per mutant)."""
    try:
        from mutmut.mutation.diff_apply import get_diff_for_mutant

        diff = get_diff_for_mutant(name, path=module)
    except Exception:  # a mutmut without this function: ask its command line
        done = subprocess.run([mutmut(), "show", name], cwd=ROOT, capture_output=True, text=True)
        diff = "\n".join(done.stdout.splitlines()[1:])  # mutmut's own "# name: status" header
    return "\n".join(line for line in diff.splitlines() if not line.startswith(("---", "+++")))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("modules", nargs="*", help="only these of the core modules (paths as in pyproject.toml)")
    parser.add_argument("--jobs", type=int, default=2, help="mutants tested at once (default 2)")
    parser.add_argument("--keep", action="store_true", help="reuse mutants/ from an earlier run")
    parser.add_argument("--no-diff", action="store_true", help="list surviving mutants by name only")
    args = parser.parse_args()

    modules = core_modules()
    chosen = args.modules or modules
    unknown = [m for m in chosen if m not in modules]
    if unknown:
        parser.error(f"not a core module in pyproject.toml [tool.mutmut] only_mutate: {', '.join(unknown)}")

    os.chdir(ROOT)
    if not args.keep:
        shutil.rmtree(ROOT / "mutants", ignore_errors=True)
    command = [mutmut(), "run", "--max-children", str(args.jobs)]
    if args.modules or args.keep:
        command += [mutant_glob(m) for m in chosen]  # named mutants are re-tested even when cached
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    started = time.monotonic()
    log = ROOT / "mutants" / "mutate.log"
    log.parent.mkdir(exist_ok=True)
    with log.open("w", encoding="utf-8") as out:
        done = subprocess.run(command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
    elapsed = time.monotonic() - started
    if done.returncode != 0:
        tail = log.read_text("utf-8", errors="replace").replace("\r", "\n").splitlines()[-40:]
        print("\n".join(tail))
        print(f"mutmut failed (exit code {done.returncode}); its output is in {log.relative_to(ROOT)}")
        return done.returncode or 1

    total = killed = 0
    survivors: list[tuple[str, str, str]] = []
    rows = []
    for module in chosen:
        results = load_results(module)
        counted = {k: v for k, v in results.items() if v not in NOT_RUN}
        not_run = len(results) - len(counted)
        k = sum(1 for v in counted.values() if v in KILLED)
        for name, code in sorted(counted.items(), key=lambda kv: natural(kv[0])):
            if code not in KILLED:
                survivors.append((name, module, "no test ran it" if code in (5, 33) else "survived"))
        total += len(counted)
        killed += k
        pct = 100 * k / len(counted) if counted else 100.0
        rows.append(f"  {module:<28} {k:>5} of {len(counted):>5} killed  {pct:5.1f}%"
                    + (f"  ({not_run} not run)" if not_run else ""))

    print(f"\nSurviving mutants ({len(survivors)}):")
    for name, module, why in survivors:
        print(f"\n{name}  [{why}]")
        if not args.no_diff:
            print(show(name, module))
    print("\nBy module:")
    print("\n".join(rows))
    print(f"\n{killed} of {total} mutants killed in {elapsed / 60:.1f} min with {args.jobs} worker(s);"
          " each survivor is explained in tests/MUTANTS.md")
    score = 100 * killed / total if total else 0.0
    print(f"mutation score {int(score)}%")
    return 0


if __name__ == "__main__":
    sys.exit(main())
