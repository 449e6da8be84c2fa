"""Two of Wagtail 8's own background tasks, run in the change's transaction instead.

Wagtail 8 enqueues its reference index and its database search index updates as tasks. Ours read
both right after a change: document privacy and kits read the reference index
(publications/privacy.py), the database search (the fallback, and `make run`'s only search) reads
the other, and the resource index bridge (search/indexing/wagtail_backend.py) only records an
index task in the transaction when Wagtail calls it. On the worker they would lag behind the
change, or run after the index task that needs them. Both are cheap SQL, as in Wagtail 6.
"""

from importlib import import_module

# (module whose signal handler enqueues it, the task's name there)
TASKS_RUN_IN_PLACE = (
    ("wagtail.signal_handlers", "update_reference_index_task"),
    ("modelsearch.signal_handlers", "insert_or_update_object_task"),
)


class RunInPlace:
    """Stands in for a task: `enqueue()` runs it at once, in the caller's transaction."""

    def __init__(self, task):
        self.task = task

    def enqueue(self, *args, **kwargs):
        return self.task.call(*args, **kwargs)


def connect():
    for module_path, name in TASKS_RUN_IN_PLACE:
        module = import_module(module_path)
        task = getattr(module, name)
        if not isinstance(task, RunInPlace):
            setattr(module, name, RunInPlace(task))
