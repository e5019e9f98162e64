"""``python -m collectsim`` is the ``collectsim`` command."""

import sys

from collectsim.cli import main

sys.exit(main())
