"""Send notebook executions to a Dask distributed cluster (`qy run --executor dask --scheduler ADDRESS`).

Workers must import qy_analysis from the same environment and see the project folder and the output
folder at the same paths (a shared filesystem), since each one executes a notebook and writes its
report there. Without an address a LocalCluster on this machine is started for the run (two worker
processes), which is how the tests exercise it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator


def dask_map(fn: Callable, items: Iterable, scheduler: str | None = None, workers: int = 2) -> Iterator:
    """Yield fn(item) for each item as the cluster finishes them."""
    from dask.distributed import Client, LocalCluster, as_completed

    cluster = (
        None
        if scheduler
        else LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None)
    )
    client = Client(scheduler or cluster)
    try:
        futures = client.map(fn, list(items), pure=False)
        for future in as_completed(futures):
            yield future.result()
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
