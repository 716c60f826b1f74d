"""Old addresses lead to new ones: Aliases: headers and content/redirects.txt
become the host's _redirects file and a page at each old address."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import html

from charity_site.redirects.model import (
    Redirect,
    check_redirects,
    fallback_path,
    parse_redirects_file,
)
from support.site import SITEURL, site_conventions

LAYOUT = site_conventions().layout


def test_a_publish_writes_the_host_file_and_a_page_at_each_old_address(verdicts):
    site = verdicts["hostile-posts/aliases"].site
    assert (site / "_redirects").read_text(encoding="utf-8").splitlines()[1:] == [
        "/2019/05/a-post/ /news/post/ 301",
        "/a-post.html /news/post/ 301",
        "/about-us/ /news/post/ 301",
    ]
    for old in ("2019/05/a-post/index.html", "a-post.html", "about-us/index.html"):
        page = html.fromstring((site / old).read_bytes())
        target = f"{SITEURL}/news/post/"
        assert page.xpath("string(//meta[@http-equiv='refresh']/@content)") == (
            f"0; url={target}"
        )
        assert page.xpath("string(//link[@rel='canonical']/@href)") == target
        assert page.xpath("string(//meta[@name='robots']/@content)") == "noindex"
        assert page.xpath("string(//a/@href)") == target


def test_each_broken_redirect_is_one_line_and_refuses_the_publish(verdicts):
    verdict = verdicts["hostile-posts/redirects-broken"]
    lines = [
        row for row in verdict.check.stdout.splitlines() if "[bad-redirect]" in row
    ]
    assert [row.split(" — ")[0] for row in lines] == [
        "redirects.txt:1: error: /a/ leads round in a loop of redirects",
        "redirects.txt:2: error: /b/ leads round in a loop of redirects",
        "redirects.txt:3: error: /old/ leads to /news/missing/, which is not a page "
        "the site has",
        "redirects.txt:4: error: /news/post/ is a page the site has, so it cannot be "
        "redirected",
        "redirects.txt:5: error: /x/ leads to itself",
        "redirects.txt:6: error: 'not-a-path' is not an address on this site",
    ]
    assert verdict.publish.returncode == 1


def test_a_chain_of_redirects_is_written_straight_to_its_end():
    redirects, problems = parse_redirects_file("/a/ /b/\n/b/ /c/\n# note\n\n")
    assert problems == []
    final, refused = check_redirects(redirects, {"/c/"}, LAYOUT)
    assert refused == []
    assert [(r.old, r.new) for r in final] == [("/a/", "/c/"), ("/b/", "/c/")]


def test_an_address_without_a_slash_and_with_one_are_the_same_page():
    taken = Redirect("/about", "/news/", "redirects.txt", 1)
    _final, refused = check_redirects([taken], {"/about/", "/news/"}, LAYOUT)
    assert [p.rule for p in refused] == ["bad-redirect"]
    assert fallback_path("/old") == "old/index.html"
    assert fallback_path("/old.html") == "old.html"
    assert fallback_path("/a/b/") == "a/b/index.html"


def test_every_publish_the_tests_make_is_read_by_nginx_t_which_can_fail(tmp_path):
    """support.site.build and the verdicts run `nginx -t` on each publish's include;
    this shows the check refuses an include that nginx cannot read."""
    from support.ci import require
    from support.nginx import NGINX, assert_nginx_accepts

    if not Path(NGINX).is_file():
        require("nginx", "nginx is not installed (apt-get install nginx)")
    site = tmp_path / "site"
    site.mkdir()
    (site / "_nginx.conf").write_text('location = /a"; { return 301 /b/; }\n')
    with pytest.raises(AssertionError, match="nginx -t refused"):
        assert_nginx_accepts(site)
    (site / "_nginx.conf").write_text("location = /a/ { return 301 /b/; }\n")
    assert_nginx_accepts(site)
