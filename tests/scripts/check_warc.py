#!/usr/bin/env python3
"""Read a WARC file written by citecheck with warcio, an independent reader, and report
what it saw as one JSON object on stdout.

Checked by warcio itself: the file is one gzip member per record (warcio refuses a file
gzipped as a whole), every record parses, WARC-Block-Digest and WARC-Payload-Digest
verify (check_digests). Reported for the calling test to assert on: each record's type,
id, target URI, Concurrent-To, gzip member offset, digest result, the HTTP status or
method, and the start of the decoded body (warcio undoes Content-Encoding).

Exit status: 0 read, 1 digest problems or a read failure, 2 usage, 3 warcio missing
(the test then prints why it is skipped).

Usage: check_warc.py FILE.warc.gz
"""

import json
import sys

try:
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed
except ImportError:
    print(json.dumps({"skipped": "warcio is not installed (pip install warcio)"}))
    sys.exit(3)


def describe(record, iterator):
    headers = record.rec_headers
    entry = {
        "type": record.rec_type,
        "version": headers.protocol,
        "id": headers.get_header("WARC-Record-ID"),
        "uri": headers.get_header("WARC-Target-URI"),
        "date": headers.get_header("WARC-Date"),
        "concurrent_to": headers.get_header("WARC-Concurrent-To"),
        "ip": headers.get_header("WARC-IP-Address"),
        "truncated": headers.get_header("WARC-Truncated"),
        "content_type": headers.get_header("Content-Type"),
    }
    if record.http_headers is not None:
        if record.rec_type == "response":
            entry["status"] = record.http_headers.get_statuscode()
        elif record.rec_type == "request":
            entry["method"] = record.http_headers.protocol
    body = record.content_stream().read()
    entry["text"] = body[:400].decode("utf-8", "replace")
    entry["offset"] = iterator.get_record_offset()
    checker = record.digest_checker
    entry["digest_passed"] = checker.passed
    entry["problems"] = list(checker.problems)
    return entry


def main(argv):
    if len(argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    records = []
    failure = None
    try:
        with open(argv[1], "rb") as stream:
            iterator = ArchiveIterator(stream, check_digests=True)
            for record in iterator:
                records.append(describe(record, iterator))
    except (ArchiveLoadFailed, OSError, ValueError) as error:
        failure = str(error)
    problems = [p for r in records for p in r["problems"]]
    print(json.dumps({"records": records, "failure": failure, "problems": problems}))
    return 1 if failure or problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
