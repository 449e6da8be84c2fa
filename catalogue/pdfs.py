"""The main documents' PDFs, made ahead of the writer in worker processes (the slow part of an import)."""

import multiprocessing
import os
import signal
import sys
import threading
import time
from collections import deque
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from itertools import islice

from publications import pdf

PDF_WINDOW = 64  # PDFs generated ahead of the writer, at most
PDF_BATCH = 8  # PDFs a worker makes per task


PR_SET_PDEATHSIG = 1  # linux/prctl.h


def die_with_parent(parent_pid):
    """A worker's initializer: killed with the import, even by SIGKILL (which runs no cleanup).
    Linux: the kernel sends SIGKILL when the parent dies; elsewhere a thread watches the parent."""
    if sys.platform.startswith("linux"):
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        if libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) == 0:
            if os.getppid() != parent_pid:  # the parent died before the call
                os._exit(1)
            return

    def watch():
        while os.getppid() == parent_pid:
            time.sleep(1)
        os._exit(1)

    threading.Thread(target=watch, daemon=True).start()


def render(plan):
    """The plan's PDF, made here; an exception is returned, to be reported on its line."""
    try:
        return pdf.render_pdf(*plan.record.pdf_arguments())
    except Exception as exc:  # noqa: BLE001 - reported on its line
        return exc


def with_pdfs(plans, jobs):
    """Yield (plan, RenderedPdf | None | exception) in order; PDFs are made ahead, in worker processes."""
    if jobs <= 1 or sum(plan.needs_pdf for plan in plans) < 2 * PDF_WINDOW:
        for plan in plans:
            yield plan, render(plan) if plan.needs_pdf else None
        return
    # "spawn": the workers import publications.pdf only, never Django nor its database connection.
    # (Like any spawned pool, it needs an `if __name__ == "__main__"` guard in the main script: manage.py has it.)
    pool = ProcessPoolExecutor(
        max_workers=jobs,
        mp_context=multiprocessing.get_context("spawn"),
        initializer=die_with_parent,
        initargs=(os.getpid(),),
    )
    # Batches: one message to and from a worker per PDF costs the writer more than the PDF is worth.
    batches = (plans[start : start + PDF_BATCH] for start in range(0, len(plans), PDF_BATCH))
    pending, broken = deque(), False

    def submit(batch):
        nonlocal broken
        arguments = [plan.record.pdf_arguments() for plan in batch if plan.needs_pdf]
        future = None
        if arguments and not broken:
            try:
                future = pool.submit(pdf.render_many, arguments)
            except BrokenProcessPool:
                broken = True
        pending.append((batch, future))

    try:
        for batch in islice(batches, max(1, PDF_WINDOW // PDF_BATCH)):
            submit(batch)
        while pending:
            batch, future = pending.popleft()
            following = next(batches, None)
            if following is not None:
                submit(following)
            made = None
            if future is not None:
                try:
                    made = iter(future.result())
                except BrokenProcessPool:  # a worker died: carry on without the pool
                    broken = True
                except Exception:  # noqa: BLE001 - the batch is made here instead, each failure on its line
                    pass
            for plan in batch:
                if not plan.needs_pdf:
                    yield plan, None
                else:
                    yield plan, next(made) if made is not None else render(plan)
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
