"""Pelican glue: write the web editor into /admin/ of the built site."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from pelican.generators import Generator

from ..build import Mode, state_of
from ..files.whole import write_bytes_whole
from ..layout import HASH
from ..problems import refuse_setting
from .config import config_yaml, editor_config
from .page import (
    ADMIN,
    CONFIG,
    PAGE,
    TOPICS,
    admin_page,
    hashed_name,
    preview_boxes,
)

HERE = Path(__file__).resolve().parent
EDITOR_JS = HERE / "editor.js"
# The editor page's own layout fixes (phones): Decap's styles, not the site's.
EDITOR_CSS = HERE / "editor.css"
# vendor/ sits beside plugins/ in the project (PLUGIN_PATHS names plugins/).
VENDOR = HERE.parents[2] / "vendor" / "decap-cms"
BUNDLE = VENDOR / "decap-cms.js"
NOTICES = VENDOR / "decap-cms.js.LICENSE.txt"  # the bundle's comment links to it
# The names this step gives its files: only these are ever removed.
HASHED = re.compile(rf"^(decap-cms|editor|site|boxes)\.{HASH}\.(js|css|json)$")
STYLE_TEMPLATE = "partials/site.css"  # the site's one stylesheet, for previews
# The theme's own boxes, shown in the preview pane as on the site.
WARNING_TEMPLATE = "partials/content_warning.html"
SUPPORT_TEMPLATE = "partials/support_box.html"


MISSING = (
    "the web editor's bundle {bundle} is missing: run "
    "`invoke vendor-cms --version X.Y.Z` (docs/cms.md)"
)


def editor_available() -> bool:
    """True when the vendored bundle is there to serve /admin/ from."""
    return BUNDLE.is_file()


def check_bundle(mode: Mode) -> None:
    """A missing bundle is one line before anything is read: it stops a publish
    or a check, but only leaves /admin/ out of a preview (the rest of the site
    is still worth looking at). CMS itself is read with every setting."""
    if editor_available():
        return
    if mode is Mode.PREVIEW:
        print(
            "warning: "
            + MISSING.format(bundle=BUNDLE)
            + "; this preview has no /admin/",
            flush=True,
        )
        return
    raise refuse_setting(ValueError(MISSING.format(bundle=BUNDLE)))


class CmsGenerator(Generator):
    """Writes /admin/: the page, config.yml from the contract, the scripts."""

    def generate_context(self) -> None:
        """Nothing to read."""

    def generate_output(self, writer) -> None:
        """Write the editor's files into the output folder."""
        state = state_of(self.context, self.settings)
        config = editor_config(
            state.conventions,
            state.site.cms,
            site_url=str(self.settings.get("SITEURL") or ""),
            # decap-server only ever for a preview: a published editor saves to git.
            local_backend=state.mode is Mode.PREVIEW,
        )
        output = Path(self.output_path)
        folder = output / ADMIN
        folder.mkdir(parents=True, exist_ok=True)
        bundle = BUNDLE.read_bytes()
        editor = EDITOR_JS.read_bytes()
        style = self.env.get_template(STYLE_TEMPLATE).render().encode()
        page_style = EDITOR_CSS.read_bytes()
        boxes = preview_boxes(
            self._render(WARNING_TEMPLATE, article={"content_warning": TOPICS}),
            self._render(SUPPORT_TEMPLATE),
        )
        names = {
            "decap": hashed_name("decap-cms.js", bundle),
            "editor": hashed_name("editor.js", editor),
            "style": hashed_name("site.css", style),
            "page_style": hashed_name("editor.css", page_style),
            "boxes": hashed_name("boxes.json", boxes),
        }
        for name, data in (
            (names["decap"], bundle),
            (names["editor"], editor),
            (names["style"], style),
            (names["page_style"], page_style),
            (names["boxes"], boxes),
        ):
            if not (folder / name).is_file():  # the name is the content's hash
                write_bytes_whole(folder / name, data)
        shutil.copyfile(NOTICES, folder / NOTICES.name)
        self._remove_old(folder, set(names.values()))
        page = admin_page(
            str(self.settings.get("SITENAME", "")),
            names["editor"],
            names["decap"],
            names["style"],
            f"../{self.settings.get('THEME_STATIC_DIR', 'theme')}/favicon.svg",
            page_style=names["page_style"],
            collections=tuple(c["name"] for c in config["collections"]),
            sensitive_terms=state.checks.sensitive_terms,
            boxes=names["boxes"],
        )
        write_bytes_whole(output / PAGE, page.encode())
        write_bytes_whole(output / CONFIG, config_yaml(config).encode())

    def _render(self, template: str, **values: object) -> str:
        """One of the theme's partials, with the site's settings (helplines)."""
        return self.env.get_template(template).render({**self.context, **values})

    @staticmethod
    def _remove_old(folder: Path, keep: set[str]) -> None:
        """A preview kept between builds drops the scripts of an older bundle."""
        for path in folder.iterdir():
            if HASHED.match(path.name) and path.name not in keep:
                path.unlink()
