"""Validate xAPI statements (JSON lines on stdin) with Ralph's own strict model."""

import json
import sys

from pydantic import ValidationError
from ralph.models.xapi.base.statements import BaseXapiStatement

bad = 0
for number, line in enumerate(sys.stdin, start=1):
    try:
        BaseXapiStatement.model_validate(json.loads(line))
    except ValidationError as exc:
        bad += 1
        print(f"line {number}: {exc}")
print(f"{bad} invalid")
sys.exit(1 if bad else 0)
