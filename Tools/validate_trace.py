#!/usr/bin/env python3
"""Validates trace files against docs/trace.schema.json (JSON Schema 2020-12).

Usage: validate_trace.py SCHEMA TRACE...   Prints one line per invalid file; exit 1 if any.
Used by the test suite (TraceSchemaTests) with Debian's python3-jsonschema.
"""
import json
import sys

import jsonschema


def main():
    schema = json.load(open(sys.argv[1]))
    validator = jsonschema.Draft202012Validator(schema)
    failed = False
    for path in sys.argv[2:]:
        errors = sorted(validator.iter_errors(json.load(open(path))), key=lambda e: list(e.absolute_path))
        for error in errors[:3]:
            location = "/".join(str(part) for part in error.absolute_path)
            print(f"{path}: {location}: {error.message[:200]}")
            failed = True
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
