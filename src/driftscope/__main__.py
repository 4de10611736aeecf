"""``python -m driftscope report REFERENCE CURRENT ...``: the ``driftscope`` command without the script."""

import sys

from .cli import main

if __name__ == "__main__":
    sys.exit(main())
