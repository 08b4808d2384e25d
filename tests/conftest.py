import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def run_cli(tmp_path):
    """Run `python -m app ...` on a temporary data folder; returns the CompletedProcess."""
    data = tmp_path / "data"

    def run(*args: str, data_dir: Path | None = None, env: dict | None = None, check: bool = False):
        full_env = {**os.environ, "TRELLIS_DATA_DIR": str(data_dir or data), **(env or {})}
        proc = subprocess.run(
            [sys.executable, "-m", "app", *args], capture_output=True, text=True, cwd=ROOT, env=full_env, timeout=120
        )
        if check and proc.returncode != 0:
            raise AssertionError(f"trellis {' '.join(args)} exited {proc.returncode}: {proc.stderr}")
        return proc

    run.data = data
    return run
