"""Emulator tokens: signed JWTs whose claims name the principal; tampered or expired ones are refused."""
from __future__ import annotations

from pulumi_sig.emulator.identity import Principal, mint_token, principal_of, read_token

KEY = b"k" * 32


def test_a_minted_token_reads_back_as_its_principal() -> None:
    alice = Principal(object_id="11111111-1111-1111-1111-111111111111", name="alice", kind="User")
    token = mint_token(alice, key=KEY, audience="https://management.azure.com/", issuer="https://sts/t/", now=1000)
    assert token.count(".") == 2
    claims = read_token(token, key=KEY, now=1001)
    assert claims is not None and principal_of(claims) == alice


def test_tampered_foreign_and_expired_tokens_are_refused() -> None:
    token = mint_token(Principal(object_id="a"), key=KEY, audience="aud", issuer="iss", now=1000)
    header, body, signature = token.split(".")
    assert read_token(f"{header}.{body}x.{signature}", key=KEY, now=1001) is None
    assert read_token(token, key=b"other" * 8, now=1001) is None
    assert read_token(token, key=KEY, now=1000 + 3601) is None
    assert read_token("not-a-jwt", key=KEY) is None
