"""`python -m incidents ...`: see incidents.cli."""
import sys

from incidents.cli import main

sys.exit(main())
