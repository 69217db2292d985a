"""``python -m lstmcast``: the command line, as the ``lstmcast`` script runs it."""

from .cli import main

main()
