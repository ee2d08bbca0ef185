"""``python -m cwstrainer``: the command line."""

import sys

from cwstrainer.cli import main

sys.exit(main())
