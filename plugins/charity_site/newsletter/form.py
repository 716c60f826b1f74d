"""The NEWSLETTER setting: provider presets, validated into the form to render. Pure.

A static site cannot keep addresses, so the form posts straight to the email
provider. Each preset knows its provider's form address and field names.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import quote, urlsplit

from ..settings import BadSetting

PROVIDERS = ("mailchimp", "buttondown", "listmonk", "generic")
COMMON_KEYS = {"provider", "provider_name", "privacy_url", "action", "ask_name"}
PRESET_KEYS = {
    "mailchimp": {"dc", "u", "id"},
    "buttondown": {"username"},
    "listmonk": {"root", "lists"},
    "generic": {"email_field", "name_field", "hidden", "honeypot"},
}
REQUIRED = {
    "mailchimp": ("dc", "u", "id"),
    "buttondown": ("username",),
    "listmonk": ("root", "lists"),
    "generic": ("action", "provider_name"),
}
HOW_TO_FIND = {
    "dc": "the part before '.list-manage.com' in your Mailchimp form, like 'us21'",
    "u": "the u=... value in your Mailchimp embedded form's action",
    "id": "the id=... value (the audience id) in your Mailchimp embedded form's action",
    "username": "your Buttondown newsletter's username",
    "root": "your listmonk address, like 'https://lists.example.org'",
    "lists": "a list of listmonk list UUIDs, like ['5a2b...']",
    "action": "the address your provider's form posts to",
    "provider_name": "the provider's name, for the consent text and privacy page",
}
DEFAULT_NAMES = {
    "mailchimp": "Mailchimp",
    "buttondown": "Buttondown",
    "listmonk": "listmonk",
}


NOT_SET = (
    "NEWSLETTER is not set: give your provider's details in pelicanconf.py, or "
    "NEWSLETTER = None to publish without a sign-up form (see docs/newsletter.md)"
)


class NewsletterSettingError(BadSetting):
    """A wrong NEWSLETTER setting; str() is the one line an editor reads."""


@dataclass(frozen=True)
class NewsletterForm:
    """Everything the sign-up form partial needs."""

    provider: str
    provider_name: str
    action: str
    email_field: str
    name_field: str | None
    hidden: tuple[tuple[str, str], ...]
    honeypot: str | None
    privacy_url: str | None


def _fail(message: str) -> NewsletterSettingError:
    return NewsletterSettingError(f"NEWSLETTER: {message} (see docs/newsletter.md)")


def _text(config: Mapping[str, object], key: str) -> str:
    value = config.get(key)
    if not isinstance(value, str) or not value.strip():
        raise _fail(f"'{key}' is missing: set it to {HOW_TO_FIND.get(key, 'a value')}")
    return value.strip()


def read_newsletter(config: object, *, publishing: bool) -> NewsletterForm | None:
    """Validate NEWSLETTER into a form (None when it is switched off on purpose)."""
    if config is None:
        return None
    if not isinstance(config, Mapping):
        raise _fail(
            "it must be a dict like {'provider': 'mailchimp', ...}, or None for no form"
        )
    provider = config.get("provider")
    if provider not in PROVIDERS:
        raise _fail(f"unknown provider {provider!r}: use one of {', '.join(PROVIDERS)}")
    unknown = sorted(set(config) - COMMON_KEYS - PRESET_KEYS[provider] - {"action"})
    if unknown:
        raise _fail(f"unknown key(s) {', '.join(unknown)} for provider '{provider}'")
    for key in REQUIRED[provider]:
        if key == "lists":
            continue
        _text(config, key)
    form = _PRESETS[provider](config)
    override = config.get("action")
    if override and provider != "generic":
        form = _replace_action(form, _text(config, "action"))
    _check_action(form.action, publishing)
    return form


def read_newsletter_setting(
    settings: Mapping[str, object], *, publishing: bool
) -> tuple[NewsletterForm | None, str]:
    """The form NEWSLETTER asks for, and what a preview goes on without.

    A missing or wrong setting raises in a publish; in a preview the form is
    left out (None) and the second value is the warning line to show.
    """
    try:
        if "NEWSLETTER" not in settings:
            raise NewsletterSettingError(NOT_SET)
        return read_newsletter(settings["NEWSLETTER"], publishing=publishing), ""
    except NewsletterSettingError as problem:
        if publishing:
            raise
        return None, f"pelicanconf.py: warning: {problem} (the form is left out)"


def _replace_action(form: NewsletterForm, action: str) -> NewsletterForm:
    return NewsletterForm(**{**form.__dict__, "action": action})


def _check_action(action: str, publishing: bool) -> None:
    parts = urlsplit(action)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise _fail(f"the form address {action!r} is not a web address")
    if publishing and parts.scheme != "https":
        raise _fail(
            f"the form address {action!r} is not https: a published form must "
            "send addresses encrypted"
        )


def _ask_name(config: Mapping[str, object]) -> bool:
    return bool(config.get("ask_name", False))


def _common(config: Mapping[str, object], provider: str) -> dict[str, object]:
    privacy = config.get("privacy_url")
    return {
        "provider": provider,
        "provider_name": str(
            config.get("provider_name") or DEFAULT_NAMES.get(provider, "")
        ),
        "privacy_url": str(privacy) if privacy else None,
    }


def _mailchimp(config: Mapping[str, object]) -> NewsletterForm:
    dc, u, list_id = (_text(config, k) for k in ("dc", "u", "id"))
    if not re.fullmatch(r"[a-z]{2}\d{1,3}", dc):
        raise _fail(f"'dc' is {dc!r}: set it to {HOW_TO_FIND['dc']}")
    return NewsletterForm(
        action=f"https://{dc}.list-manage.com/subscribe/post?u={quote(u)}&id={quote(list_id)}",
        email_field="EMAIL",
        name_field="FNAME" if _ask_name(config) else None,
        hidden=(),
        honeypot=f"b_{u}_{list_id}",  # Mailchimp's own bot trap
        **_common(config, "mailchimp"),
    )


def _buttondown(config: Mapping[str, object]) -> NewsletterForm:
    username = _text(config, "username")
    return NewsletterForm(
        action=f"https://buttondown.com/api/emails/embed-subscribe/{quote(username)}",
        email_field="email",
        name_field=None,
        hidden=(("embed", "1"),),
        # Buttondown has no honeypot field: it confirms each address by email instead.
        honeypot=None,
        **_common(config, "buttondown"),
    )


def _listmonk(config: Mapping[str, object]) -> NewsletterForm:
    root = _text(config, "root").rstrip("/")
    lists = config.get("lists")
    if (
        not isinstance(lists, list | tuple)
        or not lists
        or not all(isinstance(x, str) and x.strip() for x in lists)
    ):
        raise _fail(f"'lists' is missing or empty: set it to {HOW_TO_FIND['lists']}")
    return NewsletterForm(
        action=f"{root}/subscription/form",
        email_field="email",
        name_field="name" if _ask_name(config) else None,
        hidden=tuple(("l", x.strip()) for x in lists),
        honeypot="nonce",  # listmonk's bot trap: must arrive empty
        **_common(config, "listmonk"),
    )


def _generic(config: Mapping[str, object]) -> NewsletterForm:
    hidden = config.get("hidden") or {}
    if not isinstance(hidden, Mapping):
        raise _fail("'hidden' must be a dict of field names and values")
    name_field = config.get("name_field")
    honeypot = config.get("honeypot")
    return NewsletterForm(
        action=_text(config, "action"),
        email_field=str(config.get("email_field") or "email"),
        name_field=str(name_field) if name_field else None,
        hidden=tuple((str(k), str(v)) for k, v in hidden.items()),
        honeypot=str(honeypot) if honeypot else None,
        **_common(config, "generic"),
    )


_PRESETS = {
    "mailchimp": _mailchimp,
    "buttondown": _buttondown,
    "listmonk": _listmonk,
    "generic": _generic,
}
