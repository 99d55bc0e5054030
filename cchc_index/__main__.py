"""The command line: ``python -m cchc_index`` and the ``cchc-index`` script
(``python -m cchc_index --help`` lists the commands)."""

import sys


def main() -> int:
    """Run the command line on ``sys.argv``; the exit code (0 all scored, 1 some problems,
    2 nothing scored or a usage error, 130 stopped by Ctrl-C)."""
    try:
        from cchc_index._internal.cli import main as cli_main

        return cli_main()
    except KeyboardInterrupt:  # Ctrl-C while starting, before the command line took it over
        from cchc_index._internal.cli import _Interrupts, _lang_of, stopped

        return stopped(_Interrupts(_lang_of(sys.argv[1:])))


if __name__ == "__main__":
    sys.exit(main())
