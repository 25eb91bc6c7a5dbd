"""Who may edit: viewing is open; saving needs an Editor credential minted here after a verified login."""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import secrets
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass, field

from influence.edit import throttle
from influence.runtime import serverlog

SCHEME = "pbkdf2_sha256"
ITERATIONS = 600_000  # OWASP 2023 advice for PBKDF2-HMAC-SHA256
# A hash outside this range is refused at start-up: fewer is too cheap to guess offline, more stalls every
# login (900,000,000 iterations hung the server). The tests use the minimum to stay fast.
MIN_ITERATIONS = 100_000
MAX_ITERATIONS = 2_000_000
SALT_BYTES = 16
CONCURRENT_CHECKS = (
    2  # password checks running at once (each is ~0.15 s of one core): the map stays responsive
)
BUSY_WAIT_SECONDS = 10.0  # an attempt that cannot start a check within this is refused as "busy"
SESSION_SECONDS = 12 * 3600  # a credential expires; the editor logs in again after a working day

# Credentials are sealed with a key that lives only in this process: an Editor built anywhere else
# (or copied from another server) carries no valid seal and cannot save.
_KEY = secrets.token_bytes(32)
_CHECKS = threading.BoundedSemaphore(CONCURRENT_CHECKS)
THROTTLE = throttle.Throttle()
_HASH = re.compile(
    rf"{SCHEME}\$(?P<iterations>[0-9]{{1,10}})\$(?P<salt>[!-#%-~]{{1,128}})\$(?P<digest>[0-9a-fA-F]{{64}})"
)
_LOG = serverlog.logger()
DENIED = "Unknown user name or wrong password."

HOW_TO_ENABLE = (
    "Editing is off: no editors are configured. To enable it, add to `.streamlit/secrets.toml` either\n\n"
    '```toml\n[editors]\nalice = "pbkdf2_sha256$600000$<salt>$<hash>"\n```\n\n'
    "(make the value with `python cli.py hash-password`), or an OpenID Connect `[auth]` section with\n\n"
    '```toml\n[editors_oidc]\nemails = ["alice@example.org"]\n```\n\n'
    "then restart the app. See README.md, section Editing."
)


@dataclass(frozen=True)
class Editor:
    """Proof that a person logged in as an editor: only `login` and `login_oidc` make valid ones."""

    name: str
    method: str  # "password" or "oidc"
    issued_at: float
    seal: str = field(repr=False)


@dataclass(frozen=True)
class Config:
    """The editors allowed by the secrets: password hashes by user name and OIDC e-mail addresses."""

    passwords: Mapping[str, str]
    emails: frozenset[str]
    oidc: bool  # an [auth] section exists, so st.login can be offered
    problems: tuple[str, ...] = ()  # malformed entries, for the operator's log only (never shown to visitors)

    @property
    def cost(self) -> int:
        """Iterations every password check spends: the dearest configured hash, so timing names no user."""
        return max((_iterations(encoded) for encoded in self.passwords.values()), default=ITERATIONS)

    @property
    def enabled(self) -> bool:
        """True when at least one way to log in as an editor is configured."""
        return bool(self.passwords) or (self.oidc and bool(self.emails))


@dataclass(frozen=True)
class Denied:
    """A refused login, with the reason in plain words."""

    message: str


def configure(secrets_data: Mapping[str, object]) -> Config:
    """Read the editor configuration from a secrets mapping (st.secrets.to_dict()); bad entries are left out."""
    problems: list[str] = []
    editors = secrets_data.get("editors", {})
    if not isinstance(editors, Mapping):
        problems.append(f'[editors] must be a table of user = "hash" lines, not {type(editors).__name__}')
        editors = {}
    passwords: dict[str, str] = {}
    for name, value in editors.items():
        reason = hash_problem(value)
        if reason:
            problems.append(f"[editors] {str(name)!r} is ignored: {reason}")
        else:
            passwords[str(name).strip()] = str(value).strip()
    oidc_section = secrets_data.get("editors_oidc", {})
    listed = oidc_section.get("emails", ()) if isinstance(oidc_section, Mapping) else None
    if not isinstance(listed, list | tuple):
        problems.append('[editors_oidc] must be a table with emails = ["name@example.org", ...]')
        listed = ()
    emails = frozenset(str(e).strip().casefold() for e in listed if isinstance(e, str) and e.strip())
    problems += [
        f"[editors_oidc] emails: {e!r} is ignored: not a text" for e in listed if not isinstance(e, str)
    ]
    return Config(passwords, emails, "auth" in secrets_data, tuple(problems))


