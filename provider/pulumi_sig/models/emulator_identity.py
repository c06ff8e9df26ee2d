"""How an emulator proves who it is without revealing its token: shared by the emulator and the client."""
from __future__ import annotations

import hashlib
import hmac


def identity_proof(token: str, challenge: str, pid: int) -> str:
    """HMAC-SHA256 of the challenge and process id under the token: proves who answers, reveals nothing."""
    message = f"sig-emulator-health:{challenge}:{pid}".encode()
    return hmac.new(token.encode(), message, hashlib.sha256).hexdigest()


def proof_matches(token: str, challenge: str, pid: int, proof: str) -> bool:
    """Whether `proof` is the identity proof of `pid` for this token and challenge (constant-time)."""
    return hmac.compare_digest(proof.encode(), identity_proof(token, challenge, pid).encode())
