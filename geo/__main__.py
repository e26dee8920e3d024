"""Entry point: `python -m geo ...` (see geo/cli.py)."""
import sys

from geo.cli import main

sys.exit(main())
