"""Front-end limits a production server has, in one place; stated in the emulator README ("Limits and security").

http_guard enforces them on uvicorn's httptools protocol; with the h11 fallback uvicorn's own options apply.
"""
from __future__ import annotations

import json

from pulumi_sig.emulator.http_support import MAX_BODY_BYTES  # the app's limit, enforced here too

MAX_HEAD_BYTES = 64 * 1024          # request line + headers, as ARM's front door (Kestrel/IIS) allows
MAX_REQUEST_LINE_BYTES = 16 * 1024  # the URL of one request
HEAD_TIMEOUT_SECONDS = 10.0         # the whole head must arrive within this, from its first byte or connect
KEEP_ALIVE_SECONDS = 5              # an idle kept-alive connection is closed after this
MAX_CONCURRENCY = 256               # open connections (or running requests) before uvicorn answers 503

_REASONS = {408: (b"Request Timeout", "RequestTimeout"), 413: (b"Payload Too Large", "RequestEntityTooLarge"),
            414: (b"URI Too Long", "RequestUriTooLong"),
            431: (b"Request Header Fields Too Large", "RequestHeaderFieldsTooLarge")}


def refusal_bytes(status: int, message: str) -> bytes:
    """A complete HTTP/1.1 reply with an ARM error envelope that closes the connection."""
    reason, code = _REASONS[status]
    body = json.dumps({"error": {"code": code, "message": message}}).encode()
    head = (b"HTTP/1.1 %d %s\r\ncontent-type: application/json\r\ncontent-length: %d\r\nconnection: close\r\n\r\n"
            % (status, reason, len(body)))
    return head + body
