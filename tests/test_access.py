"""Editor logins: password hashes, OIDC e-mail lists, credentials that only this module can mint."""

from __future__ import annotations

import dataclasses
import subprocess
import sys
import time
import tomllib
from pathlib import Path

import pytest

from influence import access

ROOT = Path(__file__).resolve().parent.parent
FAST = 1000  # iterations: enough to exercise the format, cheap enough for tests


def config() -> access.Config:
    """Two password editors and one OIDC editor."""
    return access.configure(
        {
            "editors": {
                "alice": access.hash_password("correct horse", iterations=FAST),
                "bob": access.hash_password("battery staple", iterations=FAST),
            },
            "auth": {"client_id": "x"},
            "editors_oidc": {"emails": ["Carol@Example.org"]},
        }
    )


def test_hash_has_the_documented_format_and_verifies() -> None:
    encoded = access.hash_password("secret pw", iterations=FAST, salt="abc")
    scheme, iterations, salt, digest = encoded.split("$")
    assert (scheme, iterations, salt, len(digest)) == ("pbkdf2_sha256", "1000", "abc", 64)
    assert access.verify_password("secret pw", encoded)
    assert not access.verify_password("secret pX", encoded)
    assert access.hash_password("secret pw", iterations=FAST) != encoded  # a fresh random salt each time


@pytest.mark.parametrize(
    "encoded",
    [
        "",
        "plain",
        "md5$1000$abc$00",
        "pbkdf2_sha256$x$abc$00",
        "pbkdf2_sha256$10$abc$00",
        "pbkdf2_sha256$1000$é$00",
    ],
)
def test_malformed_hashes_never_verify(encoded: str) -> None:
    assert access.verify_password("anything", encoded) is False


def test_password_login_mints_a_valid_credential() -> None:
    editor = access.login(config(), " alice ", "correct horse")
    assert isinstance(editor, access.Editor) and (editor.name, editor.method) == ("alice", "password")
    assert access.check(editor) is None


@pytest.mark.parametrize(("user", "password"), [("alice", "battery staple"), ("mallory", "correct horse")])
def test_wrong_password_or_unknown_user_gets_the_same_answer(user: str, password: str) -> None:
    assert access.login(config(), user, password) == access.Denied("Unknown user name or wrong password.")


def test_oidc_admits_listed_verified_emails_only() -> None:
    admitted = access.login_oidc(config(), {"is_logged_in": True, "email": "carol@example.org"})
    assert isinstance(admitted, access.Editor) and admitted.method == "oidc"
    outsider = access.login_oidc(config(), {"is_logged_in": True, "email": "eve@example.org"})
    assert isinstance(outsider, access.Denied) and "not on the editors list" in outsider.message
    unverified = {"is_logged_in": True, "email": "carol@example.org", "email_verified": False}
    assert isinstance(access.login_oidc(config(), unverified), access.Denied)
    assert isinstance(access.login_oidc(config(), {"is_logged_in": False}), access.Denied)


def test_forged_tampered_and_expired_credentials_are_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    real = access.login(config(), "alice", "correct horse")
    assert isinstance(real, access.Editor)
    assert access.check(None) == "Saving needs an editor login."
    assert "not issued by this server" in access.check(access.Editor("alice", "password", time.time(), "x"))
    assert "not issued" in access.check(dataclasses.replace(real, name="bob"))
    monkeypatch.setattr(access.time, "time", lambda: real.issued_at + access.SESSION_SECONDS + 1)
    assert "expired" in access.check(real)


def test_no_configuration_means_read_only_with_instructions() -> None:
    empty = access.configure({})
    assert (
        not empty.enabled and "[editors]" in access.HOW_TO_ENABLE and "hash-password" in access.HOW_TO_ENABLE
    )
    assert not access.configure(
        {"editors_oidc": {"emails": ["a@b.c"]}}
    ).enabled  # no [auth]: st.login cannot work
    assert config().enabled


def test_hash_password_command_prints_a_line_that_logs_in() -> None:
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys, cli; sys.exit(cli.main(sys.argv[1:]))",
            "hash-password",
            "dana",
            "--stdin",
        ],
        input="long enough pw\n",
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    secrets = tomllib.loads("[editors]\n" + result.stdout)
    assert isinstance(access.login(access.configure(secrets), "dana", "long enough pw"), access.Editor)
