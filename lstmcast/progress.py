"""Training progress on stderr: a live rich bar on a terminal, plain lines in logs."""

from __future__ import annotations

PLAIN_EVERY = 10  # epochs between lines when stderr is not a terminal


class EpochProgress:
    """Context manager whose ``update(epoch)`` is the training loop's ``on_epoch`` callback."""

    def __init__(self, console, enabled: bool = True):
        self.console = console
        self.enabled = enabled
        self.live = enabled and console.is_terminal
        self._progress = None
        self._task = None
        self._phase = None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self._stop()
        return False

    def _stop(self):
        if self._progress is not None:
            self._progress.stop()
            self._progress = None

    def update(self, e) -> None:
        if not self.enabled:
            return
        val = "" if e.val_loss is None else f" val {e.val_loss:.4f} best {e.best_val_loss:.4f}" \
            f" (epoch {e.best_epoch})"
        text = f"{e.phase} epoch {e.epoch}/{e.epochs} train {e.train_loss:.4f}{val}"
        if not self.live:
            if e.epoch == 1 or e.epoch % PLAIN_EVERY == 0 or e.epoch == e.epochs:
                self.console.print(text, markup=False, highlight=False)
            return
        from rich.progress import (
            BarColumn,
            Progress,
            TextColumn,
            TimeElapsedColumn,
            TimeRemainingColumn,
        )

        if self._phase != e.phase:
            self._stop()
            self._progress = Progress(TextColumn("{task.description}"), BarColumn(),
                                      TimeElapsedColumn(), TextColumn("left"),
                                      TimeRemainingColumn(), console=self.console,
                                      transient=False)
            self._progress.start()
            self._task = self._progress.add_task(text, total=e.epochs)
            self._phase = e.phase
        self._progress.update(self._task, completed=e.epoch, description=text)
