"""Editor logins: password hashes, OIDC e-mail lists, credentials that only this module can mint."""

from __future__ import annotations

import dataclasses
import hashlib
import subprocess
import sys
import threading
import time
import tomllib
from pathlib import Path

import pytest

from influence.edit import access, throttle

ROOT = Path(__file__).resolve().parents[2]
FAST = access.MIN_ITERATIONS  # the cheapest accepted hash keeps the tests fast


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
    assert (scheme, iterations, salt, len(digest)) == ("pbkdf2_sha256", str(FAST), "abc", 64)
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


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """A fresh login throttle on a clock the test moves by hand: clock[0] is 'now' in seconds."""
    now = [1000.0]
    monkeypatch.setattr(access, "THROTTLE", throttle.Throttle(clock=lambda: now[0]))
    return now


def test_wrong_passwords_back_off_then_lock_out_even_the_right_one(clock: list[float]) -> None:
    answers = [access.login(config(), "alice", f"guess {n}", client="10.0.0.9") for n in range(4)]
    assert all(answer == access.Denied(access.DENIED) for answer in answers)
    refused = access.login(config(), "alice", "correct horse", client="10.0.0.9")
    assert isinstance(refused, access.Denied) and "try again in 1 s" in refused.message
    clock[0] += 1.1  # the back-off doubles after each further failure
    assert isinstance(access.login(config(), "alice", "guess 5", client="10.0.0.9"), access.Denied)
    assert "try again in 2 s" in access.login(config(), "alice", "correct horse", client="10.0.0.9").message
    for _ in range(throttle.LOCKOUT_FAILURES):
        clock[0] += throttle.MAX_DELAY_SECONDS + 1
        access.login(config(), "alice", "wrong", client="10.0.0.9")
    clock[0] += throttle.MAX_DELAY_SECONDS + 1
    locked = access.login(config(), "alice", "correct horse", client="10.0.0.9")
    assert isinstance(locked, access.Denied) and "minutes" in locked.message
    clock[0] += throttle.LOCKOUT_SECONDS + 1
    assert isinstance(access.login(config(), "alice", "correct horse", client="10.0.0.9"), access.Editor)


def test_throttling_is_per_user_and_per_client(clock: list[float]) -> None:
    for n in range(throttle.FREE_FAILURES + 1):  # one client tries many names: the client is slowed
        access.login(config(), f"user{n}", "x", client="10.0.0.66")
    assert "try again" in access.login(config(), "bob", "battery staple", client="10.0.0.66").message
    for n in range(throttle.FREE_FAILURES + 1):  # many clients try one name: the name is slowed
        access.login(config(), "alice", "x", client=f"10.0.1.{n}")
    assert "try again" in access.login(config(), "alice", "correct horse", client="10.0.2.1").message
    # an unknown name is throttled exactly like a real one, so the answers never say which names exist
    for n in range(throttle.FREE_FAILURES + 1):
        access.login(config(), "mallory", "x", client=f"10.0.3.{n}")
    assert "try again" in access.login(config(), "mallory", "x", client="10.0.4.1").message
    # anyone else is not slowed at all
    assert isinstance(access.login(config(), "bob", "battery staple", client="10.0.5.1"), access.Editor)


def test_back_off_and_lock_out_are_logged_for_the_operator(
    clock: list[float], caplog: pytest.LogCaptureFixture
) -> None:
    for _ in range(throttle.LOCKOUT_FAILURES):
        clock[0] += throttle.MAX_DELAY_SECONDS + 1
        access.login(config(), "alice", "wrong", client="10.0.0.9")
    messages = [record.getMessage() for record in caplog.records if record.levelname == "WARNING"]
    assert any("back-off started: user:'alice'" in message for message in messages)
    assert any("locked out" in message and "client:'10.0.0.9'" in message for message in messages)


def test_password_checks_run_at_most_a_few_at_once(
    monkeypatch: pytest.MonkeyPatch, clock: list[float]
) -> None:
    running, most = [0], [0]
    guard = threading.Lock()
    real = hashlib.pbkdf2_hmac

    def counted(*arguments: object) -> bytes:
        with guard:
            running[0] += 1
            most[0] = max(most[0], running[0])
        try:
            return real(*arguments)
        finally:
            with guard:
                running[0] -= 1

    monkeypatch.setattr(access.hashlib, "pbkdf2_hmac", counted)
    setup = config()
    threads = [
        threading.Thread(target=access.login, args=(setup, "alice", "x"), kwargs={"client": f"c{n}"})
        for n in range(12)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert 1 <= most[0] <= access.CONCURRENT_CHECKS


def test_every_check_costs_the_same_whatever_the_stored_hash(monkeypatch: pytest.MonkeyPatch) -> None:
    spent: list[int] = []
    real = hashlib.pbkdf2_hmac

    def counted(name: str, password: bytes, salt: bytes, iterations: int) -> bytes:
        spent[-1] += iterations
        return real(name, password, salt, iterations)

    setup = access.configure(
        {
            "editors": {
                "alice": access.hash_password("pw", iterations=FAST),
                "bob": access.hash_password("pw", iterations=FAST * 2),
                "plain": "hunter2",
                "weak": access.hash_password("pw", iterations=10),
            }
        }
    )
    monkeypatch.setattr(access.hashlib, "pbkdf2_hmac", counted)
    for user in ("alice", "bob", "plain", "weak", "nobody"):
        spent.append(0)
        access.verify_password("wrong", setup.passwords.get(user, ""), cost=setup.cost)
    assert spent == [FAST * 2] * 5  # a cheap, malformed or missing hash answers no sooner than a real one


def test_iterations_outside_the_declared_range_are_refused_not_run() -> None:
    huge = f"pbkdf2_sha256$900000000${'a' * 32}${'0' * 64}"
    setup = access.configure({"editors": {"alice": huge, "bob": access.hash_password("pw", iterations=FAST)}})
    assert list(setup.passwords) == ["bob"]
    assert any("'alice'" in problem and "900,000,000 iterations" in problem for problem in setup.problems)
    started = time.monotonic()
    assert access.login(setup, "alice", "pw", client="t") == access.Denied(access.DENIED)
    assert time.monotonic() - started < 5  # 900,000,000 iterations would take minutes


@pytest.mark.parametrize(
    ("secrets", "named"),
    [
        ({"editors": "alice"}, "[editors] must be a table"),
        ({"editors": {"alice": "correct horse"}}, "plain password"),
        ({"editors": {"alice": 12}}, "not int"),
        ({"editors": {"alice": "pbkdf2_sha256$600000$salt$short"}}, "'alice' is ignored"),
        ({"editors_oidc": "a@b.c"}, "[editors_oidc] must be a table"),
        ({"editors_oidc": {"emails": "a@b.c"}}, "[editors_oidc] must be a table"),
    ],
)
def test_malformed_editor_entries_are_named_for_the_operator(secrets: dict, named: str) -> None:
    setup = access.configure(secrets)  # never raises: a visitor must not see a traceback
    assert not setup.passwords and any(named in problem for problem in setup.problems), setup.problems
