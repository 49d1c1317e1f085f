"""`python -m bench` (and `make bench`): the export and request benchmark; see bench/run.py.

`python -m bench extract` (and `make bench-extract`): text extraction, no database; see
bench/extract.py.
"""

import sys

if sys.argv[1:2] == ["extract"]:
    from bench.extract import main as extract

    sys.exit(extract(sys.argv[2:]))

from bench.run import main

main()
