"""Who may edit: viewing is open; saving needs an Editor credential minted here after a verified login."""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
import time
from collections.abc import Mapping
from dataclasses import dataclass, field

SCHEME = "pbkdf2_sha256"
ITERATIONS = 600_000  # OWASP 2023 advice for PBKDF2-HMAC-SHA256
MIN_ITERATIONS = 1_000
SALT_BYTES = 16
SESSION_SECONDS = 12 * 3600  # a credential expires; the editor logs in again after a working day

# Credentials are sealed with a key that lives only in this process: an Editor built anywhere else
# (or copied from another server) carries no valid seal and cannot save.
_KEY = secrets.token_bytes(32)
# Checked instead of a real hash for unknown users, so timing does not reveal which names exist.
_DUMMY = f"{SCHEME}${ITERATIONS}${'0' * 32}${'0' * 64}"

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

    @property
    def enabled(self) -> bool:
        """True when at least one way to log in as an editor is configured."""
        return bool(self.passwords) or (self.oidc and bool(self.emails))


@dataclass(frozen=True)
class Denied:
    """A refused login, with the reason in plain words."""

    message: str


def configure(secrets_data: Mapping[str, object]) -> Config:
    """Read the editor configuration from a secrets mapping (st.secrets.to_dict())."""
    editors = secrets_data.get("editors") or {}
    passwords = {str(name): str(value) for name, value in dict(editors).items() if isinstance(value, str)}
    oidc_section = secrets_data.get("editors_oidc") or {}
    emails = frozenset(
        str(e).strip().casefold() for e in dict(oidc_section).get("emails", ()) if str(e).strip()
    )
    return Config(passwords, emails, oidc="auth" in secrets_data)


def hash_password(password: str, *, iterations: int = ITERATIONS, salt: str | None = None) -> str:
    """Encode a password as 'pbkdf2_sha256$iterations$salt$hash' for secrets.toml."""
    salt = salt or secrets.token_hex(SALT_BYTES)
    digest = hashlib.pbkdf2_hmac("sha256", password.encode("utf-8"), salt.encode("ascii"), iterations)
    return f"{SCHEME}${iterations}${salt}${digest.hex()}"


def verify_password(password: str, encoded: str) -> bool:
    """True when `password` matches an encoded hash (constant-time comparison)."""
    parts = encoded.split("$")
    if len(parts) != 4 or parts[0] != SCHEME or not parts[1].isdigit() or int(parts[1]) < MIN_ITERATIONS:
        return False
    try:
        salt = parts[2].encode("ascii")
    except UnicodeEncodeError:
        return False
    digest = hashlib.pbkdf2_hmac("sha256", password.encode("utf-8"), salt, int(parts[1]))
    return hmac.compare_digest(digest.hex(), parts[3].strip().lower())


def login(config: Config, username: str, password: str) -> Editor | Denied:
    """Check a user name and password against the configured hashes."""
    encoded = config.passwords.get(username.strip())
    matched = verify_password(password, encoded or _DUMMY)
    if encoded is None or not matched:
        return Denied("Unknown user name or wrong password.")
    return _mint(username.strip(), "password")


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