def hash_problem(value: object) -> str | None:
    """Why a configured value is not a usable password hash, in plain words (None when it is one)."""
    if not isinstance(value, str):
        return f"the value must be a quoted hash, not {type(value).__name__}"
    match = _HASH.fullmatch(value.strip())
    if match is None:
        return (
            "not a 'pbkdf2_sha256$iterations$salt$hash' value (a plain password or another format?): "
            "make one with `python cli.py hash-password`"
        )
    iterations = int(match["iterations"])
    if not MIN_ITERATIONS <= iterations <= MAX_ITERATIONS:
        return f"{iterations:,} iterations is outside the accepted {MIN_ITERATIONS:,}-{MAX_ITERATIONS:,}"
    return None


def hash_password(password: str, *, iterations: int = ITERATIONS, salt: str | None = None) -> str:
    """Encode a password as 'pbkdf2_sha256$iterations$salt$hash' for secrets.toml."""
    salt = salt or secrets.token_hex(SALT_BYTES)
    digest = hashlib.pbkdf2_hmac("sha256", password.encode("utf-8"), salt.encode("ascii"), iterations)
    return f"{SCHEME}${iterations}${salt}${digest.hex()}"


def verify_password(password: str, encoded: str, *, cost: int = 0) -> bool:
    """True when `password` matches an encoded hash (constant-time); the check spends at least `cost` iterations."""
    usable = hash_problem(encoded) is None
    match = _HASH.fullmatch(encoded.strip()) if usable else None
    iterations = int(match["iterations"]) if match else max(cost, 1)
    salt = match["salt"].encode("ascii") if match else b"0" * 32
    digest = hashlib.pbkdf2_hmac("sha256", password.encode("utf-8"), salt, iterations)
    if cost > iterations:
        # pad a cheaper (or unusable) hash to the common cost, so the answer's timing tells nothing
        hashlib.pbkdf2_hmac("sha256", password.encode("utf-8"), salt, cost - iterations)
    return bool(match) and hmac.compare_digest(digest.hex(), match["digest"].lower())


def login(config: Config, username: str, password: str, *, client: str = "unknown") -> Editor | Denied:
    """Check a user name and password, throttled per user and per client, with bounded concurrent checks."""
    name = username.strip()
    keys = throttle.keys(name, client)
    wait = THROTTLE.wait_seconds(keys)
    if wait > 0:
        return Denied(f"Too many failed logins: try again in {_duration(wait)}.")
    if not _CHECKS.acquire(timeout=BUSY_WAIT_SECONDS):
        _LOG.warning("login refused: %d password checks already running", CONCURRENT_CHECKS)
        return Denied("The server is busy checking other logins: try again in a moment.")
    try:
        encoded = config.passwords.get(name)
        matched = verify_password(password, encoded or "", cost=config.cost)
    finally:
        _CHECKS.release()
    if encoded is None or not matched:
        THROTTLE.failed(keys)
        return Denied(DENIED)
    THROTTLE.succeeded(keys)
    return _mint(name, "password")


def _iterations(encoded: str) -> int:
    match = _HASH.fullmatch(encoded)
    return int(match["iterations"]) if match else ITERATIONS


def _duration(seconds: float) -> str:
    whole = max(1, round(seconds))
    return f"{whole} s" if whole < 120 else f"{round(whole / 60)} minutes"


def login_oidc(config: Config, user: Mapping[str, object]) -> Editor | Denied:
    """Admit an OIDC-logged-in user (st.user as a dict) whose e-mail is on the editors list."""
    if not user.get("is_logged_in"):
        return Denied("Not logged in with the identity provider.")
    email = str(user.get("email") or "").strip().casefold()
    if user.get("email_verified") is False:
        return Denied(f"The identity provider has not verified {email}.")
    if not email or email not in config.emails:
        return Denied(f"{email or 'This account'} is not on the editors list ([editors_oidc] emails).")
    return _mint(email, "oidc")


def command_line(name: str) -> Editor:
    """The person at the shell running `cli.py import --into`, named for the audit log (they can write the
    events file directly anyway; the store still takes the lock, the backup and the audit line)."""
    return _mint(name.strip() or "command line", "command line")


def check(editor: object) -> str | None:
    """None when `editor` is a valid, unexpired credential from this process; else why not."""
    if not isinstance(editor, Editor):
        return "Saving needs an editor login."
    if not hmac.compare_digest(editor.seal, _seal(editor.name, editor.method, editor.issued_at)):
        return "This editor credential was not issued by this server: log in again."
    if time.time() - editor.issued_at > SESSION_SECONDS:
        return "The editor login has expired: log in again."
    return None


def _mint(name: str, method: str) -> Editor:
    issued_at = time.time()
    return Editor(name, method, issued_at, _seal(name, method, issued_at))


def _seal(name: str, method: str, issued_at: float) -> str:
    message = f"{name}\x00{method}\x00{issued_at!r}".encode()
    return base64.b64encode(hmac.new(_KEY, message, hashlib.sha256).digest()).decode("ascii")
