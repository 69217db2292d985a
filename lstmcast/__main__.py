"""``python -m lstmcast``: the command line, as the ``lstmcast`` script runs it."""

from .console import main

main()
