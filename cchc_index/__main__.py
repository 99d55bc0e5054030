"""``python -m cchc_index``: see :mod:`cchc_index.cli`."""

import sys

from cchc_index.cli import main

sys.exit(main())
