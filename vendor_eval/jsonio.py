"""The one place that writes JSON.

Every JSON document the tool prints or saves (reports, summaries, comparisons, validation
runs, evidence files, schemas) goes through `dump_json`, so they all share one layout:
sorted keys, two-space indent, non-ASCII text kept as written, a final newline. Same data,
same bytes. C1 and bidi control characters are written as \\u escapes: the same data,
bytes that cannot drive a terminal or reorder what an editor shows.
"""

from __future__ import annotations

import json
from typing import Any

from vendor_eval.safe_text import escape_json_text


def dump_json(data: Any) -> str:
    return escape_json_text(json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False)) + "\n"
