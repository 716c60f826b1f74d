"""cms: the web editor at /admin/ (Decap CMS), configured from the content contract."""
