"""The wheel ships the whole house: built, installed in a fresh virtual environment, it lists every theorem.

CI installs in editable mode, which would hide a wheel that leaves out subpackages (the catalogue lives in
``theorems.entries``).  The new environment gets the wheel by ``pip install --no-deps``; its dependencies come from
this test's environment through a ``.pth`` line (no download), which does not bring this checkout's editable install.
"""

import json
import shutil
import site
import subprocess
import sys
import sysconfig
from pathlib import Path

import theorems

ROOT = Path(__file__).parents[1]


def _run(*args, **kwargs):
    done = subprocess.run(list(map(str, args)), capture_output=True, text=True, timeout=900, **kwargs)
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout


def test_a_wheel_installed_in_a_fresh_environment_lists_every_theorem(tmp_path):
    source = tmp_path / "source"  # a clean copy: a build/ directory left in the checkout would leak stale files
    source.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, source / name)
    for package in ("theorems", "numerics"):
        shutil.copytree(ROOT / package, source / package, ignore=shutil.ignore_patterns("__pycache__"))
    _run(sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", tmp_path / "dist", source)
    (wheel,) = (tmp_path / "dist").glob("dl_theorems-*.whl")
    venv = tmp_path / "venv"
    _run(sys.executable, "-m", "venv", venv)
    python = venv / "bin" / "python"
    packages = Path(_run(python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])").strip())
    ours = [p for p in site.getsitepackages() + [sysconfig.get_paths()["purelib"]] if Path(p).is_dir()]
    (packages / "borrowed-dependencies.pth").write_text("\n".join(ours) + "\n")
    _run(python, "-m", "pip", "install", "--no-deps", "-q", wheel)
    where = _run(python, "-c", "import theorems; print(theorems.__file__)", cwd=tmp_path)
    assert where.startswith(str(packages))  # the wheel's copy, not this checkout
    listed = json.loads(_run(venv / "bin" / "theorems", "list", "--json", cwd=tmp_path))
    assert sorted(row["id"] for row in listed) == sorted(t.id for t in theorems.catalogue())
