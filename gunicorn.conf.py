"""gunicorn reads this file from the directory it starts in (docs/deployment.md).

With PROMETHEUS_MULTIPROC_DIR set, each worker process writes its metrics to files in that
directory and /metrics adds them up (bascule/core/metrics.py): the directory is emptied when
gunicorn starts (the files of a previous run would be counted again), and a worker's files
are marked dead when it exits.
"""

import os
from pathlib import Path


def on_starting(server) -> None:
    directory = os.environ.get("PROMETHEUS_MULTIPROC_DIR")
    if directory:
        Path(directory).mkdir(parents=True, exist_ok=True)
        for leftover in Path(directory).glob("*.db"):
            leftover.unlink()


def child_exit(server, worker) -> None:
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(worker.pid)
