"""Every page type, served with the site's Content-Security-Policy, loads in
Chromium with no policy violation, and with its inline stylesheet applied: by
nginx (deploy/nginx.conf), and as a host that reads `_headers` serves it
(Cloudflare Pages: every matching rule joined, in order)."""

from __future__ import annotations

from pathlib import Path

import pytest

from support.ci import require
from support.host_headers import serve_as_host
from support.nginx import NGINX, free_port, nginx_serving
from support.site import build

PAGES = (
    "/",
    "/news/",
    "/news/co-production-week-2025/",
    "/stories/dan-finding-my-voice/",
    "/about/",
    "/get-help/",
    "/newsletter/",
    "/privacy/",
    "/tags/",
    "/tags/cpslmind/",
    "/authors/cpsl-mind/",
    "/archives/",
    "/feeds/",
    "/events/",
    "/no-such-page/",
)
COLLECT = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__violations.push(event.violatedDirective + " " + event.blockedURI);
});
"""


@pytest.fixture(scope="module")
def published(sample_content: Path, tmp_path_factory, cache: Path):
    """The sample site published for one local address (its links are absolute)."""
    port = free_port()
    work = tmp_path_factory.mktemp("csp")
    base = f"http://127.0.0.1:{port}"
    result = build(
        sample_content, work / "site", "publishconf.py", siteurl=base, cache=cache
    )
    assert result.returncode == 0, result.log
    return work, port


# The host that reads `_headers` first: its server lets go of the port at once,
# and nginx then serves the same folder at the same address.
@pytest.fixture(scope="module", params=["joining-host", "nginx"])
def under_host(request, published):
    work, port = published
    if request.param == "nginx":
        if not Path(NGINX).exists():
            require("nginx", "nginx is not installed (apt-get install nginx)")
        with nginx_serving(work / "site", work, port) as url:
            yield url
    else:
        with serve_as_host(work / "site", port) as url:
            yield url


@pytest.mark.browser
def test_no_page_type_breaks_the_content_security_policy(under_host, page):
    messages: list[str] = []
    page.on(
        "console",
        lambda message: (
            messages.append(message.text)
            if "Content Security Policy" in message.text
            else None
        ),
    )
    page.add_init_script(COLLECT)
    for path in PAGES:
        response = page.goto(under_host + path)
        assert response is not None
        # Exactly one policy: a second (the editor's, joined in) would be
        # enforced as well and block what the site's allows.
        policies = [
            h["value"]
            for h in response.headers_array()
            if h["name"].lower() == "content-security-policy"
        ]
        assert len(policies) == 1, (path, policies)
        assert "script-src 'self';" in policies[0], path
        page.wait_for_load_state("load")
        assert page.evaluate("window.__violations") == [], path
        # The inline stylesheet ran: the skip link is moved off screen by it.
        left = page.evaluate(
            "getComputedStyle(document.querySelector('.skip-link')).position"
        )
        assert left != "static", path
    assert messages == []


@pytest.mark.browser
def test_pictures_load_under_the_policy(under_host, page):
    page.goto(under_host + "/news/co-production-week-2025/")
    page.wait_for_load_state("load")
    images = page.query_selector_all("main img")
    assert images, "the article has pictures"
    for image in images:
        image.scroll_into_view_if_needed()
        image.evaluate("img => img.decode()")
        assert image.evaluate("img => img.naturalWidth") > 0


@pytest.mark.browser
def test_the_editor_starts_under_its_own_policy(under_host, page):
    """Decap CMS loads its configuration and shows its login with no violation.

    Its own policy allows what it was found to need in Chromium: 'unsafe-eval'
    (its configuration is checked by compiled schemas) and inline styles.
    """
    messages: list[str] = []
    page.on("console", lambda message: messages.append(message.text))
    page.add_init_script(COLLECT)
    response = page.goto(under_host + "/admin/")
    assert response is not None
    assert "'unsafe-eval'" in response.headers["content-security-policy"]
    page.get_by_role("button", name="Login with GitHub").wait_for()
    assert page.evaluate("window.__violations") == []
    assert not [m for m in messages if "Content Security Policy" in m]
    assert not [m for m in messages if "Error loading the CMS configuration" in m]
