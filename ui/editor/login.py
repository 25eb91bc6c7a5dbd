"""Editor login on the Edit page: a password form and/or an OpenID Connect button (st.login)."""

from __future__ import annotations

import importlib.util
import uuid
from typing import Any

import streamlit as st

from influence.edit import access
from influence.runtime import serverlog
from ui.markup import literal

EDITOR = "edit_editor"
_REPORTED: set[tuple[str, ...]] = (
    set()
)  # problems already in the server log (once per process, not per rerun)


def secrets() -> dict[str, Any]:
    """st.secrets as a plain dict ({} when there is none or it cannot be read; the operator is told why)."""
    try:
        return st.secrets.to_dict()
    except st.errors.StreamlitSecretNotFoundError as failure:
        if "No secrets found" not in str(failure):  # a missing file just means editing is off
            _report((f"the secrets file cannot be read, editing is off: {failure}",))
        return {}
    except (FileNotFoundError, OSError) as failure:
        _report((f"the secrets file cannot be read, editing is off: {failure}",))
        return {}


def configuration() -> access.Config:
    """The editors the secrets allow; malformed entries are left out and logged for the operator."""
    config = access.configure(secrets())
    _report(config.problems)
    return config


def _report(problems: tuple[str, ...]) -> None:
    if problems and problems not in _REPORTED:
        _REPORTED.add(problems)
        for problem in problems:
            serverlog.logger().warning("secrets: %s", problem)


def current_editor(config: access.Config) -> access.Editor | None:
    """The logged-in editor of this session, after drawing the login or logout controls."""
    editor = st.session_state.get(EDITOR)
    if editor is not None and access.check(editor) is not None:
        st.warning(access.check(editor))
        st.session_state.pop(EDITOR)
        editor = None
    if editor is None and config.oidc and config.emails and _oidc_logged_in():
        admitted = access.login_oidc(config, st.user.to_dict())
        if isinstance(admitted, access.Denied):
            st.error(literal(admitted.message))
        else:
            editor = st.session_state[EDITOR] = admitted
    if editor is not None:
        _logout(editor)
        return editor
    if config.enabled:
        _login(config)
    return None


def _login(config: access.Config) -> None:
    with st.expander("Log in to edit", expanded=True):
        if config.oidc and config.emails:
            if importlib.util.find_spec("authlib") is None:
                st.warning("Single sign-on is configured but Authlib is not installed: pip install Authlib.")
            else:
                st.button("Log in with single sign-on", on_click=st.login, key="edit_oidc_login")
        if config.passwords:
            with st.form("edit_login_form", clear_on_submit=True):
                username = st.text_input("User name", key="edit_login_user")
                password = st.text_input("Password", type="password", key="edit_login_password")
                submitted = st.form_submit_button("Log in")
            if submitted:
                result = access.login(config, username, password, client=_client())
                if isinstance(result, access.Denied):
                    st.error(literal(result.message))
                else:
                    st.session_state[EDITOR] = result
                    st.rerun()


def _logout(editor: access.Editor) -> None:
    left, right = st.columns([4, 1])
    left.caption(f"Editing as **{literal(editor.name)}** ({literal(editor.method)} login).")
    if right.button("Log out", key="edit_logout"):
        st.session_state.pop(EDITOR, None)
        if editor.method == "oidc":
            st.logout()
        st.rerun()


def _oidc_logged_in() -> bool:
    try:
        return bool(st.user.is_logged_in)
    except (AttributeError, KeyError):
        return False


def _client() -> str:
    # the address the request came from (behind a proxy: the proxy's), else this browser session
    address = getattr(st.context, "ip_address", None)
    return str(address) if address else st.session_state.setdefault("edit_client", f"session {uuid.uuid4()}")
