"""One error family: every problem a user can fix, with the text they will read."""


class LstmcastError(Exception):
    """Base of all lstmcast errors; ``str(err)`` is the one-line message shown to the user."""

    exit_code = 1


class InputError(LstmcastError):
    """Bad data, bad flags or bad usage: the user must change what they passed in."""

    exit_code = 2


class ModelFileError(LstmcastError):
    """A model file that is missing, truncated, tampered with or from another format version."""

    exit_code = 2


class TrainingError(LstmcastError):
    """Training could not produce a usable model (for instance it diverged)."""

    exit_code = 1
