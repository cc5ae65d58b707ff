"""`python -m lotse`: the command line (see `lotse.cli`)."""

import os
import sys

from lotse.cli import main

# Guarded: a worker process started afresh ("spawn", see `lotse.filecache`) imports the main module again.
if __name__ == "__main__":
    try:
        sys.exit(main())
    except BrokenPipeError:  # output piped into `head` and closed early: not an error
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        sys.exit(0)
