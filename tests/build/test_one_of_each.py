"""One sign-up form a page, the newsletter page leading with it, topics once."""

from __future__ import annotations

from collections import Counter


def test_no_page_has_two_sign_up_forms_or_two_landmarks_of_one_name(published_site):
    for path in published_site.html_files():
        address = path.relative_to(published_site.output).as_posix()
        tree = published_site.page(address)
        assert len(tree.xpath("//form[contains(@class,'newsletter-form')]")) <= 1, path
        names = Counter()
        for landmark in tree.xpath("//nav | //aside | //section[@aria-labelledby]"):
            label = landmark.get("aria-label")
            if label is None and landmark.get("aria-labelledby"):
                (heading,) = tree.xpath(f"//*[@id='{landmark.get('aria-labelledby')}']")
                label = heading.text_content().strip()
            names[(landmark.tag, label)] += 1
        assert all(count == 1 for count in names.values()), (path, names)


def test_a_post_with_its_own_form_leaves_the_footers_out(published_site):
    post = published_site.page("news/co-production-week-2025/")
    (form,) = post.xpath("//form[contains(@class,'newsletter-form')]")
    assert form.xpath("ancestor::article"), "the post's own form, not the footer's"
    home = published_site.page("")
    (footer_form,) = home.xpath("//form[contains(@class,'newsletter-form')]")
    assert footer_form.xpath("ancestor::footer")


def test_the_newsletter_page_leads_with_its_form(published_site):
    page = published_site.page("newsletter/")
    main = page.xpath("//main")[0]
    first_form = main.xpath(".//form[contains(@class,'newsletter-form')]")[0]
    paragraphs = main.xpath(".//div[contains(@class,'post-body')]//p")
    assert paragraphs, "the page has text"
    order = list(main.iter())
    assert order.index(first_form) < order.index(paragraphs[0])


def test_each_topic_is_shown_once_on_a_post(published_site):
    post = published_site.page("news/co-production-week-2025/")
    inline = [a.text for a in post.xpath("//p[@class='hashtags']/a")]
    listed = [a.text for a in post.xpath("//nav[@aria-label='Topics']//a")]
    assert inline and not set(inline) & set(listed)
    shown = Counter(
        a.get("href") for a in post.xpath("//main//a[contains(@href,'/tags/')]")
    )
    assert all(count == 1 for count in shown.values()), shown
