import sys

from aifigures.cli import main

sys.exit(main())
