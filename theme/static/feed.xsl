<?xml version="1.0" encoding="utf-8"?>
<!-- Shows a feed opened in a browser as a readable page instead of raw XML. -->
<xsl:stylesheet version="1.0"
  xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:atom="http://www.w3.org/2005/Atom">
  <xsl:output method="html" encoding="utf-8" doctype-system="about:legacy-compat"/>
  <xsl:template match="/">
    <html lang="en-GB">
      <head>
        <meta charset="utf-8"/>
        <meta name="viewport" content="width=device-width, initial-scale=1"/>
        <title><xsl:value-of select="/rss/channel/title | /atom:feed/atom:title"/> (feed)</title>
        <style>
          body{margin:0 auto;max-width:44rem;padding:1rem;font:1.0625rem/1.6 system-ui,sans-serif;color:#1f2328;background:#fffdf8}
          a{color:#1c4f8f}.note{background:#f3efe6;border:1px solid #d9d3c7;border-radius:.5rem;padding:.5rem 1rem}
          li{margin:.75rem 0}.meta{color:#4a4f57;font-size:.95rem}
          @media (prefers-color-scheme:dark){body{background:#15181d;color:#ecebe8}a{color:#9cc6ff}.note{background:#1f242b;border-color:#3a414b}.meta{color:#c2c5cb}}
        </style>
      </head>
      <body>
        <main>
          <div class="note">
            <p><strong>This is a feed.</strong> Copy this page's address into a feed reader to
              get new posts as they come out.
              <a href="{concat(substring-before(/rss/channel/atom:link[@rel='self']/@href | /atom:feed/atom:link[@rel='self']/@href, '/feeds/'), '/feeds/')}">What feeds are and how to use them</a>.</p>
          </div>
          <h1><xsl:value-of select="/rss/channel/title | /atom:feed/atom:title"/></h1>
          <p><xsl:value-of select="/rss/channel/description | /atom:feed/atom:subtitle"/></p>
          <ul>
            <xsl:for-each select="/rss/channel/item">
              <li>
                <a href="{link}"><xsl:value-of select="title"/></a>
                <div class="meta"><xsl:value-of select="substring(pubDate, 6, 11)"/></div>
                <div><xsl:value-of select="description"/></div>
              </li>
            </xsl:for-each>
            <xsl:for-each select="/atom:feed/atom:entry">
              <li>
                <a href="{atom:link[@rel='alternate']/@href | atom:link[not(@rel)]/@href}"><xsl:value-of select="atom:title"/></a>
                <div class="meta"><xsl:value-of select="substring(atom:published, 1, 10)"/></div>
                <div><xsl:value-of select="atom:summary"/></div>
              </li>
            </xsl:for-each>
          </ul>
        </main>
      </body>
    </html>
  </xsl:template>
</xsl:stylesheet>
