"""The sitemap: every page a search engine should know, dated by its content."""
