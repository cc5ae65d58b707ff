"""`python -m lotse`: the command line (see `lotse.cli`)."""

import sys

from lotse.cli import main

sys.exit(main())
