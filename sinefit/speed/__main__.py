"""The speed chapter's command line: ``python -m sinefit.speed [--out FILE] [--quick]``.

It measures everything on this machine, prints the page's tables, and with ``--out`` writes the
record; the page and its plots read that file, from wherever its caller keeps it.
"""

import argparse
import sys
import time
from pathlib import Path

from sinefit.speed import recording, report


def main(argv=None) -> int:
    """Measure, print the tables, and write the record where ``--out`` says."""
    parser = argparse.ArgumentParser(prog="python -m sinefit.speed", description=__doc__)
    parser.add_argument("--out", type=Path, help="write the record to this JSON file")
    parser.add_argument("--quick", action="store_true", help="fewer steps, repeats and sizes")
    arguments = parser.parse_args(argv)
    began = time.perf_counter()

    def progress(message):
        print(f"[{time.perf_counter() - began:6.1f} s] {message}", file=sys.stderr, flush=True)

    settings = recording.QUICK if arguments.quick else recording.Settings()
    record = recording.run(settings, progress=progress)
    record["settings"]["wall_s"] = round(time.perf_counter() - began, 1)
    print(report.describe_machine(record))
    for device in record["chapters"]:
        print(f"\n{device}\n{report.chapter_table(record, device)}")
        print(f"\n{report.variant_table(record, device)}\n\n{report.scaling_table(record, device)}")
    print(f"\n{report.targets(record)}")
    if arguments.out is not None:
        report.save(record, arguments.out)
        print(f"\nwritten to {arguments.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
