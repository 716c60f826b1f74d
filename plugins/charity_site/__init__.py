"""The site's one Pelican plugin: register() connects every step (plugin.py)."""


def register() -> None:
    """Connect every step to Pelican's signals, in pipeline order (plugin.py).

    Imported here, not at the top: the launcher's nothing-changed check
    imports this package's pure modules, and must not load Pelican to do it.
    """
    from .plugin import register as connect

    connect()


__all__ = ["register"]
