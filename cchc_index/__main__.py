"""``python -m cchc_index``: see :mod:`cchc_index.cli`."""

import sys


def _run() -> int:
    try:
        from cchc_index.cli import main

        return main()
    except KeyboardInterrupt:  # Ctrl-C while starting, before main() took it over
        from cchc_index.cli import _Interrupts, _lang_of, stopped

        return stopped(_Interrupts(_lang_of(sys.argv[1:])))


sys.exit(_run())
